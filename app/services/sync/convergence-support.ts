// One ledger shop whose items are listed on a simulated Shopify store and a simulated WooCommerce store, pushed by the
// real pushers and clients through the real sync jobs (in-process queue), with msw serving both simulators. Shared by
// the convergence and coalescing tests (not imported by the app).
import { setupServer, type SetupServer } from "msw/node";
import { createShopifyAdmin } from "../../../connectors/shopify/admin/client";
import { CostBuckets } from "../../../connectors/shopify/admin/cost-bucket";
import { createWooClient } from "../../../connectors/woocommerce/client/client";
import { StoreLimiters } from "../../../connectors/woocommerce/client/limiter";
import { WOO_LOCATION } from "../../../connectors/woocommerce/parse-product";
import { formatStockRef } from "../../../connectors/woocommerce/stock-ref";
import { createInProcessQueue } from "../../../jobs/in-process-queue";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import { pollUntil } from "../../../jobs/timing";
import { shopifySimHandlers } from "../../../test/sim/shopify/msw";
import type { ShopHandle } from "../../../test/sim/shopify/shop-handle";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import { wooSimHandlers } from "../../../test/sim/woocommerce/msw";
import { createWooSim, type WooSim } from "../../../test/sim/woocommerce/sim";
import type { StoreHandle } from "../../../test/sim/woocommerce/store-handle";
import { readChannelSettings } from "../channel-settings";
import type { Db } from "../../db.server";
import { recordMovements } from "../ledger/record-movements.server";
import { createShopifyPusher } from "../shopify/inventory-pusher.server";
import { createWooPusher } from "../woocommerce/pusher.server";
import { WOO_KEYS } from "../woocommerce/test-support";
import { registerSyncJobs } from "./jobs.server";
import { registerPusher } from "./pushers";
import { sellableQuantity } from "./sellable";

/** What a test may tune: the clients' patience and the engine's backoff, small so faults cost little time. */
export type EngineOptions = { clientTimeoutMs?: number; pushBackoffMs?: number; concurrency?: number };

/** One request as msw saw it: when it came and went, what it carried, and the answer (none for a dropped one). */
export type Tapped = {
  host: string;
  path: string;
  body: Promise<string>;
  startedAt: number;
  endedAt?: number;
  status?: number;
  retryAfter?: string | null;
};

/** Both simulators behind one msw server (two servers would patch fetch twice), and every request they got. */
export function startSims(): { shopify: ShopifySim; woo: WooSim; server: SetupServer; tapped: Tapped[] } {
  const shopify = createShopifySim();
  const woo = createWooSim({ webhooks: { auto: false } });
  const server = setupServer(...shopifySimHandlers(shopify), ...wooSimHandlers(woo));
  server.listen({ onUnhandledRequest: "error" });
  const tapped: Tapped[] = [];
  const byId = new Map<string, Tapped>();
  server.events.on("request:start", ({ request, requestId }) => {
    const url = new URL(request.url);
    const entry = { host: url.host, path: url.pathname, body: request.clone().text(), startedAt: Date.now() };
    byId.set(requestId, entry);
    tapped.push(entry);
  });
  server.events.on("response:mocked", ({ response, requestId }) => {
    const entry = byId.get(requestId);
    if (!entry) return;
    entry.endedAt = Date.now();
    entry.status = response.status;
    entry.retryAfter = response.headers.get("retry-after");
  });
  return { shopify, woo, server, tapped };
}

/**
 * `count` items, in stock `stock` at one ledger location, listed on a Shopify store (one location) and a
 * WooCommerce store (simple products), each showing the channel's sellable quantity as last pushed an hour ago.
 */
export async function twoChannelShop(
  db: Db,
  sims: { shopify: ShopifySim; woo: WooSim },
  options: { count: number; stock: number; name: string; wooSettings?: object },
) {
  const { count, stock, name } = options;
  const skus = Array.from({ length: count }, (_, n) => `${name}-${String(n).padStart(4, "0")}`);
  const wooSettings = { stockMaster: "ledger", ...options.wooSettings };
  const wooShows = sellableQuantity(stock, readChannelSettings(wooSettings));

  const domain = `${name}.myshopify.com`;
  const shopifyStore = sims.shopify.createShop({ domain, accessToken: `token-${domain}`, locations: ["Warehouse"] });
  for (let start = 0; start < count; start += 100) {
    shopifyStore.addProduct({
      title: `Product ${start}`,
      variants: skus.slice(start, start + 100).map((sku) => ({ sku, title: sku, stock: { Warehouse: stock } })),
    });
  }
  const inventoryItemIds = new Map(
    [...shopifyStore.state.inventoryItems.values()].map((item) => [item.sku!, String(item.id)]),
  );
  const wooStore = sims.woo.createStore({ url: `https://${name}.example`, keys: [{ ...WOO_KEYS }] });
  const wooRefs = new Map(
    skus.map((sku) => [
      sku,
      formatStockRef({
        kind: "product",
        id: wooStore.addProduct({ name: sku, sku, price: "10.00", stock: wooShows }).id,
      }),
    ]),
  );

  const shop = await db.shop.create({ data: { name: `Ledger ${name}` } });
  const location = await db.location.create({ data: { shopId: shop.id, name: "Warehouse" } });
  const shopifyChannel = await db.channel.create({
    data: {
      shopId: shop.id,
      kind: "shopify",
      name: "Shopify",
      externalRef: domain,
      settings: { stockMaster: "ledger" },
    },
  });
  await db.channelLocation.create({
    data: {
      shopId: shop.id,
      channelId: shopifyChannel.id,
      locationId: location.id,
      externalLocationId: String(shopifyStore.location("Warehouse").id),
    },
  });
  const wooChannel = await db.channel.create({
    data: {
      shopId: shop.id,
      kind: "woocommerce",
      name: "WooCommerce",
      externalRef: wooStore.url,
      settings: wooSettings,
    },
  });
  await db.channelLocation.create({
    data: { shopId: shop.id, channelId: wooChannel.id, locationId: location.id, externalLocationId: WOO_LOCATION },
  });
  await db.inventoryItem.createMany({ data: skus.map((sku) => ({ shopId: shop.id, sku, title: sku })) });
  const items = await db.inventoryItem.findMany({ where: { shopId: shop.id }, orderBy: { sku: "asc" } });
  // The opening stock, received before any listing exists: nothing turns pending, the stores already show it.
  await recordMovements(
    db,
    shop.id,
    items.map((item) => ({
      itemId: item.id,
      locationId: location.id,
      kind: "receipt" as const,
      onHandDelta: stock,
      committedDelta: 0,
      source: "test",
      idempotencyKey: `opening:${item.id}`,
    })),
  );
  const pushedAt = new Date(Date.now() - 60 * 60 * 1000);
  const listed = (channelId: string, shows: number, refs: (sku: string) => Record<string, string>) =>
    db.channelListing.createMany({
      data: items.map((item) => ({
        shopId: shop.id,
        channelId,
        itemId: item.id,
        ...refs(item.sku),
        desiredQty: shows,
        lastPushedQty: shows,
        lastPushedAt: pushedAt,
        syncState: "ok",
      })),
    });
  await listed(shopifyChannel.id, stock, (sku) => ({
    externalProductId: "p",
    externalInventoryItemId: inventoryItemIds.get(sku)!,
  }));
  await listed(wooChannel.id, wooShows, (sku) => ({
    externalProductId: wooRefs.get(sku)!,
    externalInventoryItemId: wooRefs.get(sku)!,
  }));
  return { shop, location, shopifyChannel, wooChannel, items, skus, shopifyStore, wooStore, inventoryItemIds, wooRefs };
}

export type TwoChannelShop = Awaited<ReturnType<typeof twoChannelShop>>;

/**
 * The real pushers with the real clients, short timeouts and backoffs, and the sync jobs on an in-process queue.
 * Pushers are registered by kind for the whole test file, so every store of the file is reachable through them.
 */
export async function startEngine(
  db: Db,
  stores: { shopify: ShopHandle[]; woo: StoreHandle[] },
  options: EngineOptions = {},
) {
  // Generous enough that a loaded test machine does not time out answers that came; an injected timeout hangs longer.
  const timeoutMs = options.clientTimeoutMs ?? 1_000;
  const buckets = new CostBuckets();
  const limiters = new StoreLimiters();
  const shopifyLog = { retries: 0 };
  registerPusher(
    createShopifyPusher({
      admin: async (channel) => {
        const store = stores.shopify.find((candidate) => candidate.domain === channel.externalRef);
        if (!store) throw new Error(`no simulated Shopify store ${channel.externalRef}`);
        return createShopifyAdmin({
          shopDomain: store.domain,
          accessToken: `token-${store.domain}`,
          buckets,
          timeoutMs,
          // Six attempts as in production; shorter steps so a run under faults stays within a test's time.
          retry: { baseDelayMs: 50, maxDelayMs: 1_000 },
          logger: { warn: () => void (shopifyLog.retries += 1) },
        });
      },
    }),
  );
  const wooLog = { throttleWaits: 0 };
  registerPusher(
    createWooPusher({
      client: async (channel) => createWooClient({ url: channel.externalRef, ...WOO_KEYS }, { timeoutMs, limiters }),
      sleep: async (ms) => {
        wooLog.throttleWaits += 1;
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    }),
  );
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  const engineLog = { incompletePushes: 0 };
  const queue = createInProcessQueue({ logger: silent });
  // The engine warns once for every push that left failures behind.
  const logger: LoggerLike = { ...silent, warn: () => void (engineLog.incompletePushes += 1) };
  const unsubscribe = registerSyncJobs(queue, { db: () => db, logger, pushBackoffMs: options.pushBackoffMs ?? 20 });
  await queue.startWorkers({ concurrency: options.concurrency ?? 4 });
  return {
    queue,
    stats: { shopify: shopifyLog, woo: wooLog, engine: engineLog },
    async stop() {
      unsubscribe();
      await queue.close();
    },
  };
}

/** Until no listing of the shop waits for a plan, a push or a retry, and no job runs: the engine has nothing left. */
export async function quiet(db: Db, queue: JobQueue, shopId: string, timeoutMs = 60_000) {
  const busy = () => db.channelListing.count({ where: { shopId, syncState: { in: ["pending", "queued", "failed"] } } });
  await pollUntil(
    async () => {
      if ((await busy()) > 0) return false;
      const stats = await queue.stats();
      return stats.waiting === 0 && stats.active === 0;
    },
    {
      timeoutMs,
      intervalMs: 50,
      describe: async () => `the engine to go quiet (${await busy()} listings still busy)`,
    },
  );
}

/** Listings of a channel by sync state. */
export async function statesOf(db: Db, channelId: string): Promise<Record<string, number>> {
  const rows = await db.channelListing.groupBy({ by: ["syncState"], where: { channelId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.syncState, row._count._all]));
}

/** What the ledger says each channel should show, per SKU: its sellable quantity under the channel's rules. */
export async function expectedBySku(db: Db, target: TwoChannelShop) {
  const levels = await db.stockLevel.findMany({
    where: { shopId: target.shop.id },
    select: { itemId: true, onHand: true, committed: true },
  });
  const available = new Map(levels.map((level) => [level.itemId, level.onHand - level.committed]));
  const shopifyRules = readChannelSettings(target.shopifyChannel.settings);
  const wooRules = readChannelSettings(target.wooChannel.settings);
  return new Map(
    target.items.map((item) => {
      const units = available.get(item.id) ?? 0;
      return [item.sku, { shopify: sellableQuantity(units, shopifyRules), woo: sellableQuantity(units, wooRules) }];
    }),
  );
}
