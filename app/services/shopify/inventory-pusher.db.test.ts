import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdmin, type ShopifyAdmin } from "../../../connectors/shopify/admin/client";
import { CostBuckets } from "../../../connectors/shopify/admin/cost-bucket";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startShopifySimMsw } from "../../../test/sim/shopify/msw";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import { snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent } from "../ledger/apply-channel-event.server";
import { recordMovements } from "../ledger/record-movements.server";
import { planPushes } from "../sync/plan.server";
import { pushChannel } from "../sync/push.server";
import { registerPusher } from "../sync/pushers";
import { createShopifyPusher } from "./inventory-pusher.server";

type Sent = { query: string; variables: Record<string, unknown> | undefined };

describe("Shopify inventory pusher", () => {
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

  /**
   * A Shopify store with `count` variants (stock `storeStock` at Warehouse) and a ledger shop that lists them on a
   * Shopify channel mapped to that Warehouse, with `ledgerStock` on hand and the store's level as the last push.
   */
  async function setup(count: number, options: { storeStock?: number; ledgerStock?: number } = {}) {
    const storeStock = options.storeStock ?? 0;
    stores += 1;
    const domain = `push-${stores}.myshopify.com`;
    const store = sim.createShop({ domain, accessToken: `token-${domain}`, locations: ["Warehouse", "Storefront"] });
    const skus = Array.from({ length: count }, (_, n) => `SKU-${stores}-${n}`);
    for (let start = 0; start < count; start += 100) {
      store.addProduct({
        title: `Product ${start}`,
        variants: skus.slice(start, start + 100).map((sku) => ({ sku, title: sku, stock: { Warehouse: storeStock } })),
      });
    }
    const inventoryItemIds = new Map(
      [...store.state.inventoryItems.values()].map((item) => [item.sku!, String(item.id)]),
    );

    const shop = await t.db.shop.create({ data: { name: `Ledger for ${domain}` } });
    const warehouse = await t.db.location.create({ data: { shopId: shop.id, name: "Warehouse" } });
    const channel = await t.db.channel.create({
      data: {
        shopId: shop.id,
        kind: "shopify",
        name: "Shopify",
        externalRef: domain,
        settings: { stockMaster: "ledger" },
      },
    });
    await t.db.channelLocation.create({
      data: {
        shopId: shop.id,
        channelId: channel.id,
        locationId: warehouse.id,
        externalLocationId: String(store.location("Warehouse").id),
      },
    });
    await t.db.inventoryItem.createMany({ data: skus.map((sku) => ({ shopId: shop.id, sku, title: sku })) });
    const items = await t.db.inventoryItem.findMany({ where: { shopId: shop.id }, orderBy: { sku: "asc" } });
    await t.db.channelListing.createMany({
      data: items.map((item) => ({
        shopId: shop.id,
        channelId: channel.id,
        itemId: item.id,
        externalProductId: "p",
        externalInventoryItemId: inventoryItemIds.get(item.sku)!,
        lastPushedQty: storeStock,
        lastPushedAt: new Date(Date.now() - 60 * 60 * 1000),
        syncState: "ok",
      })),
    });

    const sent: Sent[] = [];
    const real = createShopifyAdmin({ shopDomain: domain, accessToken: `token-${domain}`, buckets: new CostBuckets() });
    let loseNextAnswer = false;
    const admin: ShopifyAdmin = {
      shopDomain: real.shopDomain,
      endpoint: real.endpoint,
      async request(query, variables, requestOptions) {
        sent.push({ query, variables });
        const answer = await real.request(query, variables, requestOptions);
        if (loseNextAnswer) {
          loseNextAnswer = false;
          throw new Error("socket hang up");
        }
        return answer;
      },
    };
    registerPusher(createShopifyPusher({ admin: async () => admin }));

    const receive = async (onHand: number) =>
      recordMovements(
        t.db,
        shop.id,
        items.map((item) => ({
          itemId: item.id,
          locationId: warehouse.id,
          kind: "receipt" as const,
          onHandDelta: onHand,
          committedDelta: 0,
          source: "test",
          idempotencyKey: `receipt:${item.id}:${onHand}`,
        })),
      );
    if (options.ledgerStock) await receive(options.ledgerStock);
    return {
      store,
      shop,
      channel,
      items,
      skus,
      sent,
      loseNextAnswer: () => (loseNextAnswer = true),
      mutations: () => sent.filter((call) => call.query.includes("inventorySetQuantities")),
      listing: (itemId: string) =>
        t.db.channelListing.findUniqueOrThrow({ where: { channelId_itemId: { channelId: channel.id, itemId } } }),
    };
  }

  it("sets 300 levels on the store in exactly 2 calls", async () => {
    const s = await setup(300, { ledgerStock: 4 });
    await planPushes(t.db, s.shop.id);
    const first = await pushChannel(t.db, s.channel.id);
    expect(first).toMatchObject({ pushed: 250, failed: 0, dead: 0, more: true });
    const second = await pushChannel(t.db, s.channel.id);
    expect(second).toMatchObject({ pushed: 50, failed: 0, dead: 0, more: false });
    expect(s.sent).toHaveLength(2);
    expect(s.mutations().map((call) => (call.variables?.input as { quantities: unknown[] }).quantities.length)).toEqual(
      [250, 50],
    );
    for (const sku of s.skus) expect(s.store.levels(sku).Warehouse?.available).toBe(4);
    expect(await t.db.channelListing.count({ where: { channelId: s.channel.id, syncState: "ok" } })).toBe(300);
    const input = s.mutations()[0]!.variables?.input as Record<string, unknown>;
    expect(input).toMatchObject({ name: "available", reason: "correction" });
    expect(input.referenceDocumentUri).toMatch(/^gid:\/\/channelledger\/Sync\//);
  });

  it("retries a compare made stale by a sale on the store and ends with the ledger's sellable quantity", async () => {
    const s = await setup(1, { storeStock: 5, ledgerStock: 10 });
    const item = s.items[0]!;
    await planPushes(t.db, s.shop.id);
    // Between plan and push a shopper buys 2 on Shopify: available 5 → 3.
    const order = await s.store.placeOrder({ lines: [{ sku: s.skus[0]!, quantity: 2 }] });
    const stale = await pushChannel(t.db, s.channel.id, { backoffMs: 0 });
    expect(stale).toMatchObject({ pushed: 0, failed: 1, dead: 0 });
    expect(s.store.levels(s.skus[0]!).Warehouse?.available).toBe(3);
    expect(await s.listing(item.id)).toMatchObject({ syncState: "failed", lastSeenQty: 3, lastPushedQty: 5 });

    // The order reaches the ledger (its webhook): the item is re-planned at 10 - 2 = 8.
    await applyChannelEvent(
      t.db,
      s.channel,
      { type: "order.upserted", order: snapshot(String(order.id), 1, [{ sku: s.skus[0]!, quantity: 2 }]) },
      { source: "test" },
    );
    await planPushes(t.db, s.shop.id);
    const retried = await pushChannel(t.db, s.channel.id, { backoffMs: 0 });
    expect(retried).toMatchObject({ pushed: 1, failed: 0, dead: 0 });
    const quantities = s
      .mutations()
      .map(
        (call) =>
          (call.variables?.input as { quantities: { changeFromQuantity: number; quantity: number }[] }).quantities[0],
      );
    expect(quantities).toEqual([
      expect.objectContaining({ changeFromQuantity: 5, quantity: 10 }),
      expect.objectContaining({ changeFromQuantity: 3, quantity: 8 }),
    ]);
    expect(s.store.levels(s.skus[0]!).Warehouse).toMatchObject({ available: 8, committed: 2, on_hand: 10 });
    expect(await s.listing(item.id)).toMatchObject({ syncState: "ok", lastPushedQty: 8 });
    expect(await t.db.oversell.count({ where: { shopId: s.shop.id } })).toBe(0);
    const level = await t.db.stockLevel.findFirstOrThrow({ where: { itemId: item.id } });
    expect(level.onHand - level.committed).toBe(8);
  });

  it("pushes the rest of an all-or-nothing call again when one quantity is stale", async () => {
    const s = await setup(2, { storeStock: 5, ledgerStock: 9 });
    await planPushes(t.db, s.shop.id);
    await s.store.setAvailable({ sku: s.skus[0]!, location: "Warehouse", available: 4 });
    expect(await pushChannel(t.db, s.channel.id, { backoffMs: 0 })).toMatchObject({ pushed: 1, failed: 1 });
    expect(s.store.levels(s.skus[0]!).Warehouse?.available).toBe(4);
    expect(s.store.levels(s.skus[1]!).Warehouse?.available).toBe(9);
    expect(await s.listing(s.items[0]!.id)).toMatchObject({ syncState: "failed", lastSeenQty: 4 });
    // The engine's retry compares against what Shopify showed when we re-read it.
    expect(await pushChannel(t.db, s.channel.id, { backoffMs: 0 })).toMatchObject({ pushed: 1, failed: 0 });
    expect(s.store.levels(s.skus[0]!).Warehouse?.available).toBe(9);
    expect(await t.db.channelListing.count({ where: { channelId: s.channel.id, syncState: "ok" } })).toBe(2);
  });

  it("sends the same idempotency key when the same intent is retried, and Shopify applies it once", async () => {
    const s = await setup(3, { storeStock: 1, ledgerStock: 6 });
    await planPushes(t.db, s.shop.id);
    s.loseNextAnswer();
    expect(await pushChannel(t.db, s.channel.id, { backoffMs: 0 })).toMatchObject({ pushed: 0, failed: 3 });
    expect(await pushChannel(t.db, s.channel.id, { backoffMs: 0 })).toMatchObject({ pushed: 3, failed: 0 });
    const [lost, retry] = s.mutations();
    expect(retry!.variables?.idempotencyKey).toBe(lost!.variables?.idempotencyKey);
    expect(retry!.variables).toEqual(lost!.variables);
    for (const sku of s.skus) expect(s.store.levels(sku).Warehouse?.available).toBe(6);
    const levelUpdates = sim.webhooks.deliveries.filter(
      (delivery) => delivery.topic === "inventory_levels/update" && delivery.shopDomain === s.store.domain,
    );
    expect(levelUpdates).toHaveLength(3);
  });

  it("parks a listing Shopify refuses as dead, and still pushes the rest of the call", async () => {
    const s = await setup(2, { storeStock: 0, ledgerStock: 3 });
    const [broken, fine] = s.items;
    await t.db.channelListing.update({
      where: { channelId_itemId: { channelId: s.channel.id, itemId: broken!.id } },
      data: { externalInventoryItemId: "999999999" },
    });
    await planPushes(t.db, s.shop.id);
    expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 1, failed: 0, dead: 1 });
    expect(await s.listing(broken!.id)).toMatchObject({
      syncState: "dead",
      lastError: "The specified inventory item could not be found.",
    });
    expect(await s.listing(fine!.id)).toMatchObject({ syncState: "ok", lastPushedQty: 3 });
    expect(s.store.levels(s.skus[1]!).Warehouse?.available).toBe(3);
  });

  it("reads the level first when it does not know what Shopify shows", async () => {
    const s = await setup(1, { storeStock: 7, ledgerStock: 2 });
    await t.db.channelListing.updateMany({
      where: { channelId: s.channel.id },
      data: { lastPushedQty: null, lastPushedAt: null },
    });
    await planPushes(t.db, s.shop.id);
    expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 1 });
    expect(s.sent).toHaveLength(2);
    expect(s.mutations()[0]!.variables?.input).toMatchObject({ quantities: [{ changeFromQuantity: 7, quantity: 2 }] });
    expect(s.store.levels(s.skus[0]!).Warehouse?.available).toBe(2);
  });
});
