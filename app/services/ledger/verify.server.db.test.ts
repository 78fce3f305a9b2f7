import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { verifyLedger } from "./verify.server.ts";

type Movement = { itemId: string; locationId: string; onHandDelta: number; committedDelta: number };

describe("verifyLedger", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  let sequence = 0;

  /** A shop with two items at two locations, its balances written the way the ledger writes them. */
  async function shopWithStock(name: string) {
    const shop = await t.db.shop.create({ data: { name } });
    const [main, overflow] = await Promise.all(
      ["Main warehouse", "Overflow"].map((location) =>
        t.db.location.create({ data: { shopId: shop.id, name: location } }),
      ),
    );
    const [mug, tee] = await Promise.all(
      ["MUG-1", "TEE-M"].map((sku) => t.db.inventoryItem.create({ data: { shopId: shop.id, sku, title: sku } })),
    );
    if (!main || !overflow || !mug || !tee) throw new Error("setup failed");
    const record = async (movements: Movement[]) => {
      for (const movement of movements) {
        await t.db.stockMovement.create({
          data: {
            ...movement,
            shopId: shop.id,
            kind: "adjustment",
            source: "system",
            idempotencyKey: `k${sequence++}`,
          },
        });
        await t.db.stockLevel.upsert({
          where: { itemId_locationId: { itemId: movement.itemId, locationId: movement.locationId } },
          create: {
            shopId: shop.id,
            itemId: movement.itemId,
            locationId: movement.locationId,
            onHand: movement.onHandDelta,
            committed: movement.committedDelta,
          },
          update: {
            onHand: { increment: movement.onHandDelta },
            committed: { increment: movement.committedDelta },
          },
        });
      }
    };
    await record([
      { itemId: mug.id, locationId: main.id, onHandDelta: 10, committedDelta: 0 },
      { itemId: mug.id, locationId: main.id, onHandDelta: 0, committedDelta: 3 },
      { itemId: mug.id, locationId: main.id, onHandDelta: -2, committedDelta: -2 },
      { itemId: mug.id, locationId: overflow.id, onHandDelta: 4, committedDelta: 0 },
      { itemId: tee.id, locationId: main.id, onHandDelta: 7, committedDelta: 1 },
    ]);
    return { shopId: shop.id, main, overflow, mug, tee };
  }

  it("passes a ledger whose balances match their movements", async () => {
    const shop = await shopWithStock("Clean");
    expect(await verifyLedger(t.db, { shopId: shop.shopId })).toEqual({ checked: 3, mismatches: [] });
  });

  it("reports a tampered balance with its item and location", async () => {
    const shop = await shopWithStock("Tampered");
    await t.db.stockLevel.update({
      where: { itemId_locationId: { itemId: shop.mug.id, locationId: shop.main.id } },
      data: { onHand: 99 },
    });
    expect(await verifyLedger(t.db, { shopId: shop.shopId })).toEqual({
      checked: 3,
      mismatches: [
        {
          shopId: shop.shopId,
          itemId: shop.mug.id,
          sku: "MUG-1",
          locationId: shop.main.id,
          locationName: "Main warehouse",
          expected: { onHand: 8, committed: 1 },
          actual: { onHand: 99, committed: 1 },
        },
      ],
    });
  });

  it("expects zero for a balance without movements and counts a missing balance as zero", async () => {
    const shop = await shopWithStock("Gaps");
    // A balance no movement explains.
    await t.db.stockLevel.create({
      data: { shopId: shop.shopId, itemId: shop.tee.id, locationId: shop.overflow.id, onHand: 5, committed: 0 },
    });
    // Movements whose balance row has gone.
    await t.db.stockLevel.delete({
      where: { itemId_locationId: { itemId: shop.mug.id, locationId: shop.overflow.id } },
    });

    const result = await verifyLedger(t.db, { shopId: shop.shopId });
    expect(result.checked).toBe(4);
    expect(result.mismatches).toEqual([
      expect.objectContaining({
        sku: "MUG-1",
        locationName: "Overflow",
        expected: { onHand: 4, committed: 0 },
        actual: { onHand: 0, committed: 0 },
      }),
      expect.objectContaining({
        sku: "TEE-M",
        locationName: "Overflow",
        expected: { onHand: 0, committed: 0 },
        actual: { onHand: 5, committed: 0 },
      }),
    ]);
  });

  it("checks one shop when asked and every shop otherwise", async () => {
    const clean = await shopWithStock("Scoped clean");
    const broken = await shopWithStock("Scoped broken");
    await t.db.stockLevel.update({
      where: { itemId_locationId: { itemId: broken.tee.id, locationId: broken.main.id } },
      data: { committed: 0 },
    });

    expect(await verifyLedger(t.db, { shopId: clean.shopId })).toEqual({ checked: 3, mismatches: [] });
    const scoped = await verifyLedger(t.db, { shopId: broken.shopId });
    expect(scoped.mismatches).toEqual([expect.objectContaining({ shopId: broken.shopId, sku: "TEE-M" })]);

    const everything = await verifyLedger(t.db);
    const shopsWithMismatches = new Set(everything.mismatches.map((mismatch) => mismatch.shopId));
    expect(shopsWithMismatches).toContain(broken.shopId);
    expect(shopsWithMismatches).not.toContain(clean.shopId);
    // Every shop created in this file so far: 3 + 3 + 4 + 3 + 3 balances.
    expect(everything.checked).toBe(16);
  });

  it("reports nothing for a shop with no stock", async () => {
    const shop = await t.db.shop.create({ data: { name: "Empty" } });
    expect(await verifyLedger(t.db, { shopId: shop.id })).toEqual({ checked: 0, mismatches: [] });
  });
});
