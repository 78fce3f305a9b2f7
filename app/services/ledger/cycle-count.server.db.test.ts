import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { balance, makeItem, makeShop } from "../../../test/support/ledger-fixtures.ts";
import { CycleCountError, postCycleCount, reviewCycleCount } from "./cycle-count.server.ts";
import { verifyLedger } from "./verify.server.ts";

describe("cycle count", () => {
  let t: TestDb;
  let shop: Awaited<ReturnType<typeof makeShop>>;
  let other: Awaited<ReturnType<typeof makeShop>>;
  let tee: { id: string };
  let mug: { id: string };
  let cap: { id: string };
  beforeAll(async () => {
    t = await createTestDb();
    shop = await makeShop(t.db, { locations: ["Warehouse", "Store"] });
    other = await makeShop(t.db);
    const [warehouse, store] = [shop.locations[0]!, shop.locations[1]!];
    tee = await makeItem(t.db, shop.shop.id, "TEE", [
      { locationId: warehouse.id, onHand: 10 },
      { locationId: store.id, onHand: 4 },
    ]);
    mug = await makeItem(t.db, shop.shop.id, "MUG", [{ locationId: warehouse.id, onHand: 6 }]);
    cap = await makeItem(t.db, shop.shop.id, "CAP", []);
  });
  afterAll(() => t.drop());

  const warehouse = () => shop.locations[0]!.id;
  const countMovements = (sessionId: string) =>
    t.db.stockMovement.findMany({
      where: { shopId: shop.shop.id, idempotencyKey: { startsWith: `count:${sessionId}:` } },
      orderBy: { itemId: "asc" },
    });

  it("reviews only the items whose count differs from on hand, with the signed difference", async () => {
    const review = await reviewCycleCount(t.db, shop.shop.id, {
      locationId: warehouse(),
      counts: [
        { itemId: tee.id, countedQuantity: 7 },
        { itemId: mug.id, countedQuantity: 6 },
        { itemId: cap.id, countedQuantity: 2 },
      ],
    });
    expect(review.differences).toEqual([
      { itemId: tee.id, sku: "TEE", title: "Item TEE", onHand: 10, counted: 7, difference: -3 },
      { itemId: cap.id, sku: "CAP", title: "Item CAP", onHand: 0, counted: 2, difference: 2 },
    ]);
    expect(review.unchanged).toBe(1);
    expect(review.location.name).toBe("Warehouse");
    // A review changes nothing.
    expect(await balance(t.db, tee.id, warehouse())).toMatchObject({ onHand: 10 });
  });

  it("posts count movements for the differences in one batch, at the counted location only", async () => {
    const result = await postCycleCount(t.db, shop.shop.id, {
      sessionId: "session-one-0001",
      locationId: warehouse(),
      counts: [
        { itemId: tee.id, countedQuantity: 7 },
        { itemId: mug.id, countedQuantity: 6 },
        { itemId: cap.id, countedQuantity: 2 },
      ],
      note: "aisle 3",
      actor: "operator:test",
    });
    expect(result.replayed).toBe(false);
    expect(result.posted.map((row) => [row.sku, row.difference])).toEqual([
      ["TEE", -3],
      ["CAP", 2],
    ]);
    expect(result.unchanged).toBe(1);
    expect(await balance(t.db, tee.id, warehouse())).toMatchObject({ onHand: 7 });
    expect(await balance(t.db, tee.id, shop.locations[1]!.id)).toMatchObject({ onHand: 4 });
    expect(await balance(t.db, cap.id, warehouse())).toMatchObject({ onHand: 2 });
    const movements = await countMovements("session-one-0001");
    expect(movements).toHaveLength(2);
    for (const movement of movements) {
      expect(movement).toMatchObject({
        kind: "count",
        committedDelta: 0,
        reason: "Cycle count: aisle 3",
        source: "ui",
      });
    }
    // Every movement of a batch shares its timestamp.
    expect(new Set(movements.map((movement) => movement.createdAt.getTime())).size).toBe(1);
    expect(await verifyLedger(t.db, { shopId: shop.shop.id })).toMatchObject({ mismatches: [] });
  });

  it("posts a session once: a double submit, even a concurrent one, applies nothing more", async () => {
    const input = {
      sessionId: "session-two-0002",
      locationId: warehouse(),
      counts: [{ itemId: mug.id, countedQuantity: 1 }],
      actor: "operator:test",
    };
    const results = await Promise.all([1, 2, 3].map(() => postCycleCount(t.db, shop.shop.id, input)));
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    for (const result of results) expect(result.posted).toMatchObject([{ itemId: mug.id, difference: -5 }]);
    const again = await postCycleCount(t.db, shop.shop.id, {
      ...input,
      counts: [{ itemId: mug.id, countedQuantity: 0 }],
    });
    expect(again.replayed).toBe(true);
    expect(await countMovements("session-two-0002")).toHaveLength(1);
    expect(await balance(t.db, mug.id, warehouse())).toMatchObject({ onHand: 1 });
  });

  it("refuses negative counts, naming the items, and posts nothing", async () => {
    const attempt = postCycleCount(t.db, shop.shop.id, {
      sessionId: "session-neg-0003",
      locationId: warehouse(),
      counts: [
        { itemId: tee.id, countedQuantity: 3 },
        { itemId: mug.id, countedQuantity: -1 },
      ],
      actor: "operator:test",
    });
    await expect(attempt).rejects.toBeInstanceOf(CycleCountError);
    await expect(attempt).rejects.toMatchObject({ code: "negative_count", itemIds: [mug.id] });
    expect(await countMovements("session-neg-0003")).toHaveLength(0);
    expect(await balance(t.db, tee.id, warehouse())).toMatchObject({ onHand: 7 });
  });

  it("refuses another shop's location or items, duplicates and an empty count", async () => {
    const base = { sessionId: "session-bad-0004", actor: "operator:test" };
    await expect(
      postCycleCount(t.db, shop.shop.id, {
        ...base,
        locationId: other.locations[0]!.id,
        counts: [{ itemId: tee.id, countedQuantity: 1 }],
      }),
    ).rejects.toMatchObject({ code: "unknown_location" });
    const foreign = await makeItem(t.db, other.shop.id, "FOREIGN", []);
    await expect(
      reviewCycleCount(t.db, shop.shop.id, {
        locationId: warehouse(),
        counts: [{ itemId: foreign.id, countedQuantity: 1 }],
      }),
    ).rejects.toMatchObject({ code: "unknown_item", itemIds: [foreign.id] });
    await expect(
      postCycleCount(t.db, shop.shop.id, {
        ...base,
        locationId: warehouse(),
        counts: [
          { itemId: tee.id, countedQuantity: 1 },
          { itemId: tee.id, countedQuantity: 2 },
        ],
      }),
    ).rejects.toMatchObject({ code: "duplicate_item" });
    await expect(
      postCycleCount(t.db, shop.shop.id, { ...base, locationId: warehouse(), counts: [] }),
    ).rejects.toMatchObject({
      code: "no_counts",
    });
    expect(await countMovements("session-bad-0004")).toHaveLength(0);
    expect(await t.db.stockLevel.count({ where: { itemId: foreign.id } })).toBe(0);
  });
});
