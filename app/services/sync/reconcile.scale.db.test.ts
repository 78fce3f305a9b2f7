import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdmin } from "../../../connectors/shopify/admin/client";
import { CostBuckets } from "../../../connectors/shopify/admin/cost-bucket";
import { formatStockRef } from "../../../connectors/woocommerce/stock-ref";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { DEFAULT_BUCKET } from "../../../test/sim/shopify/bucket";
import { startShopifySimMsw } from "../../../test/sim/shopify/msw";
import { createShopifySim } from "../../../test/sim/shopify/sim";
import { startWooSimMsw } from "../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../test/sim/woocommerce/sim";
import { recordMovements } from "../ledger/record-movements.server";
import { BULK_THRESHOLD_LISTINGS, createShopifyLevelReader } from "../shopify/level-reader.server";
import { WOO_STOCK_POOL } from "../woocommerce/connect.server";
import { createWooStockSource } from "../woocommerce/level-reader-source.server";
import { createWooLevelReader } from "../woocommerce/level-reader.server";
import { WOO_KEYS, wooChannel, wooStore } from "../woocommerce/test-support";
import { registerLevelReader } from "./level-readers";
import { reconcileChannel } from "./reconcile.server";

// A quick scale check: 5,000 listings of a WooCommerce store reconciled in one pass, one /products call per 100.
// (The 50,000-listing figure over local HTTP is the benchmark's, bench/.)

const COUNT = 5_000;
const LOOSE_BOUND_MS = 30_000;
// The Shopify case reads through a bulk operation; RECONCILE_SCALE_SHOPIFY=50000 measures the target size by hand.
const SHOPIFY_COUNT = Number(process.env.RECONCILE_SCALE_SHOPIFY ?? 5_000);

describe("reconcileChannel at scale", () => {
  let t: TestDb;
  const sim = createWooSim({ webhooks: { auto: false } });
  const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });

  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  it(`reconciles ${COUNT} listings with ${COUNT / 100} product pages`, { timeout: 120_000 }, async () => {
    const store = wooStore(sim, "scale");
    const skus = Array.from({ length: COUNT }, (_, n) => `SKU-${String(n).padStart(5, "0")}`);
    const productIds = new Map(
      skus.map((sku) => [sku, store.addProduct({ name: sku, sku, price: "10.00", stock: 5 }).id]),
    );
    const { shop, location, channel } = await wooChannel(t.db, store);
    await t.db.channelLocation.create({
      data: { shopId: shop.id, channelId: channel.id, locationId: location.id, externalLocationId: WOO_STOCK_POOL },
    });
    await t.db.inventoryItem.createMany({ data: skus.map((sku) => ({ shopId: shop.id, sku, title: sku })) });
    const items = await t.db.inventoryItem.findMany({ where: { shopId: shop.id } });
    await recordMovements(
      t.db,
      shop.id,
      items.map((item) => ({
        itemId: item.id,
        locationId: location.id,
        kind: "receipt" as const,
        onHandDelta: 5,
        committedDelta: 0,
        source: "test",
        idempotencyKey: `receipt:${item.id}`,
      })),
    );
    const lastPushedAt = new Date(Date.now() - 60 * 60 * 1000);
    await t.db.channelListing.createMany({
      data: items.map((item) => {
        const ref = formatStockRef({ kind: "product", id: productIds.get(item.sku)! });
        return {
          shopId: shop.id,
          channelId: channel.id,
          itemId: item.id,
          externalProductId: ref,
          externalInventoryItemId: ref,
          desiredQty: 5,
          lastPushedQty: 5,
          lastPushedAt,
          syncState: "ok",
        };
      }),
    });
    registerLevelReader(
      createWooLevelReader({ source: async () => createWooStockSource({ url: store.url, ...WOO_KEYS }) }),
    );
    const changed = skus.filter((_, n) => n % 100 === 7);
    for (const sku of changed) store.setStock(sku, 1);

    const started = Date.now();
    const report = await reconcileChannel(t.db, channel.id);
    const elapsed = Date.now() - started;
    expect(report).toMatchObject({
      listings: COUNT,
      read: COUNT,
      matched: COUNT - changed.length,
      drifted: changed.length,
      queued: changed.length,
      missing: 0,
      skipped: 0,
      calls: COUNT / 100,
    });
    expect(store.countRequests("GET", "/wp-json/wc/v3/products")).toBe(Math.ceil(COUNT / 100));
    expect(elapsed).toBeLessThan(LOOSE_BOUND_MS);
  });

  it(
    `reconciles ${SHOPIFY_COUNT} Shopify listings through one bulk operation, the cost bucket on`,
    { timeout: 600_000 },
    async () => {
      // The simulated store's own bucket (2,000 points restoring 100 a second, a standard plan): paging 50,000 levels
      // would take over 15 minutes against it.
      const sim = createShopifySim();
      const shopify = startShopifySimMsw(sim);
      try {
        const domain = "scale.myshopify.com";
        const store = sim.createShop({ domain, accessToken: "token-scale", locations: ["Warehouse"] });
        const skus = Array.from({ length: SHOPIFY_COUNT }, (_, n) => `SKU-${String(n).padStart(6, "0")}`);
        for (let start = 0; start < SHOPIFY_COUNT; start += 100) {
          store.addProduct({
            title: `Batch ${start}`,
            variants: skus.slice(start, start + 100).map((sku) => ({ sku, title: sku, stock: { Warehouse: 5 } })),
          });
        }
        const itemIds = new Map([...store.state.inventoryItems.values()].map((item) => [item.sku!, String(item.id)]));
        const external = String(store.location("Warehouse").id);
        const shop = await t.db.shop.create({ data: { name: "Shopify at scale" } });
        const location = await t.db.location.create({ data: { shopId: shop.id, name: "Warehouse" } });
        const channel = await t.db.channel.create({
          data: { shopId: shop.id, kind: "shopify", name: "Shopify", externalRef: domain, settings: {} },
        });
        await t.db.channelLocation.create({
          data: { shopId: shop.id, channelId: channel.id, locationId: location.id, externalLocationId: external },
        });
        await t.db.inventoryItem.createMany({ data: skus.map((sku) => ({ shopId: shop.id, sku, title: sku })) });
        const items = await t.db.inventoryItem.findMany({ where: { shopId: shop.id } });
        await recordMovements(
          t.db,
          shop.id,
          items.map((item) => ({
            itemId: item.id,
            locationId: location.id,
            kind: "receipt" as const,
            onHandDelta: 5,
            committedDelta: 0,
            source: "test",
            idempotencyKey: `receipt:${item.id}`,
          })),
        );
        const pushedAt = new Date(Date.now() - 60 * 60 * 1000);
        await t.db.channelListing.createMany({
          data: items.map((item) => ({
            shopId: shop.id,
            channelId: channel.id,
            itemId: item.id,
            externalProductId: "p",
            externalInventoryItemId: itemIds.get(item.sku)!,
            desiredQty: 5,
            lastPushedQty: 5,
            lastPushedAt: pushedAt,
            locationQuantities: { [external]: { pushed: 5, pushedAt: pushedAt.toISOString() } },
            syncState: "ok",
          })),
        });
        const admin = createShopifyAdmin({
          shopDomain: domain,
          accessToken: "token-scale",
          buckets: new CostBuckets(),
        });
        const reader = createShopifyLevelReader({ admin: async () => admin });
        const changed = skus.filter((_, n) => n % 100 === 7);
        for (const sku of changed) await store.setAvailable({ sku, location: "Warehouse", available: 1 });

        expect(SHOPIFY_COUNT).toBeGreaterThan(BULK_THRESHOLD_LISTINGS);
        expect(store.bucket.status()).toMatchObject(DEFAULT_BUCKET);
        const started = Date.now();
        const report = await reconcileChannel(t.db, channel.id, { reader });
        const elapsed = Date.now() - started;
        expect(report).toMatchObject({
          listings: SHOPIFY_COUNT,
          read: SHOPIFY_COUNT,
          matched: SHOPIFY_COUNT - changed.length,
          drifted: changed.length,
          queued: changed.length,
          missing: 0,
          skipped: 0,
        });
        const ops = sim.requests.filter((request) => request.shop === domain).map((request) => request.operationName);
        expect(ops.filter((name) => name === "ChannelLedgerBulkRun")).toHaveLength(1);
        expect(ops).not.toContain("ChannelLedgerLocationAvailable");
        if (process.env.RECONCILE_SCALE_SHOPIFY) {
          console.warn(`reconciled ${SHOPIFY_COUNT} Shopify listings in bulk in ${elapsed} ms (${report.calls} calls)`);
        }
        expect(elapsed).toBeLessThan(LOOSE_BOUND_MS);
      } finally {
        shopify.close();
      }
    },
  );
});
