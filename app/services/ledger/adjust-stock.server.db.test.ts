import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { seedApiShop, type ApiShop } from "../api/test-support.ts";
import { adjustStock, AdjustStockError } from "./adjust-stock.server.ts";
import { verifyLedger } from "./verify.server.ts";

describe("adjustStock", () => {
  let t: TestDb;
  let s: ApiShop;
  let other: ApiShop;
  beforeAll(async () => {
    t = await createTestDb();
    s = await seedApiShop(t.db, "Adjusters");
    other = await seedApiShop(t.db, "Someone else");
  });
  afterAll(() => t.drop());

  let sequence = 0;
  const base = () => ({ reason: "test", source: "api", actor: "api-key:test", idempotencyKey: `adj-${++sequence}` });
  const level = (itemId: string, locationId: string) =>
    t.db.stockLevel.findUniqueOrThrow({ where: { itemId_locationId: { itemId, locationId } } });
  const movementCount = (idempotencyKey: string) =>
    t.db.stockMovement.count({ where: { shopId: s.shop.id, idempotencyKey } });

  it("applies a delta as an adjustment movement and answers the new balance", async () => {
    const input = { ...base(), itemId: s.tee.id, locationId: s.main.id, delta: 5 };
    const result = await adjustStock(t.db, s.shop.id, input);
    expect(result.replayed).toBe(false);
    expect(result.movement).toMatchObject({ kind: "adjustment", onHandDelta: 5, committedDelta: 0, source: "api" });
    // tee at main: 7 received, 2 reserved.
    expect(result.balance).toEqual({ onHand: 12, committed: 2, available: 10 });
    expect(await level(s.tee.id, s.main.id)).toMatchObject({ onHand: 12, committed: 2 });
  });

  it("records a count as the difference to the locked balance, even when nothing changes", async () => {
    const down = await adjustStock(t.db, s.shop.id, {
      ...base(),
      itemId: s.mug.id,
      locationId: s.overflow.id,
      countedQuantity: 1,
    });
    expect(down.movement).toMatchObject({ kind: "count", onHandDelta: -3 });
    expect(down.balance.onHand).toBe(1);

    const same = await adjustStock(t.db, s.shop.id, {
      ...base(),
      itemId: s.mug.id,
      locationId: s.overflow.id,
      countedQuantity: 1,
    });
    expect(same.movement).toMatchObject({ kind: "count", onHandDelta: 0 });
    expect(same.balance.onHand).toBe(1);
  });

  it("creates the balance row for a first count at a location", async () => {
    const result = await adjustStock(t.db, s.shop.id, {
      ...base(),
      itemId: s.cap.id,
      locationId: s.overflow.id,
      countedQuantity: 9,
    });
    expect(result.movement.onHandDelta).toBe(9);
    expect(result.balance).toEqual({ onHand: 9, committed: 0, available: 9 });
  });

  it("replays an idempotency key: the original movement, the current balance, nothing applied", async () => {
    const input = { ...base(), itemId: s.cap.id, locationId: s.main.id, delta: 3 };
    const first = await adjustStock(t.db, s.shop.id, input);
    const again = await adjustStock(t.db, s.shop.id, input);
    expect(again.replayed).toBe(true);
    expect(again.movement).toEqual(first.movement);
    expect(again.balance).toEqual(first.balance);
    expect(await movementCount(input.idempotencyKey)).toBe(1);
  });

  it("applies a key once when its duplicates run concurrently", async () => {
    const input = { ...base(), itemId: s.cap.id, locationId: s.main.id, delta: 1 };
    const before = (await level(s.cap.id, s.main.id)).onHand;
    const results = await Promise.all(Array.from({ length: 5 }, () => adjustStock(t.db, s.shop.id, input)));
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(new Set(results.map((result) => result.movement.id)).size).toBe(1);
    expect(await movementCount(input.idempotencyKey)).toBe(1);
    expect((await level(s.cap.id, s.main.id)).onHand).toBe(before + 1);
  });

  it("applies a key once even when its duplicates target different balances", async () => {
    // Different balance rows take different locks, so only the key's uniqueness can stop the second.
    const key = base().idempotencyKey;
    const results = await Promise.all(
      [s.main.id, s.overflow.id, s.main.id, s.overflow.id].map((locationId) =>
        adjustStock(t.db, s.shop.id, { ...base(), idempotencyKey: key, itemId: s.cap.id, locationId, delta: 2 }),
      ),
    );
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(new Set(results.map((result) => result.movement.id)).size).toBe(1);
    expect(await movementCount(key)).toBe(1);
    expect(await verifyLedger(t.db, { shopId: s.shop.id })).toMatchObject({ mismatches: [] });
  });

  it("loses no update when 20 deltas run at once", async () => {
    const before = (await level(s.mug.id, s.main.id)).onHand;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        adjustStock(t.db, s.shop.id, { ...base(), itemId: s.mug.id, locationId: s.main.id, delta: 1 }),
      ),
    );
    expect((await level(s.mug.id, s.main.id)).onHand).toBe(before + 20);
  });

  it("serialises counts against concurrent deltas so the count wins exactly where it ran", async () => {
    const jobs = [
      ...Array.from({ length: 10 }, () => ({ delta: 1 })),
      { countedQuantity: 100 },
      ...Array.from({ length: 10 }, () => ({ delta: 1 })),
    ];
    const results = await Promise.all(
      jobs.map((job) =>
        adjustStock(t.db, s.shop.id, { ...base(), itemId: s.tee.id, locationId: s.overflow.id, ...job }),
      ),
    );
    const count = results.find((result) => result.movement.kind === "count");
    // However the 20 deltas interleaved with the count, the final balance is the count plus the deltas after it.
    const after = results.filter((result) => result.movement.kind === "adjustment" && result.balance.onHand > 100);
    expect(count).toBeDefined();
    expect((await level(s.tee.id, s.overflow.id)).onHand).toBe(100 + after.length);
    expect(await verifyLedger(t.db, { shopId: s.shop.id })).toMatchObject({ mismatches: [] });
  });

  it("refuses another shop's item or location, and zero, fractional, negative or double quantities", async () => {
    await expect(
      adjustStock(t.db, s.shop.id, { ...base(), itemId: other.mug.id, locationId: s.main.id, delta: 1 }),
    ).rejects.toMatchObject({ code: "unknown_item" });
    await expect(
      adjustStock(t.db, s.shop.id, { ...base(), itemId: s.mug.id, locationId: other.main.id, delta: 1 }),
    ).rejects.toBeInstanceOf(AdjustStockError);
    for (const quantities of [
      { delta: 0 },
      { delta: 1.5 },
      { countedQuantity: -1 },
      { delta: 1, countedQuantity: 2 },
      {},
    ]) {
      await expect(
        adjustStock(t.db, s.shop.id, { ...base(), itemId: s.mug.id, locationId: s.main.id, ...quantities }),
      ).rejects.toThrow();
    }
    expect(await t.db.stockLevel.count({ where: { shopId: s.shop.id, itemId: other.mug.id } })).toBe(0);
  });

  it("refuses a delta that would overflow the balance", async () => {
    await adjustStock(t.db, s.shop.id, {
      ...base(),
      itemId: s.cap.id,
      locationId: s.main.id,
      countedQuantity: 1_000_000_000,
    });
    await adjustStock(t.db, s.shop.id, { ...base(), itemId: s.cap.id, locationId: s.main.id, delta: 1_000_000_000 });
    await expect(
      adjustStock(t.db, s.shop.id, { ...base(), itemId: s.cap.id, locationId: s.main.id, delta: 1_000_000_000 }),
    ).rejects.toMatchObject({ code: "quantity_out_of_range" });
    expect((await level(s.cap.id, s.main.id)).onHand).toBe(2_000_000_000);
  });
});
