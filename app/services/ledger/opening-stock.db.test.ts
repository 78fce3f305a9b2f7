import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { balance, makeShop, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent } from "./apply-channel-event.server";
import { isCounted } from "./opening-stock.server";

// The first figure a channel gives for an item the ledger never counted at that location is its opening stock:
// once, whichever channel says it first, with the units of orders that came before it held rather than oversold.

const ctx = { source: "test" };

describe("opening stock from a channel's first figure", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  /** A shop whose item MUG was never counted, listed on two channels that both sell from the warehouse. */
  async function setup(
    settings: { [key: string]: string | number | null | Record<string, string | number | null> } = {},
  ) {
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["woocommerce", "other"] });
    const warehouse = locations[0]!;
    const item = await t.db.inventoryItem.create({ data: { shopId: shop.id, sku: "MUG", title: "Mug" } });
    for (const [index, channel] of channels.entries()) {
      await t.db.channel.update({ where: { id: channel.id }, data: { settings } });
      await t.db.channelLocation.create({
        data: { shopId: shop.id, channelId: channel.id, locationId: warehouse.id, externalLocationId: "default" },
      });
      await t.db.channelListing.create({
        data: {
          shopId: shop.id,
          channelId: channel.id,
          itemId: item.id,
          externalProductId: `p${index}`,
          externalInventoryItemId: "product:1",
        },
      });
    }
    const [first, second] = channels.map((channel) => ({ ...channel, settings })) as [
      (typeof channels)[0],
      (typeof channels)[0],
    ];
    const level = (available: number, seconds = 0) => ({
      type: "inventory_level.changed" as const,
      externalInventoryItemId: "product:1",
      locationExternalId: "default",
      available,
      updatedAt: new Date(Date.UTC(2026, 10, 26, 8, 0, seconds)),
    });
    const stock = () => balance(t.db, item.id, warehouse.id);
    const counts = () =>
      t.db.stockMovement.findMany({ where: { shopId: shop.id, kind: "count" }, select: { onHandDelta: true } });
    return { shop, warehouse, item, first, second, level, stock, counts };
  }

  it("takes the first figure as a count, once, and treats later figures as the channel's drift", async () => {
    const s = await setup();
    expect(await applyChannelEvent(t.db, s.first, s.level(12), ctx)).toEqual({
      outcome: "applied",
      detail: "opening stock 12",
    });
    expect(await s.stock()).toMatchObject({ onHand: 12, committed: 0 });
    expect(await t.db.channelListing.count({ where: { shopId: s.shop.id, syncState: "pending" } })).toBe(2);

    // The other channel's figure for the same shelf, and the first channel's next one, are not counts.
    expect(await applyChannelEvent(t.db, s.second, s.level(15, 1), ctx)).not.toMatchObject({
      detail: expect.stringContaining("opening"),
    });
    expect(await applyChannelEvent(t.db, s.first, s.level(9, 2), ctx)).not.toMatchObject({
      detail: expect.stringContaining("opening"),
    });
    expect(await s.counts()).toEqual([{ onHandDelta: 12 }]);
    expect(await s.stock()).toMatchObject({ onHand: 12 });
  });

  it("holds the units of orders that came before the figure instead of calling them oversold", async () => {
    const s = await setup();
    const order = { type: "order.upserted" as const, order: snapshot("7001", 1, [{ sku: "MUG", quantity: 2 }]) };
    await applyChannelEvent(t.db, s.first, order, ctx);
    const line = () => t.db.orderLine.findFirstOrThrow({ where: { shopId: s.shop.id } });
    expect(await line()).toMatchObject({ reservedQty: 0, shortQty: 2 });
    expect(await t.db.oversell.count({ where: { shopId: s.shop.id, resolvedAt: null } })).toBe(1);

    // The store shows 3 left: it took the order's 2 off already, so 5 are on the shelf and 2 of them are held.
    expect(await applyChannelEvent(t.db, s.first, s.level(3), ctx)).toEqual({
      outcome: "applied",
      detail: "opening stock 3 (2 more held by orders that came first)",
    });
    expect(await s.stock()).toMatchObject({ onHand: 5, committed: 2, available: 3 });
    expect(await line()).toMatchObject({ reservedQty: 2, shortQty: 0 });
    expect(await t.db.oversell.count({ where: { shopId: s.shop.id, resolvedAt: null } })).toBe(0);
  });

  it("counts a store showing 0 at 0, so the item is known from then on", async () => {
    const s = await setup();
    expect(await applyChannelEvent(t.db, s.first, s.level(0), ctx)).toMatchObject({ outcome: "applied" });
    expect(await s.counts()).toEqual([{ onHandDelta: 0 }]);
    expect(await isCounted(t.db, s.shop.id, { itemId: s.item.id, locationId: s.warehouse.id })).toBe(true);
  });

  it("leaves a figure shared by several SKUs (variations on their parent's stock) to the merchant's count", async () => {
    const s = await setup();
    const other = await t.db.inventoryItem.create({ data: { shopId: s.shop.id, sku: "MUG-RED", title: "Red mug" } });
    await t.db.channelListing.create({
      data: {
        shopId: s.shop.id,
        channelId: s.first.id,
        itemId: other.id,
        externalProductId: "p0",
        externalVariantId: "v2",
        externalInventoryItemId: "product:1",
      },
    });
    expect(await applyChannelEvent(t.db, s.first, s.level(27), ctx)).not.toMatchObject({
      detail: expect.stringContaining("opening"),
    });
    expect(await s.counts()).toEqual([]);
  });

  it("waits while the channel's backfill runs, and leaves counted items to the ledger", async () => {
    const running = await setup({
      backfill: {
        runId: "r1",
        status: "running",
        phase: "orders",
        cursor: null,
        processed: 0,
        since: "2026-10-27T00:00:00.000Z",
        days: 30,
        startedAt: "2026-11-26T08:00:00.000Z",
        finishedAt: null,
        error: null,
      },
    });
    expect(await applyChannelEvent(t.db, running.first, running.level(12), ctx)).toEqual({
      outcome: "ignored",
      detail: "never counted: the backfill takes the opening stock once its orders are in",
    });
    expect(await running.counts()).toEqual([]);

    const counted = await setup();
    await t.db.stockMovement.create({
      data: {
        shopId: counted.shop.id,
        itemId: counted.item.id,
        locationId: counted.warehouse.id,
        kind: "receipt",
        onHandDelta: 0,
        committedDelta: 0,
        source: "test",
        idempotencyKey: "counted-before",
      },
    });
    expect(await applyChannelEvent(t.db, counted.first, counted.level(12), ctx)).not.toMatchObject({
      detail: expect.stringContaining("opening"),
    });
    expect(await counted.counts()).toEqual([]);
  });
});
