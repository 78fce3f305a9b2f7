import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatStockRef } from "../../../connectors/woocommerce/stock-ref";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startWooSimMsw } from "../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../test/sim/woocommerce/sim";
import { wooStore } from "../woocommerce/test-support";
import { levelReaderFor, type LevelReader } from "./level-readers";
import { reconcileChannel } from "./reconcile.server";
import { readReconcileReport } from "./reconcile-report.server";
import { pushAll, wooInStep, wooLedger } from "./reconcile-test-support";

// Reconciliation of a WooCommerce channel against the simulated store over msw: figures changed in the store behind
// the ledger's back (no webhook) are found, recorded as drift with their likely cause, and set back by the next push.

const PRODUCTS = "/wp-json/wc/v3/products";

describe("reconcileChannel on WooCommerce", () => {
  let t: TestDb;
  const sim = createWooSim({ webhooks: { auto: false } });
  const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });

  beforeAll(async () => {
    t = await createTestDb();
  });
  afterEach(() => sim.faults.clear());
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  const drifts = (channelId: string) =>
    t.db.syncDrift.findMany({ where: { channelId }, orderBy: { createdAt: "asc" } });

  it("finds exactly the figures changed behind the ledger's back, queues them, and the push sets them back", async () => {
    const skus = ["MUG", "TEE", "CAP", "BAG"];
    const s = await wooInStep(t.db, sim, skus, { onHand: 6 });
    for (const sku of skus) expect(s.store.stock(sku).stock_quantity).toBe(6);
    s.store.setStock("TEE", 2);
    s.store.setStock("BAG", 9);

    const report = await reconcileChannel(t.db, s.channel.id);
    expect(report).toMatchObject({
      status: "done",
      listings: 4,
      read: 4,
      matched: 2,
      drifted: 2,
      missing: 0,
      skipped: 0,
      queued: 2,
      imported: 0,
      calls: 1,
    });
    const rows = await drifts(s.channel.id);
    expect(rows.map((row) => [row.itemId, row.expectedQty, row.channelQty, row.cause, row.action])).toEqual(
      expect.arrayContaining([
        [s.itemOf("TEE").id, 6, 2, "reconcile", "set_back"],
        [s.itemOf("BAG").id, 6, 9, "reconcile", "set_back"],
      ]),
    );
    expect(rows).toHaveLength(2);
    // Pushed an hour ago, nothing heard since: a lost push or an edit no webhook told us of.
    expect(rows[0]!.detail).toMatch(/^push lost, or changed on the channel without a webhook .*; set back to 6$/);
    const tee = await s.listing("TEE");
    expect(tee).toMatchObject({ syncState: "queued", nextPushAt: null, lastSeenQty: 2 });
    expect((await s.listing("MUG")).syncState).toBe("ok");

    expect(
      await readReconcileReport((await t.db.channel.findUniqueOrThrow({ where: { id: s.channel.id } })).settings),
    ).toEqual(report);

    await pushAll(t.db, s.shop.id, s.channel.id);
    for (const sku of skus) expect(s.store.stock(sku).stock_quantity).toBe(6);
    const again = await reconcileChannel(t.db, s.channel.id);
    expect(again).toMatchObject({ matched: 4, drifted: 0, queued: 0 });
    expect(await drifts(s.channel.id)).toHaveLength(2);
  });

  it("names the likely cause: never pushed, edited on the channel, a sale not yet in the ledger", async () => {
    const s = await wooInStep(t.db, sim, ["NEW", "EDITED", "SOLD"], { onHand: 5 });
    // NEW: listed but never pushed. EDITED: a webhook once told us of 4 after our push of 5.
    await t.db.channelListing.update({
      where: { id: (await s.listing("NEW")).id },
      data: { lastPushedQty: null, lastPushedAt: null },
    });
    await t.db.channelListing.update({
      where: { id: (await s.listing("EDITED")).id },
      data: { lastSeenQty: 4, lastSeenAt: new Date() },
    });
    // SOLD: an order for it reached the ledger a minute ago, and the store shows one unit fewer still.
    await t.db.order.create({
      data: {
        shopId: s.shop.id,
        channelId: s.channel.id,
        externalId: "1001",
        name: "#1001",
        channelUpdatedAt: new Date(),
        currency: "EUR",
        totalMinor: 1000,
        placedAt: new Date(),
        lines: {
          create: {
            shopId: s.shop.id,
            externalId: "1",
            title: "Sold",
            quantity: 1,
            priceMinor: 1000,
            itemId: s.itemOf("SOLD").id,
          },
        },
      },
    });
    s.store.setStock("NEW", 8);
    s.store.setStock("EDITED", 3);
    s.store.setStock("SOLD", 4);

    const before = Date.now();
    const report = await reconcileChannel(t.db, s.channel.id);
    expect(report).toMatchObject({ drifted: 3, queued: 3 });
    const detail = async (sku: string) =>
      (await t.db.syncDrift.findFirstOrThrow({ where: { itemId: s.itemOf(sku).id } })).detail;
    expect(await detail("NEW")).toMatch(/^never pushed: WooCommerce shows 8 where the ledger has 5/);
    expect(await detail("EDITED")).toMatch(/^edited on the channel \(it showed 4 after our push of 5\)/);
    expect(await detail("SOLD")).toMatch(/^a sale not yet in the ledger, likely/);
    // The sale's set-back waits, so its order can land first and make it unnecessary.
    const sold = await s.listing("SOLD");
    expect(sold.syncState).toBe("queued");
    expect(sold.nextPushAt!.getTime()).toBeGreaterThan(before);
    expect((await s.listing("NEW")).nextPushAt).toBeNull();
  });

  it("imports the store's figure as an adjustment when the channel is stock master", async () => {
    const s = await wooInStep(t.db, sim, ["LAMP", "RUG"], { onHand: 5, settings: { stockMaster: "channel" } });
    s.store.setStock("RUG", 11);
    const report = await reconcileChannel(t.db, s.channel.id);
    expect(report).toMatchObject({ drifted: 1, imported: 1, queued: 0, matched: 1 });
    const level = await t.db.stockLevel.findFirstOrThrow({ where: { itemId: s.itemOf("RUG").id } });
    expect(level.onHand - level.committed).toBe(11);
    const [row] = await drifts(s.channel.id);
    expect(row).toMatchObject({ cause: "reconcile", action: "imported", expectedQty: 5, channelQty: 11 });
    expect(row!.detail).toMatch(/; imported as an adjustment of \+6$/);
    // The re-plan finds the store already showing the new figure: nothing to push.
    await pushAll(t.db, s.shop.id, s.channel.id);
    expect(s.store.stock("RUG").stock_quantity).toBe(11);
    expect(await reconcileChannel(t.db, s.channel.id)).toMatchObject({ matched: 2, drifted: 0, imported: 0 });
  });

  it("skips listings the sync engine is handling or that were written while the store was read", async () => {
    const s = await wooInStep(t.db, sim, ["A", "B", "C"], { onHand: 5 });
    for (const sku of ["A", "B", "C"]) s.store.setStock(sku, 1);
    // A is queued for a push already; B is written (a push landing) right after the store was read.
    await t.db.channelListing.update({ where: { id: (await s.listing("A")).id }, data: { syncState: "queued" } });
    const b = await s.listing("B");
    const real = levelReaderFor("woocommerce")!;
    const racing: LevelReader = {
      kind: "woocommerce",
      async read(db, channel, onPage) {
        const result = await real.read(db, channel, onPage);
        await t.db.channelListing.update({ where: { id: b.id }, data: { lastPushedQty: 1, lastPushedAt: new Date() } });
        return result;
      },
    };
    const report = await reconcileChannel(t.db, s.channel.id, { reader: racing });
    expect(report).toMatchObject({ skipped: 2, drifted: 1, queued: 1 });
    expect((await drifts(s.channel.id)).map((row) => row.itemId)).toEqual([s.itemOf("C").id]);
    expect((await s.listing("B")).syncState).toBe("ok");
  });

  it("reports listings the store no longer has, and keeps them", async () => {
    const s = await wooInStep(t.db, sim, ["KEEP", "GONE"], { onHand: 3 });
    s.store.deleteProduct("GONE");
    const gone = await s.listing("GONE");
    const report = await reconcileChannel(t.db, s.channel.id);
    expect(report).toMatchObject({ matched: 1, missing: 1, drifted: 0 });
    expect(report.missingSample).toEqual([{ listingId: gone.id, ref: gone.externalInventoryItemId }]);
    expect(await t.db.channelListing.count({ where: { id: gone.id } })).toBe(1);
  });

  it("reads the variations of a variable product whose variations hold their own stock", async () => {
    const store = wooStore(sim, "variations");
    const tote = store.addProduct({
      type: "variable",
      name: "Tote",
      variations: ["S", "M"].map((size) => ({
        sku: `TOTE-${size}`,
        price: "20.00",
        stock: 0,
        attributes: { Size: size },
      })),
    });
    const cap = store.addProduct({
      type: "variable",
      name: "Cap",
      stock: 0,
      variations: [{ sku: "CAP-ONE", price: "15.00", attributes: { Size: "One" } }],
    });
    const refs = new Map([
      ["CAP-ONE", formatStockRef({ kind: "product", id: cap.id })],
      ...["TOTE-S", "TOTE-M"].map((sku): [string, string] => {
        const variation = store.variation(sku);
        return [sku, formatStockRef({ kind: "variation", parentId: variation.parent_id, id: variation.id })];
      }),
    ]);
    const s = await wooLedger(t.db, store, ["TOTE-S", "TOTE-M", "CAP-ONE"], { onHand: 4, refs });
    store.setStock("TOTE-M", 1);
    const report = await reconcileChannel(t.db, s.channel.id);
    expect(report).toMatchObject({ listings: 3, matched: 2, drifted: 1, missing: 0 });
    expect(store.countRequests("GET", PRODUCTS)).toBe(1);
    expect(store.countRequests("GET", `${PRODUCTS}/${tote.id}/variations`)).toBe(1);
    expect(store.countRequests("GET", `${PRODUCTS}/${cap.id}/variations`)).toBe(0);
  });
});
