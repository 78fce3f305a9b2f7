import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { recordMovements } from "../ledger/record-movements.server";
import { expectedBySku, quiet, startEngine, startSims, statesOf, twoChannelShop } from "./convergence-support";

// Coalescing against the real pushers: 1,000 stock changes at once reach each store in the fewest calls its API
// allows, ceil(1000/250) inventorySetQuantities calls on Shopify (one location) and ceil(1000/100) batch calls on
// WooCommerce, counted from the requests the simulators answered.

const COUNT = 1_000;

describe("coalescing 1,000 stock changes", () => {
  let t: TestDb;
  const sims = startSims();
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    sims.server.close();
    await t.drop();
  });

  it("pushes them in the minimum number of calls to each store", { timeout: 60_000 }, async () => {
    const target = await twoChannelShop(t.db, sims, { count: COUNT, stock: 5, name: "coalesce" });
    const engine = await startEngine(t.db, { shopify: [target.shopifyStore], woo: [target.wooStore] });
    try {
      await recordMovements(
        t.db,
        target.shop.id,
        target.items.map((item, n) => ({
          itemId: item.id,
          locationId: target.location.id,
          kind: "receipt" as const,
          onHandDelta: 1 + (n % 7),
          committedDelta: 0,
          source: "test",
          idempotencyKey: `receipt:${item.id}`,
        })),
      );
      await quiet(t.db, engine.queue, target.shop.id);
    } finally {
      await engine.stop();
    }

    const sets = sims.shopify.requests.filter(
      (request) => request.operationName === "ChannelLedgerInventorySetQuantities",
    );
    expect(sets.map((request) => quantitiesOf(request.variables))).toEqual([250, 250, 250, 250]);
    // Every base was known (the last push), so nothing was read first.
    expect(sims.shopify.requests).toHaveLength(Math.ceil(COUNT / 250));
    expect(target.wooStore.countRequests("POST", "/wp-json/wc/v3/products/batch")).toBe(Math.ceil(COUNT / 100));
    expect(target.wooStore.countRequests()).toBe(Math.ceil(COUNT / 100));

    expect(await statesOf(t.db, target.shopifyChannel.id)).toEqual({ ok: COUNT });
    expect(await statesOf(t.db, target.wooChannel.id)).toEqual({ ok: COUNT });
    const expected = await expectedBySku(t.db, target);
    for (const sku of target.skus) {
      expect(target.shopifyStore.levels(sku).Warehouse?.available).toBe(expected.get(sku)!.shopify);
      expect(target.wooStore.stock(sku).stock_quantity).toBe(expected.get(sku)!.woo);
    }
  });
});

function quantitiesOf(variables: unknown): number {
  return (variables as { input: { quantities: unknown[] } }).input.quantities.length;
}
