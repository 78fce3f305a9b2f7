// A simulated Shopify store connected to a ledger shop, for the command tests (not imported by the app): the same
// catalog on both sides, the store's locations linked to the ledger's, and its webhooks fed to the ledger on demand.
import type { ShopifyAdmin } from "../../../../connectors/shopify/admin";
import { createShopifyAdmin } from "../../../../connectors/shopify/admin/client";
import { CostBuckets } from "../../../../connectors/shopify/admin/cost-bucket";
import type { RetryPolicy } from "../../../../connectors/shopify/admin/backoff";
import { shopifyParser } from "../../../../connectors/shopify/parser";
import type { Db } from "../../../db.server";
import type { ShopifySim } from "../../../../test/sim/shopify/sim";
import type { Delivery } from "../../../../test/sim/shopify/webhooks";
import { makeItem } from "../../../../test/support/ledger-fixtures";
import { registerCommander } from "../../commands/commanders";
import { applyChannelEvent, type ApplyOutcome } from "../../ledger/apply-channel-event.server";
import { createShopifyCommander } from "../commander.server";

const admins = new Map<string, ShopifyAdmin>();
let stores = 0;

/** The Shopify commander, talking to whichever simulated store a channel names. */
export function registerSimCommander() {
  registerCommander(
    createShopifyCommander({
      admin: async (channel) => {
        const admin = admins.get(channel.externalRef);
        if (!admin) throw new Error(`no simulated store ${channel.externalRef}`);
        return admin;
      },
    }),
  );
}

export type SimStoreOptions = {
  /** The Admin client's retry policy; one attempt makes a lost answer reach the command runner. */
  retry?: Partial<RetryPolicy>;
};

/**
 * A store with Warehouse and Storefront, TEE-S (10 at Warehouse, 5 at Storefront) and TEE-M (10 at Warehouse), and a
 * ledger shop with the same stock and a Shopify channel whose locations are linked to the store's.
 */
export async function simStore(db: Db, sim: ShopifySim, options: SimStoreOptions = {}) {
  const domain = `commands-${++stores}.myshopify.com`;
  const accessToken = `token-${domain}`;
  const store = sim.createShop({ domain, accessToken, locations: ["Warehouse", "Storefront"] });
  store.addProduct({
    title: "Tee",
    variants: [
      { sku: "TEE-S", title: "S", stock: { Warehouse: 10, Storefront: 5 } },
      { sku: "TEE-M", title: "M", stock: { Warehouse: 10 } },
    ],
  });

  const shop = await db.shop.create({ data: { name: `Ledger of ${domain}`, shopifyDomain: domain } });
  const warehouse = await db.location.create({ data: { shopId: shop.id, name: "Warehouse" } });
  const storefront = await db.location.create({ data: { shopId: shop.id, name: "Storefront" } });
  const channel = await db.channel.create({
    data: { shopId: shop.id, kind: "shopify", name: "Shopify", externalRef: domain, status: "connected" },
    select: { id: true, shopId: true, kind: true, name: true },
  });
  for (const location of [warehouse, storefront]) {
    await db.channelLocation.create({
      data: {
        shopId: shop.id,
        channelId: channel.id,
        locationId: location.id,
        externalLocationId: String(store.location(location.name).id),
      },
    });
  }
  const small = await makeItem(db, shop.id, "TEE-S", [
    { locationId: warehouse.id, onHand: 10 },
    { locationId: storefront.id, onHand: 5 },
  ]);
  const medium = await makeItem(db, shop.id, "TEE-M", [{ locationId: warehouse.id, onHand: 10 }]);

  const real = createShopifyAdmin({
    shopDomain: domain,
    accessToken,
    buckets: new CostBuckets(),
    retry: { baseDelayMs: 1, ...options.retry },
  });
  const hooks: { afterRequest?: (query: string) => Promise<void> } = {};
  admins.set(domain, {
    shopDomain: real.shopDomain,
    endpoint: real.endpoint,
    async request(query, variables, requestOptions) {
      const answer = await real.request(query, variables, requestOptions);
      await hooks.afterRequest?.(query);
      return answer;
    },
  });

  let taken = sim.webhooks.deliveries.length;
  /**
   * The store's order and fulfilment webhooks raised since the last call, oldest first. Inventory level webhooks are
   * left out: what they do to the ledger is the sync engine's business, not the commands'.
   */
  const newDeliveries = async (): Promise<Delivery[]> => {
    await sim.webhooks.flush();
    const fresh = sim.webhooks.deliveries
      .slice(taken)
      .filter((delivery) => delivery.shopDomain === domain && /^(orders|fulfillments)\//.test(delivery.topic));
    taken = sim.webhooks.deliveries.length;
    return fresh;
  };
  /** What the inbox would do with one delivery: parse it and apply its events in order. */
  const apply = async (delivery: Delivery): Promise<ApplyOutcome[]> => {
    const parsed = shopifyParser.parseWebhook(delivery.topic, JSON.parse(delivery.body));
    if ("ignored" in parsed) return [];
    const outcomes: ApplyOutcome[] = [];
    for (const event of parsed.events) {
      outcomes.push(await applyChannelEvent(db, channel, event, { source: `webhook:${delivery.eventId}` }));
    }
    return outcomes;
  };
  const applyAll = async (deliveries: Delivery[]) => {
    const outcomes = [];
    for (const delivery of deliveries) outcomes.push({ topic: delivery.topic, outcomes: await apply(delivery) });
    return outcomes;
  };

  /** A shopper's order on the store, imported into the ledger through its orders/create webhook. */
  async function placeOrder(lines: { sku: string; quantity: number }[]) {
    const simOrder = await store.placeOrder({ lines });
    await applyAll(await newDeliveries());
    const order = await db.order.findUniqueOrThrow({
      where: { channelId_externalId: { channelId: channel.id, externalId: String(simOrder.id) } },
      include: { lines: { orderBy: { sku: "asc" } } },
    });
    const line = (sku: string) => {
      const found = order.lines.find((candidate) => candidate.sku === sku);
      if (!found) throw new Error(`order ${order.name} has no ${sku} line`);
      return found;
    };
    return { simOrder, order, line };
  }

  return {
    store,
    shop,
    channel,
    warehouse,
    storefront,
    items: { small, medium },
    hooks,
    newDeliveries,
    apply,
    applyAll,
    placeOrder,
    /** The Admin API requests this store answered for one operation, oldest first. */
    requests: (operationName: string) =>
      sim.requests.filter((entry) => entry.shop === domain && entry.operationName === operationName),
  };
}

export type SimStore = Awaited<ReturnType<typeof simStore>>;
