// A simulated Shopify store and the ledger shop that follows it, for the returns tests: webhooks the store raised are
// read by the real connector and applied to the real ledger, and the app's Shopify clients talk to the store.
import type { Db } from "../../app/db.server.ts";
import { applyChannelEvent } from "../../app/services/ledger/apply-channel-event.server.ts";
import { createShopifyAdmin, type ShopifyAdmin } from "../../connectors/shopify/admin/client.ts";
import { CostBuckets } from "../../connectors/shopify/admin/cost-bucket.ts";
import type { ChannelEvent } from "../../connectors/events.ts";
import { shopifyParser } from "../../connectors/shopify/parser.ts";
import type { ShopifySim } from "../sim/shopify/sim.ts";
import { makeItem } from "./ledger-fixtures.ts";

/** The topics about orders and what comes back; stock and catalog topics are other tests' business. */
const ORDER_TOPICS = /^(orders|fulfillments|refunds|returns)\//;

const tokenOf = (domain: string) => `token-${domain}`;

/** An Admin client for any simulated store made by storeAndLedger (the token is derived from the domain). */
export function simAdminFor(channel: { externalRef: string }): Promise<ShopifyAdmin> {
  return Promise.resolve(
    createShopifyAdmin({
      shopDomain: channel.externalRef,
      accessToken: tokenOf(channel.externalRef),
      buckets: new CostBuckets(),
    }),
  );
}

let stores = 0;

/**
 * A store with a tee and a cap (10 of each at its Warehouse), and a ledger shop with the same stock, whose Shopify
 * channel maps its Warehouse to the store's.
 */
export async function storeAndLedger(db: Db, sim: ShopifySim) {
  stores += 1;
  const domain = `returns-${stores}-${Date.now()}.myshopify.com`;
  const store = sim.createShop({ domain, accessToken: tokenOf(domain), locations: ["Warehouse"] });
  store.addProduct({
    title: "Harbour",
    variants: [
      { sku: "TEE", title: "Tee", priceMinor: 2500, stock: { Warehouse: 10 } },
      { sku: "CAP", title: "Cap", priceMinor: 1500, stock: { Warehouse: 10 } },
    ],
  });
  const shop = await db.shop.create({ data: { name: `Ledger of ${domain}` } });
  const location = await db.location.create({ data: { shopId: shop.id, name: "Warehouse" } });
  const channel = await db.channel.create({
    data: { shopId: shop.id, kind: "shopify", name: "Shopify", externalRef: domain },
    select: { id: true, shopId: true, kind: true, name: true, externalRef: true },
  });
  await db.channelLocation.create({
    data: {
      shopId: shop.id,
      channelId: channel.id,
      locationId: location.id,
      externalLocationId: String(store.location("Warehouse").id),
    },
  });
  const tee = await makeItem(db, shop.id, "TEE", [{ locationId: location.id, onHand: 10 }]);
  const cap = await makeItem(db, shop.id, "CAP", [{ locationId: location.id, onHand: 10 }]);
  let read = sim.webhooks.deliveries.length;

  /** The store's webhooks since the last call, read by the connector: only the order, refund and return topics. */
  function newEvents(): { topic: string; event: ChannelEvent }[] {
    const fresh = sim.webhooks.deliveries.slice(read).filter((delivery) => delivery.shopDomain === domain);
    read = sim.webhooks.deliveries.length;
    return fresh
      .filter((delivery) => ORDER_TOPICS.test(delivery.topic))
      .flatMap((delivery) => {
        const parsed = shopifyParser.parseWebhook(delivery.topic, JSON.parse(delivery.body));
        return "events" in parsed ? parsed.events.map((event) => ({ topic: delivery.topic, event })) : [];
      });
  }

  const apply = (event: ChannelEvent) => applyChannelEvent(db, channel, event, { source: "test" });

  return {
    store,
    shop,
    location,
    channel,
    items: { tee, cap },
    newEvents,
    apply,
    /** Applies the store's new webhooks in the order they were raised. */
    async deliver() {
      for (const { event } of newEvents()) await apply(event);
    },
    /** An order placed on the store and shipped there (in one fulfilment, or one per entry of `shipments`). */
    async shippedOrder(lines: { sku: string; quantity: number }[], shipments?: { sku: string; quantity: number }[][]) {
      const order = await store.placeOrder({ lines });
      const lineId = (sku: string) => order.lineItems.find((line) => line.sku === sku)!.id;
      for (const shipment of shipments ?? [lines]) {
        await store.fulfil(order.id, {
          lines: shipment.map(({ sku, quantity }) => ({ lineItemId: lineId(sku), quantity })),
        });
      }
      await this.deliver();
      const ledgerOrder = await db.order.findUniqueOrThrow({
        where: { channelId_externalId: { channelId: channel.id, externalId: String(order.id) } },
        include: { lines: true },
      });
      const ledgerLine = (sku: string) => ledgerOrder.lines.find((line) => line.sku === sku)!;
      return { order, lineId, ledgerOrder, ledgerLine };
    },
  };
}

export type StoreAndLedger = Awaited<ReturnType<typeof storeAndLedger>>;
