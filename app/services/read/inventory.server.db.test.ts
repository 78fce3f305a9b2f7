import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeItem, makeShop } from "../../../test/support/ledger-fixtures.ts";
import { InventoryListQuerySchema, listInventory } from "./inventory.server.ts";

describe("listInventory", () => {
  let t: TestDb;
  let shop: Awaited<ReturnType<typeof makeShop>>;
  beforeAll(async () => {
    t = await createTestDb();
    shop = await makeShop(t.db, { locations: ["Warehouse", "Store"], channels: ["shopify", "woocommerce"] });
    const [warehouse, store] = [shop.locations[0]!, shop.locations[1]!];
    for (const [sku, onHand] of [
      ["TEE-S", 2],
      ["TEE-M", 9],
      ["HOOD-M", 1],
      ["CAP-OS", 30],
    ] as const) {
      const item = await makeItem(t.db, shop.shop.id, sku, [
        { locationId: warehouse.id, onHand },
        { locationId: store.id, onHand: 1 },
      ]);
      await t.db.inventoryItem.update({ where: { id: item.id }, data: { lowStockThreshold: 5 } });
    }
    const tee = await t.db.inventoryItem.findFirstOrThrow({ where: { shopId: shop.shop.id, sku: "TEE-M" } });
    await t.db.channelListing.create({
      data: {
        shopId: shop.shop.id,
        channelId: shop.channels[0]!.id,
        itemId: tee.id,
        desiredQty: 8,
        lastPushedQty: 6,
        lastPushedAt: new Date("2026-01-02T03:04:05Z"),
        syncState: "failed",
      },
    });
    await makeItem(t.db, (await makeShop(t.db)).shop.id, "TEE-XL", []);
  });
  afterAll(() => t.drop());

  it("answers every location's figures and every channel's listing per item, sorted by SKU", async () => {
    const result = await listInventory(t.db, shop.shop.id);
    expect(result.items.map((item) => item.sku)).toEqual(["CAP-OS", "HOOD-M", "TEE-M", "TEE-S"]);
    const tee = result.items.find((item) => item.sku === "TEE-M")!;
    expect(tee.perLocation.map((level) => level.onHand).sort()).toEqual([1, 9]);
    expect(tee).toMatchObject({ onHand: 10, committed: 0, available: 10, low: false });
    expect(tee.perChannel).toEqual([
      expect.objectContaining({ listed: true, sellable: 8, lastPushed: 6, syncState: "failed" }),
      expect.objectContaining({ listed: false, sellable: null, syncState: null }),
    ]);
    expect(result.items.find((item) => item.sku === "HOOD-M")).toMatchObject({ available: 2, low: true });
  });

  it("searches SKU and title, case-insensitively, within the shop", async () => {
    const bySku = await listInventory(t.db, shop.shop.id, { search: "tee" });
    expect(bySku.items.map((item) => item.sku)).toEqual(["TEE-M", "TEE-S"]);
    const byTitle = await listInventory(t.db, shop.shop.id, { search: "Item HOOD" });
    expect(byTitle.items.map((item) => item.sku)).toEqual(["HOOD-M"]);
  });

  it("filters to low stock only and pages through the result", async () => {
    const low = await listInventory(t.db, shop.shop.id, { lowOnly: true });
    expect(low.items.map((item) => item.sku)).toEqual(["HOOD-M", "TEE-S"]);
    const first = await listInventory(t.db, shop.shop.id, { lowOnly: true, take: 1 });
    expect(first).toMatchObject({ hasNext: true, items: [{ sku: "HOOD-M" }] });
    const second = await listInventory(t.db, shop.shop.id, { lowOnly: true, take: 1, page: 2 });
    expect(second).toMatchObject({ hasNext: false, items: [{ sku: "TEE-S" }] });
    const all = await listInventory(t.db, shop.shop.id, { take: 3, page: 2 });
    expect(all).toMatchObject({ hasNext: false, items: [{ sku: "TEE-S" }] });
  });

  it("reads the query string: low flag, page and search", () => {
    expect(InventoryListQuerySchema.parse({ q: " tee ", low: "1", page: "3" })).toEqual({
      q: "tee",
      low: true,
      page: 3,
    });
    expect(InventoryListQuerySchema.parse({})).toEqual({ low: false, page: 1 });
    expect(InventoryListQuerySchema.safeParse({ page: "0" }).success).toBe(false);
  });
});
