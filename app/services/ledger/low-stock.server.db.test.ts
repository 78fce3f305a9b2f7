import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeItem, makeShop } from "../../../test/support/ledger-fixtures.ts";
import { listInventory } from "../read/inventory.server.ts";
import { setLowStockThreshold } from "./low-stock.server.ts";

describe("setLowStockThreshold", () => {
  let t: TestDb;
  let shop: Awaited<ReturnType<typeof makeShop>>;
  let item: { id: string };
  beforeAll(async () => {
    t = await createTestDb();
    shop = await makeShop(t.db);
    item = await makeItem(t.db, shop.shop.id, "TEE", [{ locationId: shop.locations[0]!.id, onHand: 4 }]);
  });
  afterAll(() => t.drop());

  const lowFlag = async () => (await listInventory(t.db, shop.shop.id)).items.find((row) => row.id === item.id)?.low;

  it("sets a threshold, and the item is flagged low once available is at or below it", async () => {
    expect(await setLowStockThreshold(t.db, shop.shop.id, item.id, 3)).toMatchObject({ lowStockThreshold: 3 });
    expect(await lowFlag()).toBe(false);
    await setLowStockThreshold(t.db, shop.shop.id, item.id, 4);
    expect(await lowFlag()).toBe(true);
  });

  it("clears the threshold with null, so the item is never low", async () => {
    expect(await setLowStockThreshold(t.db, shop.shop.id, item.id, null)).toMatchObject({ lowStockThreshold: null });
    expect(await lowFlag()).toBe(false);
  });

  it("answers null for another shop's item and leaves it alone", async () => {
    const other = await makeShop(t.db);
    const theirs = await makeItem(t.db, other.shop.id, "THEIRS", []);
    expect(await setLowStockThreshold(t.db, shop.shop.id, theirs.id, 9)).toBeNull();
    expect((await t.db.inventoryItem.findUniqueOrThrow({ where: { id: theirs.id } })).lowStockThreshold).toBeNull();
  });

  it("refuses negative and fractional thresholds", async () => {
    await expect(setLowStockThreshold(t.db, shop.shop.id, item.id, -1)).rejects.toThrow();
    await expect(setLowStockThreshold(t.db, shop.shop.id, item.id, 1.5)).rejects.toThrow();
    expect((await t.db.inventoryItem.findUniqueOrThrow({ where: { id: item.id } })).lowStockThreshold).toBeNull();
  });
});
