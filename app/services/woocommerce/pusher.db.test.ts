import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatStockRef } from "../../../connectors/woocommerce/stock-ref";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startWooSimMsw } from "../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../test/sim/woocommerce/sim";
import type { StoreHandle } from "../../../test/sim/woocommerce/store-handle";
import { recordMovements } from "../ledger/record-movements.server";
import { planPushes } from "../sync/plan.server";
import { pushChannel } from "../sync/push.server";
import { registerPusher } from "../sync/pushers";
import { createWooPusher } from "./pusher.server";
import { WOO_KEYS, wooChannel, wooClientOf, wooListings, wooStore } from "./test-support";

// The WooCommerce pusher through the sync engine (planPushes, pushChannel) against the simulated store over msw:
// batches of at most 100 per call, products and variations apart, per-item refusals, 429 and refused keys.

const BATCH = "/wp-json/wc/v3/products/batch";
const variationBatch = (parentId: number) => `/wp-json/wc/v3/products/${parentId}/variations/batch`;

describe("WooCommerce stock pusher", () => {
  let t: TestDb;
  const sim = createWooSim({ webhooks: { auto: false } });
  const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });
  const sleeps: number[] = [];
  let keys = WOO_KEYS;

  beforeAll(async () => {
    t = await createTestDb();
  });
  afterEach(() => {
    sim.faults.clear();
    sleeps.length = 0;
    keys = WOO_KEYS;
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  /** A store with simple products; the ledger lists them and holds `onHand` of each. */
  async function simpleProducts(count: number, onHand: number) {
    const store = wooStore(sim, "push");
    const skus = Array.from({ length: count }, (_, n) => `SKU-${n}`);
    for (const sku of skus) store.addProduct({ name: sku, sku, price: "10.00", stock: 0 });
    return { store, skus, ...(await ledgerFor(store, skus, onHand)) };
  }

  async function ledgerFor(store: StoreHandle, skus: string[], onHand: number, refs?: Map<string, string | null>) {
    const target = await wooChannel(t.db, store);
    registerPusher(
      createWooPusher({
        client: async () => wooClientOf(store, keys),
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      }),
    );
    const entries = skus.map((sku) => ({
      sku,
      stockRef: refs?.has(sku) ? refs.get(sku)! : formatStockRef({ kind: "product", id: store.product(sku).id }),
    }));
    const listings = await wooListings(t.db, target, entries, { onHand });
    await planPushes(t.db, target.shop.id);
    return { ...target, ...listings };
  }

  it("sets 250 quantities in exactly 3 batch calls and records what it pushed", async () => {
    const s = await simpleProducts(250, 4);
    const summaries = [];
    for (let call = 0; call < 3; call++) summaries.push(await pushChannel(t.db, s.channel.id));
    expect(summaries.map(({ pushed, failed, dead, more }) => ({ pushed, failed, dead, more }))).toEqual([
      { pushed: 100, failed: 0, dead: 0, more: true },
      { pushed: 100, failed: 0, dead: 0, more: true },
      { pushed: 50, failed: 0, dead: 0, more: false },
    ]);
    expect(s.store.countRequests("POST", BATCH)).toBe(3);
    expect(s.store.countRequests()).toBe(3);
    for (const sku of s.skus) expect(s.store.stock(sku)).toMatchObject({ manage_stock: true, stock_quantity: 4 });
    const listing = await s.listing("SKU-7");
    expect(listing).toMatchObject({ lastPushedQty: 4, syncState: "ok", pushAttempts: 0, lastError: null });
    expect(listing.lastPushedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await t.db.channelListing.count({ where: { channelId: s.channel.id, syncState: "ok" } })).toBe(250);
  });

  it("fails only the listing WooCommerce refused in a batch, and parks it when retrying cannot help", async () => {
    const store = wooStore(sim, "per-item");
    for (const sku of ["A", "B", "C"]) store.addProduct({ name: sku, sku, price: "5.00", stock: 1 });
    // GONE's product was deleted for good in WooCommerce; its listing still names it.
    const refs = new Map([["GONE", "product:987654"]]);
    const s = await ledgerFor(store, ["A", "B", "GONE", "C"], 6, refs);
    const summary = await pushChannel(t.db, s.channel.id);
    expect(summary).toMatchObject({ pushed: 3, failed: 0, dead: 1 });
    expect(store.countRequests("POST", BATCH)).toBe(1);
    for (const sku of ["A", "B", "C"]) expect(store.stock(sku).stock_quantity).toBe(6);
    const gone = await s.listing("GONE");
    expect(gone.syncState).toBe("dead");
    expect(gone.lastError).toMatch(
      /WooCommerce refused the stock of product 987654: .*\(woocommerce_rest_product_invalid_id\)/,
    );
    expect(gone.lastPushedQty).toBe(0);
  });

  it("waits out a short Retry-After and sends the batch again", async () => {
    const s = await simpleProducts(3, 2);
    sim.faults.queue({ kind: "http429", retryAfterSeconds: 2, path: BATCH });
    const summary = await pushChannel(t.db, s.channel.id);
    expect(summary).toMatchObject({ pushed: 3, failed: 0, dead: 0 });
    expect(sleeps).toEqual([2_000]);
    expect(s.store.countRequests("POST", BATCH)).toBe(2);
    for (const sku of s.skus) expect(s.store.stock(sku).stock_quantity).toBe(2);
  });

  it("leaves a long Retry-After to the engine's backoff: all listings retryable, none lost", async () => {
    const s = await simpleProducts(3, 2);
    sim.faults.queue({ kind: "http429", retryAfterSeconds: 120, path: BATCH });
    const first = await pushChannel(t.db, s.channel.id);
    expect(first).toMatchObject({ pushed: 0, failed: 3, dead: 0 });
    expect(sleeps).toEqual([]);
    const listing = await s.listing("SKU-0");
    expect(listing).toMatchObject({ syncState: "failed", pushAttempts: 1 });
    expect(listing.lastError).toContain("rate-limiting us (429, retry after 120 s)");
    expect(listing.nextPushAt).not.toBeNull();
    const retry = await pushChannel(t.db, s.channel.id, { now: new Date(Date.now() + 60 * 60 * 1000) });
    expect(retry).toMatchObject({ pushed: 3, failed: 0, dead: 0 });
  });

  it("retries after a 5xx from the store's host", async () => {
    const s = await simpleProducts(2, 5);
    sim.faults.queue({ kind: "http5xx", status: 503, path: BATCH });
    expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 0, failed: 2, dead: 0 });
    expect((await s.listing("SKU-1")).lastError).toMatch(/HTTP 503/);
    expect(await pushChannel(t.db, s.channel.id, { now: new Date(Date.now() + 60_000) })).toMatchObject({ pushed: 2 });
    expect(s.store.stock("SKU-1").stock_quantity).toBe(5);
  });

  it("parks every listing when WooCommerce refuses the keys, asking for a reconnection", async () => {
    const s = await simpleProducts(2, 5);
    keys = { ...WOO_KEYS, consumerSecret: "cs_revoked" };
    expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 0, failed: 0, dead: 2 });
    expect((await s.listing("SKU-0")).lastError).toMatch(/refused our API keys .*: reconnect the channel/);
    expect(s.store.countRequests("POST", BATCH)).toBe(1);
  });

  it("never sets the quantity of an item the ledger has not counted, and sends it once it is", async () => {
    const store = wooStore(sim, "uncounted");
    store.addProduct({ name: "Vase", sku: "VASE", price: "30.00", stock: 7 });
    const target = await wooChannel(t.db, store);
    registerPusher(createWooPusher({ client: async () => wooClientOf(store) }));
    const ref = formatStockRef({ kind: "product", id: store.product("VASE").id });
    const { items, listing } = await wooListings(t.db, target, [{ sku: "VASE", stockRef: ref }], { lastPushed: 7 });
    // Listed and due for planning (a new listing is), but no movement ever said how many there are.
    await t.db.channelListing.updateMany({ where: { channelId: target.channel.id }, data: { syncState: "pending" } });
    await planPushes(t.db, target.shop.id);
    expect(await pushChannel(t.db, target.channel.id)).toMatchObject({ pushed: 0, dead: 1 });
    expect((await listing("VASE")).lastError).toMatch(/^ChannelLedger has no stock count for this item yet/);
    expect(store.stock("VASE").stock_quantity).toBe(7);
    expect(store.countRequests()).toBe(0);

    await recordMovements(t.db, target.shop.id, [
      {
        itemId: items[0]!.id,
        locationId: target.location.id,
        kind: "count",
        onHandDelta: 4,
        committedDelta: 0,
        source: "test",
        idempotencyKey: "count:vase",
      },
    ]);
    await planPushes(t.db, target.shop.id);
    expect(await pushChannel(t.db, target.channel.id)).toMatchObject({ pushed: 1, dead: 0 });
    expect(store.stock("VASE").stock_quantity).toBe(4);
  });

  it("writes variations through their parent's batch, one call per parent, and parent-held stock to the parent", async () => {
    const store = wooStore(sim, "variations");
    store.addProduct({ name: "Mug", sku: "MUG", price: "9.00", stock: 0 });
    for (const name of ["Tee", "Hoodie"]) {
      store.addProduct({
        type: "variable",
        name,
        variations: ["S", "M"].map((size) => ({
          sku: `${name.toUpperCase()}-${size}`,
          price: "20.00",
          stock: 0,
          attributes: { Size: size },
        })),
      });
    }
    // A cap whose variations sell from the parent's stock: the listing's record is the parent product.
    const cap = store.addProduct({
      type: "variable",
      name: "Cap",
      stock: 0,
      variations: [{ sku: "CAP-ONE", price: "15.00", attributes: { Size: "One" } }],
    });
    const skus = ["MUG", "TEE-S", "TEE-M", "HOODIE-S", "HOODIE-M", "CAP-ONE"];
    const refs = new Map<string, string | null>([["CAP-ONE", formatStockRef({ kind: "product", id: cap.id })]]);
    for (const sku of skus.slice(1, 5)) {
      const variation = store.variation(sku);
      refs.set(sku, formatStockRef({ kind: "variation", parentId: variation.parent_id, id: variation.id }));
    }
    const s = await ledgerFor(store, skus, 3, refs);
    expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 6, failed: 0, dead: 0 });
    expect(store.countRequests("POST", BATCH)).toBe(1);
    expect(store.countRequests("POST", variationBatch(store.variation("TEE-S").parent_id))).toBe(1);
    expect(store.countRequests("POST", variationBatch(store.variation("HOODIE-M").parent_id))).toBe(1);
    expect(store.countRequests()).toBe(3);
    for (const sku of skus) expect(store.stock(sku).stock_quantity).toBe(3);
    expect(store.stock("CAP-ONE").manage_stock).toBe("parent");
  });
});
