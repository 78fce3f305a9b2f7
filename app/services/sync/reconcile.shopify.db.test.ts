import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdmin, type ShopifyAdmin } from "../../../connectors/shopify/admin/client";
import { CostBuckets } from "../../../connectors/shopify/admin/cost-bucket";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startShopifySimMsw } from "../../../test/sim/shopify/msw";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import { recordMovements } from "../ledger/record-movements.server";
import { createShopifyPusher } from "../shopify/inventory-pusher.server";
import { createShopifyLevelReader } from "../shopify/level-reader.server";
import { registerLevelReader } from "./level-readers";
import { registerPusher } from "./pushers";
import { reconcileChannel } from "./reconcile.server";
import { pushAll } from "./reconcile-test-support";

// Reconciliation of a Shopify channel selling from two locations, against the simulated store over msw: each location
// is read in pages of 250 and compared with the listing's share there, as the pusher splits it.

describe("reconcileChannel on Shopify", () => {
  let t: TestDb;
  let sim: ShopifySim;
  let server: ReturnType<typeof startShopifySimMsw>;
  let stores = 0;

  beforeAll(async () => {
    t = await createTestDb();
    sim = createShopifySim();
    server = startShopifySimMsw(sim);
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  /** `count` variants, 4 at Warehouse and 2 at Storefront of each in the ledger and in the store, as last pushed. */
  async function inStep(count: number) {
    stores += 1;
    const domain = `reconcile-${stores}.myshopify.com`;
    // A Shopify Plus store's bucket (20,000 points, 1,000 a second): the pushes and reads here are not about pacing.
    const store = sim.createShop({
      domain,
      accessToken: `token-${domain}`,
      locations: ["Warehouse", "Storefront"],
      bucket: { maximumAvailable: 20_000, restoreRate: 1_000 },
    });
    const skus = Array.from({ length: count }, (_, n) => `SKU-${stores}-${String(n).padStart(4, "0")}`);
    for (let start = 0; start < count; start += 100) {
      store.addProduct({
        title: `Product ${start}`,
        variants: skus
          .slice(start, start + 100)
          .map((sku) => ({ sku, title: sku, stock: { Warehouse: 4, Storefront: 2 } })),
      });
    }
    const itemIds = new Map([...store.state.inventoryItems.values()].map((item) => [item.sku!, String(item.id)]));
    const external = {
      Warehouse: String(store.location("Warehouse").id),
      Storefront: String(store.location("Storefront").id),
    };
    const shop = await t.db.shop.create({ data: { name: `Ledger for ${domain}` } });
    // Ids fix the order the engine takes the locations in: Warehouse first.
    const warehouse = await t.db.location.create({ data: { id: `${shop.id}-1`, shopId: shop.id, name: "Warehouse" } });
    const storefront = await t.db.location.create({
      data: { id: `${shop.id}-2`, shopId: shop.id, name: "Storefront" },
    });
    const channel = await t.db.channel.create({
      data: {
        shopId: shop.id,
        kind: "shopify",
        name: "Shopify",
        externalRef: domain,
        settings: { stockMaster: "ledger" },
      },
    });
    await t.db.channelLocation.createMany({
      data: [
        { shopId: shop.id, channelId: channel.id, locationId: warehouse.id, externalLocationId: external.Warehouse },
        { shopId: shop.id, channelId: channel.id, locationId: storefront.id, externalLocationId: external.Storefront },
      ],
    });
    await t.db.inventoryItem.createMany({ data: skus.map((sku) => ({ shopId: shop.id, sku, title: sku })) });
    const items = await t.db.inventoryItem.findMany({ where: { shopId: shop.id }, orderBy: { sku: "asc" } });
    const costs: number[] = [];
    const real = createShopifyAdmin({ shopDomain: domain, accessToken: `token-${domain}`, buckets: new CostBuckets() });
    const admin: ShopifyAdmin = {
      shopDomain: real.shopDomain,
      endpoint: real.endpoint,
      async request(query, variables, options) {
        const answer = await real.request(query, variables, options);
        if (query.includes("ChannelLedgerLocationAvailable")) costs.push(answer.cost?.requestedQueryCost ?? -1);
        return answer;
      },
    };
    registerPusher(createShopifyPusher({ admin: async () => admin }));
    registerLevelReader(createShopifyLevelReader({ admin: async () => admin }));
    for (const [location, units] of [
      [warehouse.id, 4],
      [storefront.id, 2],
    ] as const) {
      await recordMovements(
        t.db,
        shop.id,
        items.map((item) => ({
          itemId: item.id,
          locationId: location,
          kind: "receipt" as const,
          onHandDelta: units,
          committedDelta: 0,
          source: "test",
          idempotencyKey: `receipt:${location}:${item.id}`,
        })),
      );
    }
    // Listed after the stock arrived, as the last push left them: 4 and 2 set an hour ago, the store agreeing.
    const pushedAt = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    await t.db.channelListing.createMany({
      data: items.map((item) => ({
        shopId: shop.id,
        channelId: channel.id,
        itemId: item.id,
        externalProductId: "p",
        externalInventoryItemId: itemIds.get(item.sku)!,
        desiredQty: 6,
        lastPushedQty: 6,
        lastPushedAt: new Date(pushedAt),
        locationQuantities: {
          [external.Warehouse]: { pushed: 4, pushedAt },
          [external.Storefront]: { pushed: 2, pushedAt },
        },
        syncState: "ok",
      })),
    });
    const listing = (sku: string) =>
      t.db.channelListing.findFirstOrThrow({ where: { channelId: channel.id, item: { sku } } });
    return { store, shop, channel, skus, external, costs, listing };
  }

  it("finds a location changed behind the ledger's back and sets it back to its share", async () => {
    const s = await inStep(300);
    expect(s.store.levels(s.skus[7]!)).toMatchObject({ Warehouse: { available: 4 }, Storefront: { available: 2 } });
    await s.store.setAvailable({ sku: s.skus[7]!, location: "Storefront", available: 0 });
    await s.store.setAvailable({ sku: s.skus[250]!, location: "Warehouse", available: 9 });

    const report = await reconcileChannel(t.db, s.channel.id);
    // Two locations of 300 levels each: two pages of 250 at each.
    expect(report).toMatchObject({
      listings: 300,
      read: 600,
      matched: 298,
      drifted: 2,
      queued: 2,
      missing: 0,
      calls: 4,
    });
    // A level costs 2 points (its id names the item; no nested item object): 3 + 250 × 2.
    expect(Math.max(...s.costs)).toBe(503);
    const drift = await t.db.syncDrift.findFirstOrThrow({ where: { listingId: (await s.listing(s.skus[7]!)).id } });
    expect(drift).toMatchObject({ cause: "reconcile", action: "set_back", expectedQty: 6, channelQty: 4 });
    expect(drift.detail).toContain(`Shopify shows 0 at location ${s.external.Storefront} where the ledger has 2`);

    await pushAll(t.db, s.shop.id, s.channel.id);
    for (const sku of [s.skus[7]!, s.skus[250]!]) {
      expect(s.store.levels(sku)).toMatchObject({ Warehouse: { available: 4 }, Storefront: { available: 2 } });
    }
    expect(await reconcileChannel(t.db, s.channel.id)).toMatchObject({ matched: 300, drifted: 0 });
  });

  it("reports a listing whose item is stocked at none of the channel's locations", async () => {
    const s = await inStep(2);
    const orphan = await s.listing(s.skus[1]!);
    await t.db.channelListing.update({ where: { id: orphan.id }, data: { externalInventoryItemId: "999999999" } });
    const report = await reconcileChannel(t.db, s.channel.id);
    expect(report).toMatchObject({
      matched: 1,
      missing: 1,
      missingSample: [{ listingId: orphan.id, ref: "999999999" }],
    });
  });
});
