import type { Db } from "../../../app/db.server.ts";
import { readChannelSettings } from "../../../app/services/channel-settings.ts";
import { channelLocationIds } from "../../../app/services/ledger/orders/locations.server.ts";
import { ledgerAvailable, sellableLocations, sharesOf } from "../../../app/services/sync/location-quantities.server.ts";
import { sellableQuantity } from "../../../app/services/sync/sellable.ts";
import type { PlacedOrder, Stores } from "./traffic.ts";

// What a drill checks once its world is quiet, comparing the ledger with the simulated stores (the truth): every
// order once with the store's lines and state, every reservation made once, nothing left in the inbox, and every
// listing showing on its store what the ledger says it may sell. Each check returns its figures and a few examples
// of what is wrong, never throws for a finding.

const CHUNK = 300;
const EXAMPLES = 5;

export type Finding = { ok: boolean; figures: Record<string, number>; problems: string[] };

function finding(figures: Record<string, number>, problems: string[]): Finding {
  return { ok: problems.length === 0, figures, problems: problems.slice(0, EXAMPLES) };
}

async function inChunks<T, R>(values: T[], read: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < values.length; start += CHUNK)
    out.push(...(await read(values.slice(start, start + CHUNK))));
  return out;
}

/** An order as its store shows it now: lines by store line id, with what edits removed. */
export type StoreOrder = {
  order: PlacedOrder;
  cancelled: boolean;
  lines: Map<string, { sku: string; quantity: number; removed: number }>;
};

export function storeOrders(stores: Stores, placed: PlacedOrder[]): StoreOrder[] {
  return placed.map((order) => {
    if (order.store === "shopify") {
      const simOrder = stores.shopify.state.orders.get(order.id)!;
      const lines = simOrder.lineItems.map(
        (line) =>
          [
            String(line.id),
            { sku: line.sku!, quantity: line.quantity, removed: line.quantity - line.currentQuantity },
          ] as const,
      );
      return { order, cancelled: simOrder.cancelledAt !== null, lines: new Map(lines) };
    }
    const simOrder = stores.woo.orderRecord(order.id);
    const skus = new Map(order.lines.map((line) => [line.lineId, line.sku]));
    const lines = simOrder.lineItems.map(
      (line) => [String(line.id), { sku: skus.get(line.id)!, quantity: line.quantity, removed: 0 }] as const,
    );
    return {
      order,
      cancelled: ["cancelled", "failed", "refunded", "trash"].includes(simOrder.status),
      lines: new Map(lines),
    };
  });
}

const LINE_SELECT = {
  id: true,
  externalId: true,
  sku: true,
  quantity: true,
  removedQty: true,
  reservedQty: true,
  shortQty: true,
  movementSeq: true,
  itemId: true,
  locationId: true,
} as const;

async function ledgerOrders(db: Db, channelId: string, externalIds: string[]) {
  return inChunks(externalIds, (chunk) =>
    db.order.findMany({
      where: { channelId, externalId: { in: chunk } },
      select: { id: true, externalId: true, status: true, lines: { select: LINE_SELECT } },
    }),
  );
}
type LedgerOrder = Awaited<ReturnType<typeof ledgerOrders>>[number];
type LedgerLine = LedgerOrder["lines"][number];

/** Each store order in the ledger exactly once, with the store's lines, quantities and cancelled state. */
export async function checkOrdersOnce(
  db: Db,
  channelId: string,
  orders: StoreOrder[],
  options: { ordersBefore: number },
): Promise<Finding & { ledger: Map<string, LedgerOrder> }> {
  const found = await ledgerOrders(
    db,
    channelId,
    orders.map((entry) => String(entry.order.id)),
  );
  const ledger = new Map(found.map((order) => [order.externalId, order]));
  const problems: string[] = [];
  let missing = 0;
  let wrong = 0;
  for (const entry of orders) {
    const order = ledger.get(String(entry.order.id));
    if (!order) {
      missing += 1;
      problems.push(`${entry.order.store} order ${entry.order.id} is not in the ledger`);
      continue;
    }
    const issues: string[] = [];
    if ((order.status === "cancelled") !== entry.cancelled) issues.push(`status ${order.status}`);
    if (order.lines.length !== entry.lines.size)
      issues.push(`${order.lines.length} lines, the store has ${entry.lines.size}`);
    for (const line of order.lines) {
      const want = entry.lines.get(line.externalId);
      if (!want) issues.push(`line ${line.externalId} is not on the store`);
      else if (line.sku !== want.sku || line.quantity !== want.quantity || line.removedQty !== want.removed) {
        issues.push(
          `line ${line.sku} ${line.quantity}-${line.removedQty}, the store has ${want.sku} ${want.quantity}-${want.removed}`,
        );
      }
    }
    if (issues.length > 0) {
      wrong += 1;
      problems.push(`${entry.order.store} order ${entry.order.id}: ${issues.join("; ")}`);
    }
  }
  const total = await db.order.count({ where: { channelId } });
  const extra = total - options.ordersBefore - found.length;
  if (extra !== 0) problems.unshift(`${extra} ledger orders of the channel that the store does not account for`);
  return { ...finding({ placed: orders.length, found: found.length, missing, wrong, extra }, problems), ledger };
}

/**
 * Reservations made once: each line holds what its store order needs now (nothing short), its movements are numbered
 * line:<id>:1..n without gaps and add up to that, with at most one reserve of at most the ordered units and no more
 * releases than the store made reductions; and each balance of the traffic's items commits what its lines hold, which
 * per item is what the stores' open orders need.
 */
export async function checkReservations(
  db: Db,
  shopId: string,
  orders: { entry: StoreOrder; ledger: LedgerOrder | undefined }[],
  skus: string[],
): Promise<Finding> {
  const problems: string[] = [];
  const lines: { line: LedgerLine; entry: StoreOrder }[] = orders.flatMap(({ entry, ledger }) =>
    (ledger?.lines ?? []).map((line) => ({ line, entry })),
  );
  const movements = await inChunks(
    lines.map(({ line }) => line.id),
    (chunk) =>
      db.stockMovement.findMany({
        where: { shopId, orderLineId: { in: chunk } },
        select: { orderLineId: true, kind: true, committedDelta: true, onHandDelta: true, idempotencyKey: true },
      }),
  );
  const byLine = new Map<string, typeof movements>();
  for (const movement of movements)
    byLine.set(movement.orderLineId!, [...(byLine.get(movement.orderLineId!) ?? []), movement]);
  let wrongLines = 0;
  let reserves = 0;
  for (const { line, entry } of lines) {
    const want = entry.lines.get(line.externalId);
    const target = entry.cancelled || !want ? 0 : want.quantity - want.removed;
    const own = byLine.get(line.id) ?? [];
    const keys = new Set(own.map((movement) => movement.idempotencyKey));
    const numbered = Array.from({ length: line.movementSeq }, (_, n) => `line:${line.id}:${n + 1}`);
    const reserved = own.filter((movement) => movement.kind === "reserve");
    const released = own.filter((movement) => movement.kind === "release");
    reserves += reserved.length;
    const issues = [
      line.reservedQty !== target && `holds ${line.reservedQty}, the store order needs ${target}`,
      line.shortQty !== 0 && `${line.shortQty} short`,
      (own.length !== line.movementSeq || numbered.some((key) => !keys.has(key))) &&
        `movements ${[...keys].join(",")} for sequence ${line.movementSeq}`,
      own.reduce((sum, m) => sum + m.committedDelta, 0) !== line.reservedQty &&
        "movements do not add up to what it holds",
      own.some((movement) => movement.onHandDelta !== 0) && "an on-hand movement on an unshipped line",
      reserved.length > 1 && `${reserved.length} reserve movements`,
      reserved.reduce((sum, m) => sum + m.committedDelta, 0) > line.quantity && "reserved more than was ordered",
      released.length > entry.order.reductions &&
        `${released.length} releases for ${entry.order.reductions} reductions`,
    ].filter((issue): issue is string => typeof issue === "string");
    if (issues.length > 0) {
      wrongLines += 1;
      problems.push(`${entry.order.store} order ${entry.order.id} line ${line.sku}: ${issues.join("; ")}`);
    }
  }

  // Balances of the traffic's items: the stores' open orders are the only ones that hold them.
  const items = await db.inventoryItem.findMany({
    where: { shopId, sku: { in: skus } },
    select: { id: true, sku: true },
  });
  const levels = await db.stockLevel.findMany({
    where: { shopId, itemId: { in: items.map((item) => item.id) } },
    select: { itemId: true, locationId: true, committed: true },
  });
  const held = await db.orderLine.groupBy({
    by: ["itemId", "locationId"],
    where: { shopId, itemId: { in: items.map((item) => item.id) } },
    _sum: { reservedQty: true },
  });
  const heldAt = new Map(held.map((row) => [`${row.itemId}:${row.locationId}`, row._sum.reservedQty ?? 0]));
  const needed = new Map<string, number>();
  for (const { entry } of orders) {
    if (entry.cancelled) continue;
    for (const line of entry.lines.values())
      needed.set(line.sku, (needed.get(line.sku) ?? 0) + line.quantity - line.removed);
  }
  let wrongBalances = 0;
  for (const item of items) {
    const own = levels.filter((level) => level.itemId === item.id);
    for (const level of own) {
      const lineSum = heldAt.get(`${level.itemId}:${level.locationId}`) ?? 0;
      if (level.committed !== lineSum) {
        wrongBalances += 1;
        problems.push(`${item.sku} at ${level.locationId}: committed ${level.committed}, its lines hold ${lineSum}`);
      }
    }
    const committed = own.reduce((sum, level) => sum + level.committed, 0);
    if (committed !== (needed.get(item.sku) ?? 0)) {
      wrongBalances += 1;
      problems.push(`${item.sku}: committed ${committed}, the stores' open orders need ${needed.get(item.sku) ?? 0}`);
    }
  }
  return finding(
    { lines: lines.length, wrongLines, reserveMovements: reserves, balances: levels.length, wrongBalances },
    problems,
  );
}

/** Inbox events by status. */
export async function inboxByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db.inboxEvent.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}

/**
 * Every given listing in sync, and its store showing the ledger's sellable quantity: WooCommerce's stock figure, and on
 * Shopify each mapped location's available (the push splits the figure over the locations as splitByLocation does).
 */
export async function checkConvergence(db: Db, shopId: string, stores: Stores, listingIds: string[]): Promise<Finding> {
  const listings = await db.channelListing.findMany({
    where: { id: { in: listingIds } },
    select: {
      id: true,
      channelId: true,
      itemId: true,
      syncState: true,
      item: { select: { sku: true } },
      channel: { select: { kind: true, settings: true } },
    },
  });
  const problems: string[] = [];
  let wrong = 0;
  const byChannel = new Map<string, typeof listings>();
  for (const listing of listings)
    byChannel.set(listing.channelId, [...(byChannel.get(listing.channelId) ?? []), listing]);
  for (const [channelId, group] of byChannel) {
    const rules = readChannelSettings(group[0]!.channel.settings);
    const kind = group[0]!.channel.kind;
    const locationIds = await channelLocationIds(db, shopId, channelId);
    const locations = await sellableLocations(db, channelId);
    const available = await ledgerAvailable(
      db,
      shopId,
      group.map((listing) => listing.itemId),
      locationIds,
    );
    for (const listing of group) {
      const sku = listing.item.sku;
      const atLocations = available.get(listing.itemId);
      const total = locationIds.reduce((sum, id) => sum + (atLocations?.get(id) ?? 0), 0);
      const sellable = sellableQuantity(total, rules);
      let shows: string;
      let want: string;
      if (kind === "shopify") {
        const levels = stores.shopify.levels(sku);
        const names = locations.map(
          (l) => stores.shopify.state.locations.get(Number(l.externalLocationId))?.name ?? "?",
        );
        shows = names.map((name) => levels[name]?.available ?? 0).join("+");
        want = sharesOf(sellable, locations, atLocations).join("+");
      } else {
        shows = String(stores.woo.stock(sku).stock_quantity);
        want = String(sellable);
      }
      if (shows !== want || listing.syncState !== "ok") {
        wrong += 1;
        problems.push(`${kind} ${sku}: the store shows ${shows}, the ledger sells ${want} (${listing.syncState})`);
      }
    }
  }
  return finding({ listings: listings.length, wrong }, problems);
}
