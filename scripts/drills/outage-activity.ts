import { randomUUID } from "node:crypto";
import { sleep } from "../../jobs/timing.ts";
import { seededRandom } from "../../app/seeded-random.ts";
import { cliJson } from "../../test/e2e/woo-cycle-support.ts";
import { DRILL_SKUS } from "./chaos-scenario.ts";
import type { World } from "./support/world.ts";

// What goes on while a store is down, for drill:outage: shoppers keep buying, and the merchant works through the REST
// API with an API key (as an integration or the warehouse's scanner would): fulfils an order of the down store and
// adjusts stock. Everything is recorded so the checks can find it afterwards.

export type StoreName = "shopify" | "woo";
export type Placed = { store: StoreName; id: number; units: number };
export type Fulfilled = { store: StoreName; orderExternalId: string; tracking: string; units: number };

export type Merchant = {
  fulfil(store: StoreName, orderExternalId: string, tracking: string): Promise<Fulfilled>;
  adjust(sku: string, delta: number, reason: string): Promise<void>;
};

/** The merchant's API client: a key issued with the operator's CLI, then plain HTTP calls to the public address. */
export async function merchant(world: World): Promise<Merchant> {
  const { key } = await cliJson<{ key: string }>({ ...world.cluster.env, SHOPIFY_APP_URL: world.cluster.url }, [
    "api-key",
    "create",
    ...["--shop", world.shopId, "--name", "drill:outage"],
  ]);
  const db = world.cluster.db;
  const warehouse = await db.location.findFirstOrThrow({ where: { shopId: world.shopId, name: "Warehouse" } });
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${world.cluster.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": randomUUID() },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as unknown;
  };
  return {
    async fulfil(store, orderExternalId, tracking) {
      const channelId = store === "shopify" ? world.shopify.channelId : world.woo.channelId;
      const order = await db.order.findUniqueOrThrow({
        where: { channelId_externalId: { channelId, externalId: orderExternalId } },
        select: { id: true, lines: { select: { id: true, quantity: true } } },
      });
      await post(`/api/v1/orders/${order.id}/fulfillments`, {
        lines: order.lines.map((line) => ({ line_id: line.id, quantity: line.quantity })),
        carrier: "UPS",
        tracking_number: tracking,
        notify_customer: true,
      });
      return { store, orderExternalId, tracking, units: order.lines.reduce((sum, line) => sum + line.quantity, 0) };
    },
    async adjust(sku, delta, reason) {
      await post("/api/v1/inventory/adjustments", { sku, location_id: warehouse.id, delta, reason });
    },
  };
}

/** A shopper's order of one or two drill SKUs (seeded); resolves without waiting for its webhooks to arrive. */
export function shopper(world: World, seed: number) {
  const random = seededRandom(seed);
  let count = 0;
  return async (store: StoreName): Promise<Placed> => {
    count += 1;
    const lines = DRILL_SKUS.filter(() => random() < 0.5).map((sku) => ({
      sku,
      quantity: 1 + Math.floor(random() * 2),
    }));
    if (lines.length === 0) lines.push({ sku: DRILL_SKUS[count % DRILL_SKUS.length]!, quantity: 1 });
    const units = lines.reduce((sum, line) => sum + line.quantity, 0);
    const email = `outage-${store}-${count}@example.com`;
    if (store === "woo") return { store, id: world.woo.store.placeOrder({ lines, email }).id, units };
    const order = await world.shopify.store.placeOrder({ lines, email });
    return { store, id: order.id, units };
  };
}

/**
 * The outage's activity, spread over its length: the merchant fulfils the down store's order at once and adjusts
 * stock a little later; shoppers order on the other store every few seconds, and on the down store too when it still
 * sells (Shopify, whose API is down but whose checkout is not).
 */
export async function duringOutage(
  world: World,
  options: {
    down: StoreName;
    durationMs: number;
    merchant: Merchant;
    shop: (store: StoreName) => Promise<Placed>;
    toFulfil: string;
    tracking: string;
  },
): Promise<{ placed: Placed[]; fulfilled: Fulfilled }> {
  const started = Date.now();
  const other: StoreName = options.down === "shopify" ? "woo" : "shopify";
  const placed: Placed[] = [];
  await sleep(1_000);
  const fulfilled = await options.merchant.fulfil(options.down, options.toFulfil, options.tracking);
  await sleep(2_000);
  await options.merchant.adjust("DRL-BTL", 5, `drill:outage, ${options.down} down: a carton found`);
  for (let tick = 0; Date.now() - started < options.durationMs - 4_000; tick++) {
    placed.push(await options.shop(other));
    if (options.down === "shopify" && tick % 2 === 0) placed.push(await options.shop("shopify"));
    await sleep(Math.min(6_000, Math.max(0, options.durationMs - 4_000 - (Date.now() - started))));
  }
  await sleep(Math.max(0, options.durationMs - (Date.now() - started)));
  return { placed, fulfilled };
}
