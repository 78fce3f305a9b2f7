import { CHANNEL_PARSERS } from "../../app/services/inbox/parsers.server.ts";
import { applyChannelEvent } from "../../app/services/ledger/apply-channel-event.server.ts";
import { upsertOrders } from "../../app/services/ledger/orders/upsert-order.server.ts";
import type { ChannelEvent, FulfillmentChanged, OrderSnapshot } from "../../connectors/events.ts";
import type { LoadWorld } from "./load-world.ts";
import { seededRandom } from "../../app/seeded-random.ts";
import { shopifyOrderBody } from "./shopify-orders.ts";
import { wooOrderBody } from "./woo-orders.ts";

// The order history the screens are measured at, through the ledger services as the inbox would apply it: every body
// built by the generators the webhook runs use (so seeded and sent orders look alike), read by the channel's own
// connector parser, the snapshots applied with upsertOrders in batches of 200 (one ledger transaction each, as an
// inbox batch), and the shipments with applyChannelEvent (as a fulfilment webhook). Orders are placed over the last
// 60 days, three in four on Shopify; those older than two days are shipped a day and a bit after they were placed.
// Shipments of the last 14 days are recorded as fulfilments with their shipment movements (about 2,200, one ledger
// transaction each: most of the seeding's time); older ones only close their order (their lines fulfilled).
// Faster than the webhook path (no HTTP, no inbox): the webhook runs measure that path anyway.

export const SEED = { shopifyShare: 0.75, spreadDays: 60, fulfilmentDays: 14 };
const BATCH = 200;
/** Far above the webhook runs' sequence numbers, so seeded and sent orders never share an id. */
const SEQ_BASE = 50_000_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const SHIPPED_AFTER_MS = 2 * DAY_MS;
const SHIP_DELAY_MS = 26 * 60 * 60 * 1000;

export type SeedReport = {
  /** What the shop holds afterwards. */
  orders: number;
  items: number;
  returns: number;
  fulfillments: number;
  /** Orders seeded, how long it took and the rate. */
  seeded: number;
  seconds: number;
  ordersPerSecond: number;
};

type Seeded = { snapshot: OrderSnapshot; shipment?: FulfillmentChanged };

function read(kind: string, topic: string, body: string): ChannelEvent[] {
  const parsed = CHANNEL_PARSERS[kind]!.parseWebhook(topic, JSON.parse(body));
  if (!("events" in parsed)) throw new Error(`the ${kind} parser ignored a seeded order: ${parsed.ignored}`);
  return parsed.events;
}

function shopifyOrder(seq: number, load: LoadWorld, placed: Date, now: Date, record: boolean): Seeded {
  const body = shopifyOrderBody(seq, load.items, placed, now);
  const [event] = read("shopify", "orders/create", body);
  if (event?.type !== "order.upserted") throw new Error("the Shopify parser did not read an order");
  const fulfillment = (JSON.parse(body) as { fulfillments: Record<string, unknown>[] }).fulfillments[0];
  if (!fulfillment || !record) return { snapshot: event.order };
  return {
    snapshot: event.order,
    shipment: {
      type: "fulfillment.changed",
      orderExternalId: event.order.externalId,
      fulfillmentExternalId: String(fulfillment.id),
      status: "success",
      carrier: String(fulfillment.tracking_company),
      trackingNumber: String(fulfillment.tracking_number),
      lines: event.order.lines.map((line) => ({ lineExternalId: line.externalId, quantity: line.quantity })),
      updatedAt: new Date(String(fulfillment.created_at)),
    },
  };
}

function wooOrder(seq: number, load: LoadWorld, placed: Date, now: Date, record: boolean): Seeded {
  const options = { items: load.items, storeUrl: load.woo.storeUrl };
  const shipped = now.getTime() - placed.getTime() > SHIPPED_AFTER_MS;
  const body = shipped
    ? wooOrderBody(seq, "updated", options, placed, new Date(placed.getTime() + SHIP_DELAY_MS))
    : wooOrderBody(seq, "created", options, placed);
  const [event, shipment] = read("woocommerce", "order.updated", body);
  if (event?.type !== "order.upserted") throw new Error("the WooCommerce parser did not read an order");
  return { snapshot: event.order, shipment: record && shipment?.type === "fulfillment.changed" ? shipment : undefined };
}

async function inParallel<T>(items: T[], limit: number, run: (item: T) => Promise<unknown>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export async function seedOrders(load: LoadWorld, count: number, log: (line: string) => void): Promise<SeedReport> {
  const { world } = load;
  const db = world.cluster.db;
  const started = Date.now();
  const shopifyOrders = Math.round(count * SEED.shopifyShare);
  log(`seeding ${shopifyOrders} Shopify and ${count - shopifyOrders} WooCommerce orders through the ledger services`);
  const channels = await db.channel.findMany({
    where: { id: { in: [world.shopify.channelId, world.woo.channelId] } },
    select: { id: true, shopId: true, kind: true, name: true },
  });
  const channel = (id: string) => channels.find((candidate) => candidate.id === id)!;
  const now = new Date();
  const context = { source: "load-seed" };
  let fulfillments = 0;
  let upsertMs = 0;
  let shipmentsMs = 0;
  for (let first = 0; first < count; first += BATCH) {
    const size = Math.min(BATCH, count - first);
    const byChannel = new Map<string, Seeded[]>();
    for (let index = first; index < first + size; index++) {
      const seq = SEQ_BASE + index;
      const placed = new Date(now.getTime() - seededRandom(seq)() * SEED.spreadDays * DAY_MS);
      const record = now.getTime() - placed.getTime() < SEED.fulfilmentDays * DAY_MS;
      const shopify = index < shopifyOrders;
      const seeded = (shopify ? shopifyOrder : wooOrder)(seq, load, placed, now, record);
      const channelId = shopify ? world.shopify.channelId : world.woo.channelId;
      byChannel.set(channelId, [...(byChannel.get(channelId) ?? []), seeded]);
    }
    for (const [channelId, seeded] of byChannel) {
      const upsertStarted = Date.now();
      await upsertOrders(
        db,
        channel(channelId),
        seeded.map((entry) => entry.snapshot),
        context,
      );
      upsertMs += Date.now() - upsertStarted;
      const shipmentsStarted = Date.now();
      const shipments = seeded.flatMap((entry) => (entry.shipment ? [entry.shipment] : []));
      // PostgreSQL takes several at once (each locks only its own lines' balances); SQLite has one writer.
      await inParallel(shipments, world.cluster.mode === "scale-out" ? 6 : 1, (shipment) =>
        applyChannelEvent(db, channel(channelId), shipment, context),
      );
      fulfillments += shipments.length;
      shipmentsMs += Date.now() - shipmentsStarted;
    }
    if ((first / BATCH) % 10 === 9) {
      log(`seeded ${first + size} orders (orders ${upsertMs / 1000} s, fulfilments ${shipmentsMs / 1000} s)`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const [orders, inventoryItems, returns] = await Promise.all([
    db.order.count({ where: { shopId: world.shopId } }),
    db.inventoryItem.count({ where: { shopId: world.shopId } }),
    db.return.count({ where: { shopId: world.shopId } }),
  ]);
  return {
    orders,
    items: inventoryItems,
    returns,
    fulfillments,
    seeded: count,
    seconds,
    ordersPerSecond: count / seconds,
  };
}
