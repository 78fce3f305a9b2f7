import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeItem, makeShop } from "../../../test/support/ledger-fixtures.ts";
import { recordMovements } from "../ledger/record-movements.server.ts";
import { decodeMovementCursor, getItemDetail, listItemMovements } from "./item-detail.server.ts";

describe("item detail", () => {
  let t: TestDb;
  let shop: Awaited<ReturnType<typeof makeShop>>;
  let item: { id: string };
  let orderId: string;
  beforeAll(async () => {
    t = await createTestDb();
    shop = await makeShop(t.db, { locations: ["Warehouse", "Store"] });
    const [warehouse, store] = [shop.locations[0]!, shop.locations[1]!];
    const channel = shop.channels[0]!;
    item = await makeItem(t.db, shop.shop.id, "TEE", [
      { locationId: warehouse.id, onHand: 10 },
      { locationId: store.id, onHand: 3 },
    ]);
    const order = await t.db.order.create({
      data: {
        shopId: shop.shop.id,
        channelId: channel.id,
        externalId: "o-1",
        name: "#1001",
        channelUpdatedAt: new Date(),
        placedAt: new Date(),
        currency: "USD",
        totalMinor: 100,
      },
    });
    orderId = order.id;
    // One movement per call so each has its own timestamp and the history has a definite order.
    const steps = [
      { kind: "reserve" as const, onHandDelta: 0, committedDelta: 2, orderId, source: `channel:${channel.id}` },
      { kind: "ship" as const, onHandDelta: -2, committedDelta: -2, orderId, source: `channel:${channel.id}` },
      { kind: "adjustment" as const, onHandDelta: 5, committedDelta: 0, reason: "Found", source: "ui" },
      { kind: "count" as const, onHandDelta: -1, committedDelta: 0, reason: "Cycle count", source: "ui" },
    ];
    for (const [index, step] of steps.entries()) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await recordMovements(t.db, shop.shop.id, [
        { itemId: item.id, locationId: warehouse.id, idempotencyKey: `step-${index}`, ...step },
      ]);
    }
    await t.db.channelListing.create({
      data: {
        shopId: shop.shop.id,
        channelId: channel.id,
        itemId: item.id,
        desiredQty: 12,
        syncState: "dead",
        lastError: "Throttled",
      },
    });
  });
  afterAll(() => t.drop());

  it("answers balances per location, listings with their sync state, and null for a foreign item", async () => {
    const detail = await getItemDetail(t.db, shop.shop.id, item.id);
    expect(detail?.balances.map((balance) => [balance.locationName, balance.onHand, balance.committed])).toEqual([
      ["Store", 3, 0],
      ["Warehouse", 12, 0],
    ]);
    expect(detail?.totals).toEqual({ onHand: 15, committed: 0, available: 15 });
    expect(detail?.listings).toMatchObject([{ sellable: 12, syncState: "dead", lastError: "Throttled" }]);
    const other = await makeShop(t.db);
    expect(await getItemDetail(t.db, other.shop.id, item.id)).toBeNull();
  });

  it("explains each figure: newest first, the on hand after each movement at its location", async () => {
    const { movements, nextCursor } = await listItemMovements(t.db, shop.shop.id, item.id);
    expect(nextCursor).toBeNull();
    const warehouseRows = movements.filter((movement) => movement.locationName === "Warehouse");
    expect(warehouseRows.map((movement) => [movement.kind, movement.onHandDelta, movement.onHandAfter])).toEqual([
      ["count", -1, 12],
      ["adjustment", 5, 13],
      ["ship", -2, 8],
      ["reserve", 0, 10],
      ["receipt", 10, 10],
    ]);
    expect(movements.find((movement) => movement.kind === "ship")).toMatchObject({
      order: { id: orderId, name: "#1001" },
      channelName: "shopify",
    });
    expect(movements.find((movement) => movement.locationName === "Store")).toMatchObject({ onHandAfter: 3 });
  });

  it("keeps the running on hand right across pages", async () => {
    const all = (await listItemMovements(t.db, shop.shop.id, item.id)).movements;
    const pages = [];
    let cursor: string | null = null;
    do {
      const before: ReturnType<typeof decodeMovementCursor> = cursor ? decodeMovementCursor(cursor) : undefined;
      const page = await listItemMovements(t.db, shop.shop.id, item.id, { limit: 2, before });
      pages.push(page.movements);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2]);
    expect(pages.flat()).toEqual(all);
  });

  it("refuses a cursor that is not one of ours", () => {
    expect(decodeMovementCursor("not-a-cursor")).toBeUndefined();
  });
});
