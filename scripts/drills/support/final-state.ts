import type { World } from "./world.ts";

// A world's final state, normalised so two worlds that lived through the same store activity can be compared: keyed
// by channel kind + order number and by SKU and location name, never by database or store ids, and without
// timestamps. Movements are summed per item, location and kind, on hand only; committed is summed over all kinds
// ("committed, all kinds"), since how a line's reservation got to its target depends on the order the channel's news
// arrived in, not on what it said: one reserve, or a reserve and a release when an older snapshot was applied first;
// a shipment releasing what it ships, or shipping units an order snapshot that already counted them never reserved.

export type FinalState = {
  orders: Record<string, unknown>;
  stock: Record<string, { onHand: number; committed: number; available: number }>;
  /** On hand moved per item, location and kind; committed per item and location over all kinds. */
  movements: Record<string, number>;
  listings: Record<string, { desired: number | null; state: string }>;
  oversells: Record<string, number>;
  shopifyStore: Record<string, number>;
  wooStore: Record<string, number | null>;
};

/** What the inbox did with the events it stored, per channel kind and status (not compared: echoes vary). */
export type InboxCounts = Record<string, number>;

/** Kinds that only move committed: in the committed total only. */
const RESERVATION_KINDS = new Set(["reserve", "release"]);

export async function finalState(world: World): Promise<FinalState> {
  const db = world.cluster.db;
  const shopId = world.shopId;
  const [channels, locations, items] = await Promise.all([
    db.channel.findMany({ where: { shopId }, select: { id: true, kind: true } }),
    db.location.findMany({ where: { shopId }, select: { id: true, name: true } }),
    db.inventoryItem.findMany({ where: { shopId }, select: { id: true, sku: true } }),
  ]);
  const kindOf = new Map(channels.map((channel) => [channel.id, channel.kind]));
  const locationName = new Map(locations.map((location) => [location.id, location.name]));
  const skuOf = new Map(items.map((item) => [item.id, item.sku]));
  const where = (itemId: string, locationId: string | null) =>
    `${skuOf.get(itemId) ?? itemId} @ ${locationId ? (locationName.get(locationId) ?? locationId) : "-"}`;

  const stock: FinalState["stock"] = {};
  for (const level of await db.stockLevel.findMany({ where: { shopId } })) {
    const { onHand, committed } = level;
    stock[where(level.itemId, level.locationId)] = { onHand, committed, available: onHand - committed };
  }

  const movements: FinalState["movements"] = {};
  const sums = await db.stockMovement.groupBy({
    by: ["itemId", "locationId", "kind"],
    where: { shopId },
    _sum: { onHandDelta: true, committedDelta: true },
  });
  for (const row of sums) {
    const place = where(row.itemId, row.locationId);
    if (!RESERVATION_KINDS.has(row.kind)) movements[`${place} ${row.kind}`] = row._sum.onHandDelta ?? 0;
    const committed = `${place} committed, all kinds`;
    movements[committed] = (movements[committed] ?? 0) + (row._sum.committedDelta ?? 0);
  }

  const listings: FinalState["listings"] = {};
  for (const listing of await db.channelListing.findMany({ where: { shopId } })) {
    listings[`${kindOf.get(listing.channelId)}:${skuOf.get(listing.itemId)}`] = {
      desired: listing.desiredQty,
      state: listing.syncState,
    };
  }

  const oversells: FinalState["oversells"] = {};
  // Open ones only: one resolved since depends on when its stock arrived, not on where the world ended.
  for (const row of await db.oversell.findMany({ where: { shopId, resolvedAt: null } })) {
    const key = skuOf.get(row.itemId) ?? row.itemId;
    oversells[key] = (oversells[key] ?? 0) + row.quantityShort;
  }

  return {
    orders: await orderStates(world, kindOf, locationName),
    stock,
    movements,
    listings,
    oversells,
    shopifyStore: shopifyStock(world),
    wooStore: wooStock(world),
  };
}

async function orderStates(world: World, kindOf: Map<string, string>, locationName: Map<string, string>) {
  const db = world.cluster.db;
  const orders = await db.order.findMany({
    where: { shopId: world.shopId },
    include: {
      lines: true,
      fulfillments: { include: { lines: true } },
      refunds: true,
      returns: { include: { lines: true } },
    },
  });
  const out: Record<string, unknown> = {};
  for (const order of orders) {
    const lineKey = new Map(order.lines.map((line) => [line.id, line.sku ?? line.title]));
    const place = (id: string | null) => (id ? (locationName.get(id) ?? id) : null);
    out[`${kindOf.get(order.channelId)}:${order.name}`] = {
      status: order.status,
      financial: order.financialStatus,
      fulfilment: order.fulfillmentStatus,
      cancelled: order.cancelledAt !== null,
      units: order.units,
      totalMinor: order.totalMinor,
      needsMapping: order.needsMapping,
      lines: Object.fromEntries(
        order.lines
          .map((line) => [
            line.sku ?? line.title,
            {
              quantity: line.quantity,
              reserved: line.reservedQty,
              short: line.shortQty,
              fulfilled: line.fulfilledQty,
              channelFulfilled: line.channelFulfilledQty,
              removed: line.removedQty,
              restocked: line.restockedQty,
              location: place(line.locationId),
            },
          ])
          .sort(([a], [b]) => String(a).localeCompare(String(b))),
      ),
      fulfillments: order.fulfillments
        .map((fulfillment) =>
          [
            fulfillment.status,
            place(fulfillment.locationId),
            fulfillment.trackingNumber ?? "",
            ...fulfillment.lines.map((line) => `${lineKey.get(line.orderLineId)}x${line.quantity}`).sort(),
          ].join(" "),
        )
        .sort(),
      refunds: order.refunds.map((refund) => refund.amountMinor).sort((a, b) => a - b),
      returns: order.returns
        .map((record) =>
          [
            record.status,
            ...record.lines.map((line) => `${lineKey.get(line.orderLineId)}x${line.quantity}`).sort(),
          ].join(" "),
        )
        .sort(),
    };
  }
  return out;
}

/** What Shopify shows as available per SKU and location (tracked items with a SKU). */
export function shopifyStock(world: World): Record<string, number> {
  const store = world.shopify.store;
  const out: Record<string, number> = {};
  for (const item of store.state.inventoryItems.values()) {
    if (!item.sku || !item.tracked) continue;
    for (const [location, level] of Object.entries(store.levels(item.sku)))
      out[`${item.sku} @ ${location}`] = level.available;
  }
  return sortKeys(out);
}

/** What WooCommerce shows as stock_quantity per SKU (null when stock is not managed). */
export function wooStock(world: World): Record<string, number | null> {
  const store = world.woo.store;
  const out: Record<string, number | null> = {};
  for (const product of store.state.products.values()) {
    if (!product.sku || product.status === "trash") continue;
    out[product.sku] = store.stock(product.sku).stock_quantity ?? null;
  }
  return sortKeys(out);
}

export async function inboxCounts(world: World): Promise<InboxCounts> {
  const db = world.cluster.db;
  const channels = await db.channel.findMany({ where: { shopId: world.shopId }, select: { id: true, kind: true } });
  const kindOf = new Map(channels.map((channel) => [channel.id, channel.kind]));
  const rows = await db.inboxEvent.groupBy({
    by: ["channelId", "status"],
    where: { shopId: world.shopId },
    _count: true,
  });
  const out: InboxCounts = {};
  for (const row of rows) {
    const key = `${row.channelId ? kindOf.get(row.channelId) : "none"}:${row.status}`;
    out[key] = (out[key] ?? 0) + row._count;
  }
  return sortKeys(out);
}

/** Every path where two states differ, as "path: left -> right". */
export function diffStates(left: unknown, right: unknown, path = ""): string[] {
  if (JSON.stringify(left) === JSON.stringify(right)) return [];
  const isObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isObject(left) || !isObject(right)) return [`${path}: ${JSON.stringify(left)} -> ${JSON.stringify(right)}`];
  const a = left as Record<string, unknown>;
  const b = right as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((key) => diffStates(a[key], b[key], path ? `${path}.${key}` : key));
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
