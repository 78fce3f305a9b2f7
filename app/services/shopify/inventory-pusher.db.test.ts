import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdmin, type ShopifyAdmin } from "../../../connectors/shopify/admin/client";
import { CostBuckets } from "../../../connectors/shopify/admin/cost-bucket";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startShopifySimMsw } from "../../../test/sim/shopify/msw";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import { snapshot } from "../../../test/support/ledger-fixtures.ts";
import type { InventoryLevelChanged } from "../../../connectors/events";
import { parseInventoryLevelWebhook } from "../../../connectors/shopify/parse-inventory-level";
import { applyChannelEvent } from "../ledger/apply-channel-event.server";
import { applyInventoryLevel, SET_BACK_GRACE_MS } from "../ledger/inventory-level.server";
import { recordMovements } from "../ledger/record-movements.server";
import { readLocationQuantities } from "../sync/location-quantities.server";
import { planPushes } from "../sync/plan.server";
import { pushChannel } from "../sync/push.server";
import { registerPusher } from "../sync/pushers";
import { packCalls } from "./inventory-calls.server";
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

  describe("with two sellable locations", () => {
    type Stock = { Warehouse: number; Storefront: number };

    /**
     * A store with `count` variants stocked at Warehouse and Storefront (`store`), and a ledger shop whose Shopify
     * channel sells from both (mapped sellable, Warehouse first), with `ledger` on hand at each. The listings were
     * last pushed the old way: the store's Warehouse figure, at Warehouse, an hour ago.
     */
    async function setupTwo(options: { count?: number; store: Stock; ledger: Stock; settings?: object }) {
      const count = options.count ?? 1;
      stores += 1;
      const domain = `push-${stores}.myshopify.com`;
      const store = sim.createShop({ domain, accessToken: `token-${domain}`, locations: ["Warehouse", "Storefront"] });
      const skus = Array.from({ length: count }, (_, n) => `TEE-${stores}-${n}`);
      for (let start = 0; start < count; start += 100) {
        store.addProduct({
          title: `Tee ${start}`,
          variants: skus.slice(start, start + 100).map((sku) => ({ sku, title: sku, stock: { ...options.store } })),
        });
      }
      const inventoryItemIds = new Map(
        [...store.state.inventoryItems.values()].map((item) => [item.sku!, String(item.id)]),
      );
      const external = {
        Warehouse: String(store.location("Warehouse").id),
        Storefront: String(store.location("Storefront").id),
      };

      const shop = await t.db.shop.create({ data: { name: `Ledger for ${domain}` } });
      // Ids fix the order the engine takes the locations in (by ledger location id): Warehouse first.
      const warehouse = await t.db.location.create({
        data: { id: `${shop.id}-1-warehouse`, shopId: shop.id, name: "Warehouse" },
      });
      const storefront = await t.db.location.create({
        data: { id: `${shop.id}-2-storefront`, shopId: shop.id, name: "Storefront" },
      });
      const channel = await t.db.channel.create({
        data: {
          shopId: shop.id,
          kind: "shopify",
          name: "Shopify",
          externalRef: domain,
          settings: { stockMaster: "ledger", ...options.settings },
        },
      });
      await t.db.channelLocation.createMany({
        data: [
          { shopId: shop.id, channelId: channel.id, locationId: warehouse.id, externalLocationId: external.Warehouse },
          {
            shopId: shop.id,
            channelId: channel.id,
            locationId: storefront.id,
            externalLocationId: external.Storefront,
          },
        ],
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
          lastPushedQty: options.store.Warehouse,
          lastPushedAt: new Date(Date.now() - 60 * 60 * 1000),
          syncState: "ok",
        })),
      });

      const sent: Sent[] = [];
      const real = createShopifyAdmin({
        shopDomain: domain,
        accessToken: `token-${domain}`,
        buckets: new CostBuckets(),
      });
      const admin: ShopifyAdmin = {
        shopDomain: real.shopDomain,
        endpoint: real.endpoint,
        async request(query, variables, requestOptions) {
          sent.push({ query, variables });
          return real.request(query, variables, requestOptions);
        },
      };
      registerPusher(createShopifyPusher({ admin: async () => admin }));

      const receive = (locationId: string, units: number, key: string) =>
        recordMovements(
          t.db,
          shop.id,
          items.map((item) => ({
            itemId: item.id,
            locationId,
            kind: "receipt" as const,
            onHandDelta: units,
            committedDelta: 0,
            source: "test",
            idempotencyKey: `${key}:${item.id}`,
          })),
        );
      if (options.ledger.Warehouse) await receive(warehouse.id, options.ledger.Warehouse, "warehouse");
      if (options.ledger.Storefront) await receive(storefront.id, options.ledger.Storefront, "storefront");

      const deliveries = () =>
        sim.webhooks.deliveries.filter(
          (delivery) => delivery.topic === "inventory_levels/update" && delivery.shopDomain === domain,
        );
      return {
        store,
        shop,
        channel,
        items,
        skus,
        external,
        warehouse,
        storefront,
        sent,
        receive,
        mutations: () => sent.filter((call) => call.query.includes("inventorySetQuantities")),
        /** The locations each level read asked about, in order. */
        reads: () =>
          sent
            .filter((call) => call.query.includes("ChannelLedgerInventoryItemLevels"))
            .map((call) => String(call.variables?.locationId)),
        listing: (itemId: string) =>
          t.db.channelListing.findUniqueOrThrow({ where: { channelId_itemId: { channelId: channel.id, itemId } } }),
        perLocation: async (itemId: string) =>
          readLocationQuantities(
            (
              await t.db.channelListing.findUniqueOrThrow({
                where: { channelId_itemId: { channelId: channel.id, itemId } },
              })
            ).locationQuantities,
          ),
        /** The store's inventory_levels/update webhooks from the `from`th on, as the ledger receives them. */
        levelEvents: (from: number) =>
          deliveries()
            .slice(from)
            .flatMap((delivery) => {
              const parsed = parseInventoryLevelWebhook(JSON.parse(delivery.body));
              return "events" in parsed
                ? parsed.events.filter(
                    (event): event is InventoryLevelChanged => event.type === "inventory_level.changed",
                  )
                : [];
            }),
        deliveryCount: () => deliveries().length,
        drift: () => t.db.syncDrift.findMany({ where: { channelId: channel.id }, orderBy: { createdAt: "asc" } }),
      };
    }

    const quantitiesOf = (call: Sent) =>
      (
        call.variables?.input as {
          quantities: { inventoryItemId: string; locationId: string; quantity: number; changeFromQuantity: number }[];
        }
      ).quantities;
    const sumOver = (levels: Record<string, { available: number }>) =>
      Object.values(levels).reduce((total, level) => total + level.available, 0);

    it("shows the ledger's sellable as the store's sum: each location its own share (the 45 + 8 oversell)", async () => {
      // The reported case: Storefront holds 8 on Shopify and in the ledger; the ledger's sellable is 45 + 8 = 53.
      // Setting 53 at Warehouse (the old push) would have made the store show 61.
      const s = await setupTwo({ store: { Warehouse: 45, Storefront: 8 }, ledger: { Warehouse: 45, Storefront: 8 } });
      const sku = s.skus[0]!;
      await planPushes(t.db, s.shop.id);
      expect(await s.listing(s.items[0]!.id)).toMatchObject({ desiredQty: 53, syncState: "queued" });
      expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 1, failed: 0, dead: 0 });

      // Warehouse compared against the old push; Storefront, never pushed, read first. One call for both.
      expect(s.reads()).toEqual([`gid://shopify/Location/${s.external.Storefront}`]);
      expect(s.mutations()).toHaveLength(1);
      expect(quantitiesOf(s.mutations()[0]!)).toEqual([
        expect.objectContaining({
          locationId: `gid://shopify/Location/${s.external.Warehouse}`,
          quantity: 45,
          changeFromQuantity: 45,
        }),
        expect.objectContaining({
          locationId: `gid://shopify/Location/${s.external.Storefront}`,
          quantity: 8,
          changeFromQuantity: 8,
        }),
      ]);
      expect(s.store.levels(sku).Warehouse?.available).toBe(45);
      expect(s.store.levels(sku).Storefront?.available).toBe(8);
      expect(sumOver(s.store.levels(sku))).toBe(53);
      expect(await s.listing(s.items[0]!.id)).toMatchObject({ syncState: "ok", lastPushedQty: 53 });
      expect(await s.perLocation(s.items[0]!.id)).toMatchObject({
        [s.external.Warehouse]: { pushed: 45 },
        [s.external.Storefront]: { pushed: 8, seen: 8 },
      });

      // Stock moves in the ledger: a sale of 3 at Storefront. The next push sets both, against what we pushed.
      await recordMovements(t.db, s.shop.id, [
        {
          itemId: s.items[0]!.id,
          locationId: s.storefront.id,
          kind: "adjustment",
          onHandDelta: -3,
          committedDelta: 0,
          source: "test",
          idempotencyKey: "storefront-shrink",
        },
      ]);
      await planPushes(t.db, s.shop.id);
      expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 1 });
      expect(s.reads()).toHaveLength(1);
      expect(s.store.levels(sku).Warehouse?.available).toBe(45);
      expect(s.store.levels(sku).Storefront?.available).toBe(5);
      expect(await s.listing(s.items[0]!.id)).toMatchObject({ syncState: "ok", lastPushedQty: 50, desiredQty: 50 });
    });

    it("takes what the channel's rules hold back off the largest location", async () => {
      const s = await setupTwo({
        store: { Warehouse: 0, Storefront: 0 },
        ledger: { Warehouse: 45, Storefront: 8 },
        settings: { safetyStock: 5 },
      });
      await planPushes(t.db, s.shop.id);
      expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 1 });
      expect(s.store.levels(s.skus[0]!)).toMatchObject({ Warehouse: { available: 40 }, Storefront: { available: 8 } });
      expect(await s.listing(s.items[0]!.id)).toMatchObject({ desiredQty: 48, lastPushedQty: 48 });
    });

    it("packs 200 listings × 2 locations into calls of at most 250 quantities, an item's locations together", async () => {
      const s = await setupTwo({
        count: 200,
        store: { Warehouse: 1, Storefront: 1 },
        ledger: { Warehouse: 6, Storefront: 2 },
      });
      await planPushes(t.db, s.shop.id);
      expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 200, failed: 0, dead: 0, more: false });
      expect(s.mutations().map((call) => quantitiesOf(call).length)).toEqual([250, 150]);
      const keys = s.mutations().map((call) => call.variables?.idempotencyKey);
      expect(new Set(keys).size).toBe(2);
      for (const sku of s.skus) {
        expect(s.store.levels(sku)).toMatchObject({ Warehouse: { available: 6 }, Storefront: { available: 2 } });
      }
    });

    it("retries a compare made stale at one location only, re-reading just that location", async () => {
      const s = await setupTwo({ store: { Warehouse: 0, Storefront: 0 }, ledger: { Warehouse: 10, Storefront: 4 } });
      const item = s.items[0]!;
      const sku = s.skus[0]!;
      await planPushes(t.db, s.shop.id);
      expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 1 });
      const readsBefore = s.reads().length;

      // The merchant edits Storefront on Shopify (its webhook has not reached the ledger), and the ledger receives 2
      // more at Warehouse: the push compares Storefront against 4, which Shopify no longer holds.
      await s.store.setAvailable({ sku, location: "Storefront", available: 1 });
      await s.receive(s.warehouse.id, 2, "more");
      await planPushes(t.db, s.shop.id);
      expect(await pushChannel(t.db, s.channel.id, { backoffMs: 0 })).toMatchObject({ pushed: 0, failed: 1 });
      expect(s.reads().slice(readsBefore)).toEqual([`gid://shopify/Location/${s.external.Storefront}`]);
      // All or nothing: Warehouse was not set either.
      expect(s.store.levels(sku)).toMatchObject({ Warehouse: { available: 10 }, Storefront: { available: 1 } });
      expect(await s.perLocation(item.id)).toMatchObject({
        [s.external.Warehouse]: { pushed: 10 },
        [s.external.Storefront]: { pushed: 4, seen: 1 },
      });
      expect(await s.listing(item.id)).toMatchObject({ syncState: "failed", lastPushedQty: 14, lastSeenQty: 11 });
      expect((await s.listing(item.id)).lastError).toMatch(/changed since our last push .*now 1/);

      // The engine's retry compares Warehouse against what we pushed and Storefront against what we read.
      expect(await pushChannel(t.db, s.channel.id, { backoffMs: 0 })).toMatchObject({ pushed: 1, failed: 0 });
      expect(quantitiesOf(s.mutations().at(-1)!)).toEqual([
        expect.objectContaining({ quantity: 12, changeFromQuantity: 10 }),
        expect.objectContaining({ quantity: 4, changeFromQuantity: 1 }),
      ]);
      expect(s.store.levels(sku)).toMatchObject({ Warehouse: { available: 12 }, Storefront: { available: 4 } });
      expect(sumOver(s.store.levels(sku))).toBe(16);
      expect(await s.listing(item.id)).toMatchObject({ syncState: "ok", lastPushedQty: 16 });
    });

    it("recognises the echo of the push at each location, and records no drift", async () => {
      const s = await setupTwo({ store: { Warehouse: 3, Storefront: 3 }, ledger: { Warehouse: 7, Storefront: 5 } });
      await planPushes(t.db, s.shop.id);
      const from = s.deliveryCount();
      expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 1 });
      const echoes = s.levelEvents(from);
      expect(echoes.map((event) => [event.locationExternalId, event.available])).toEqual([
        [s.external.Warehouse, 7],
        [s.external.Storefront, 5],
      ]);
      const before = await s.listing(s.items[0]!.id);
      for (const echo of echoes) {
        expect(await applyChannelEvent(t.db, s.channel, echo, { source: "test" })).toEqual({
          outcome: "ignored",
          detail: "echo of our own push",
        });
      }
      expect(await s.drift()).toEqual([]);
      expect(await s.listing(s.items[0]!.id)).toMatchObject({
        syncState: "ok",
        lastSeenQty: before.lastSeenQty,
        lastSeenAt: before.lastSeenAt,
      });
    });

    it("sets back a Shopify-side edit at the second location after the grace window", async () => {
      const s = await setupTwo({ store: { Warehouse: 0, Storefront: 0 }, ledger: { Warehouse: 45, Storefront: 8 } });
      const item = s.items[0]!;
      const sku = s.skus[0]!;
      await planPushes(t.db, s.shop.id);
      expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 1 });

      // The merchant sets Storefront to 2 in the Shopify admin.
      const from = s.deliveryCount();
      await s.store.setAvailable({ sku, location: "Storefront", available: 2 });
      const [edit] = s.levelEvents(from);
      expect(edit).toMatchObject({ locationExternalId: s.external.Storefront, available: 2 });
      const now = new Date();
      expect(await applyInventoryLevel(t.db, s.channel, edit!, { source: "test" }, { now: () => now })).toEqual({
        outcome: "applied",
        detail: `Shopify showed 2 at location ${s.external.Storefront} where the ledger has 8: set back in 10s`,
      });
      expect(await s.drift()).toEqual([
        expect.objectContaining({ expectedQty: 8, channelQty: 2, cause: "channel_edit", action: "set_back" }),
      ]);
      // The channel-wide view: 45 at Warehouse (pushed) + 2 at Storefront (seen).
      expect(await s.listing(item.id)).toMatchObject({
        syncState: "queued",
        lastSeenQty: 47,
        nextPushAt: new Date(now.getTime() + SET_BACK_GRACE_MS),
      });
      expect(await s.perLocation(item.id)).toMatchObject({ [s.external.Storefront]: { pushed: 8, seen: 2 } });

      // Not within the window; after it, Storefront goes back to 8 (compared against the 2 seen), Warehouse stays.
      expect(await pushChannel(t.db, s.channel.id, { now: new Date(now.getTime() + 5_000) })).toMatchObject({
        pushed: 0,
      });
      const beforeSetBack = s.deliveryCount();
      expect(
        await pushChannel(t.db, s.channel.id, { now: new Date(now.getTime() + SET_BACK_GRACE_MS + 1) }),
      ).toMatchObject({ pushed: 1 });
      expect(quantitiesOf(s.mutations().at(-1)!)).toEqual([
        expect.objectContaining({ quantity: 45, changeFromQuantity: 45 }),
        expect.objectContaining({ quantity: 8, changeFromQuantity: 2 }),
      ]);
      expect(s.store.levels(sku)).toMatchObject({ Warehouse: { available: 45 }, Storefront: { available: 8 } });
      expect(await s.listing(item.id)).toMatchObject({ syncState: "ok", lastPushedQty: 53 });

      // The set-back's own webhook (Storefront only: Warehouse did not change) is its echo.
      const setBackEchoes = s.levelEvents(beforeSetBack);
      expect(setBackEchoes.map((event) => [event.locationExternalId, event.available])).toEqual([
        [s.external.Storefront, 8],
      ]);
      expect(await applyChannelEvent(t.db, s.channel, setBackEchoes[0]!, { source: "test" })).toEqual({
        outcome: "ignored",
        detail: "echo of our own push",
      });
      expect(await s.drift()).toHaveLength(1);
    });

    it("gives a location that does not stock the item no share: the others show the whole quantity", async () => {
      const s = await setupTwo({ store: { Warehouse: 0, Storefront: 0 }, ledger: { Warehouse: 6, Storefront: 3 } });
      // Another item, stocked on Shopify at Warehouse only.
      const [variant] = s.store.addProduct({
        title: "Warehouse only",
        variants: [{ sku: "WH-ONLY", title: "WH-ONLY", stock: { Warehouse: 0 } }],
      }).variantIds;
      const inventoryItemId = String(s.store.state.variants.get(variant!)!.inventoryItemId);
      const only = await t.db.inventoryItem.create({ data: { shopId: s.shop.id, sku: "WH-ONLY", title: "WH-ONLY" } });
      await t.db.channelListing.create({
        data: {
          shopId: s.shop.id,
          channelId: s.channel.id,
          itemId: only.id,
          externalProductId: "p",
          externalInventoryItemId: inventoryItemId,
          lastPushedQty: 0,
          lastPushedAt: new Date(Date.now() - 60 * 60 * 1000),
          syncState: "ok",
        },
      });
      await recordMovements(t.db, s.shop.id, [
        {
          itemId: only.id,
          locationId: s.warehouse.id,
          kind: "receipt",
          onHandDelta: 4,
          committedDelta: 0,
          source: "test",
          idempotencyKey: "wh-only-w",
        },
        {
          itemId: only.id,
          locationId: s.storefront.id,
          kind: "receipt",
          onHandDelta: 1,
          committedDelta: 0,
          source: "test",
          idempotencyKey: "wh-only-s",
        },
      ]);
      await planPushes(t.db, s.shop.id);
      expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 2, failed: 0, dead: 0 });
      expect(s.store.levels("WH-ONLY")).toEqual({ Warehouse: expect.objectContaining({ available: 5 }) });
      expect(s.store.levels(s.skus[0]!)).toMatchObject({ Warehouse: { available: 6 }, Storefront: { available: 3 } });
    });
  });
});

describe("packCalls", () => {
  it.each([
    ["one location: 250 items a call", [300, 1], [250, 50]],
    ["two locations: whole items, at most 250 a call", [200, 2], [250, 150]],
    ["three locations: 83 items fill 249", [100, 3], [249, 51]],
    ["an item with more locations than a call spans calls", [1, 300], [250, 50]],
  ])("%s", (_label, [items, locations], expected) => {
    const byItem = Array.from({ length: items! }, (_, item) =>
      Array.from({ length: locations! }, (_, at) => `${item}@${at}`),
    );
    const calls = packCalls(byItem, 250);
    expect(calls.map((call) => call.length)).toEqual(expected);
    expect(calls.flat()).toEqual(byItem.flat());
  });
});
