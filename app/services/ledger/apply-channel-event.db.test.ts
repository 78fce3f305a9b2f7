import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { balance, makeItem, makeShop, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent, NotYetKnownError } from "./apply-channel-event.server";
import { verifyLedger } from "./verify.server";

const ctx = { source: "test" };

describe("applying channel events", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  async function setup(options: Parameters<typeof makeShop>[1] = {}) {
    const { shop, locations, channels } = await makeShop(t.db, options);
    return { shop, location: locations[0]!, locations, channel: channels[0]!, channels };
  }

  it("reserves a placed order once, ignores duplicates and stale snapshots, releases on edit and cancel", async () => {
    const { shop, location, channel } = await setup();
    const item = await makeItem(t.db, shop.id, "TEE", [{ locationId: location.id, onHand: 10 }]);
    const placed = { type: "order.upserted" as const, order: snapshot("1001", 1, [{ sku: "TEE", quantity: 3 }]) };

    expect(await applyChannelEvent(t.db, channel, placed, ctx)).toMatchObject({ outcome: "applied" });
    expect(await applyChannelEvent(t.db, channel, placed, ctx)).toMatchObject({ outcome: "stale" });
    expect(await balance(t.db, item.id, location.id)).toEqual({ onHand: 10, committed: 3, available: 7 });

    const edited = {
      type: "order.upserted" as const,
      order: snapshot("1001", 3, [{ sku: "TEE", quantity: 3, removed: 1 }]),
    };
    await applyChannelEvent(t.db, channel, edited, ctx);
    const late = { type: "order.upserted" as const, order: snapshot("1001", 2, [{ sku: "TEE", quantity: 3 }]) };
    expect(await applyChannelEvent(t.db, channel, late, ctx)).toMatchObject({ outcome: "stale" });
    expect(await balance(t.db, item.id, location.id)).toMatchObject({ committed: 2 });

    const cancelled = {
      type: "order.upserted" as const,
      order: snapshot("1001", 4, [{ sku: "TEE", quantity: 3, removed: 1 }], "cancelled"),
    };
    await applyChannelEvent(t.db, channel, cancelled, ctx);
    expect(await balance(t.db, item.id, location.id)).toEqual({ onHand: 10, committed: 0, available: 10 });

    const order = await t.db.order.findFirstOrThrow({ where: { shopId: shop.id }, include: { timeline: true } });
    expect(order.status).toBe("cancelled");
    expect(order.timeline.map((event) => event.kind)).toEqual(["placed", "updated", "updated"]);
    const movements = await t.db.stockMovement.findMany({
      where: { shopId: shop.id, orderId: order.id },
      orderBy: { createdAt: "asc" },
    });
    expect(movements.map((m) => [m.kind, m.committedDelta])).toEqual([
      ["reserve", 3],
      ["release", -1],
      ["release", -2],
    ]);
    expect((await verifyLedger(t.db, { shopId: shop.id })).mismatches).toEqual([]);
  });

  it("flags an unmatched line and reserves it when the SKU gets mapped", async () => {
    const { shop, location, channel } = await setup();
    const event = {
      type: "order.upserted" as const,
      order: snapshot("2001", 1, [
        { sku: "NEW-SKU", quantity: 2 },
        { sku: null, quantity: 1 },
      ]),
    };
    await applyChannelEvent(t.db, channel, event, ctx);
    const before = await t.db.order.findFirstOrThrow({ where: { shopId: shop.id }, include: { lines: true } });
    expect(before.needsMapping).toBe(true);
    expect(before.lines.every((line) => line.needsMapping)).toBe(true);

    const item = await makeItem(t.db, shop.id, "NEW-SKU", [{ locationId: location.id, onHand: 5 }]);
    const listed = {
      type: "listing.changed" as const,
      listings: [
        {
          externalProductId: "p1",
          externalVariantId: "v1",
          externalInventoryItemId: "i1",
          sku: "NEW-SKU",
          title: "New",
          deleted: false,
        },
      ],
    };
    expect(await applyChannelEvent(t.db, channel, listed, ctx)).toMatchObject({
      detail: "1 listing(s), 1 line(s) mapped",
    });
    expect(await balance(t.db, item.id, location.id)).toMatchObject({ committed: 2 });
    const after = await t.db.order.findFirstOrThrow({ where: { shopId: shop.id }, include: { lines: true } });
    expect(after.lines.find((line) => line.sku === "NEW-SKU")).toMatchObject({ needsMapping: false, reservedQty: 2 });
    expect(after.needsMapping).toBe(true); // the line without a SKU still waits for a manual mapping
  });

  it("records an oversell instead of taking available below zero, unless the item backorders", async () => {
    const { shop, location, channel } = await setup();
    const scarce = await makeItem(t.db, shop.id, "SCARCE", [{ locationId: location.id, onHand: 2 }]);
    const back = await makeItem(t.db, shop.id, "BACK", [{ locationId: location.id, onHand: 1 }], {
      backorderPolicy: "allow",
    });
    const event = {
      type: "order.upserted" as const,
      order: snapshot("3001", 1, [
        { id: "a", sku: "SCARCE", quantity: 2 },
        { id: "b", sku: "SCARCE", quantity: 1 },
        { id: "c", sku: "BACK", quantity: 3 },
      ]),
    };
    await applyChannelEvent(t.db, channel, event, ctx);
    expect(await balance(t.db, scarce.id, location.id)).toEqual({ onHand: 2, committed: 2, available: 0 });
    expect(await balance(t.db, back.id, location.id)).toEqual({ onHand: 1, committed: 3, available: -2 });
    const oversells = await t.db.oversell.findMany({ where: { shopId: shop.id } });
    expect(oversells.map((o) => [o.itemId, o.quantityShort, o.channelId])).toEqual([[scarce.id, 1, channel.id]]);
  });

  it("ships a fulfilment once, from the location it left, and puts a cancelled one back", async () => {
    const { shop, locations, channel } = await setup({ locations: ["Main", "Store"] });
    const [main, store] = [locations[0]!, locations[1]!];
    await t.db.channelLocation.createMany({
      data: [
        { shopId: shop.id, channelId: channel.id, locationId: main.id, externalLocationId: "loc-main" },
        { shopId: shop.id, channelId: channel.id, locationId: store.id, externalLocationId: "loc-store" },
      ],
    });
    const item = await makeItem(t.db, shop.id, "MUG", [
      { locationId: main.id, onHand: 10 },
      { locationId: store.id, onHand: 4 },
    ]);
    await applyChannelEvent(
      t.db,
      channel,
      { type: "order.upserted", order: snapshot("4001", 1, [{ sku: "MUG", quantity: 3 }]) },
      ctx,
    );
    expect(await balance(t.db, item.id, main.id)).toMatchObject({ committed: 3 });

    const fulfilled = {
      type: "fulfillment.changed" as const,
      orderExternalId: "4001",
      fulfillmentExternalId: "f1",
      status: "success" as const,
      locationExternalId: "loc-store",
      trackingNumber: "1Z999",
      lines: [{ lineExternalId: "L1", quantity: 2 }],
      updatedAt: new Date(),
    };
    await applyChannelEvent(t.db, channel, fulfilled, ctx);
    expect(await applyChannelEvent(t.db, channel, fulfilled, ctx)).toMatchObject({ outcome: "ignored" });
    // Shipped from the store: its shelf loses 2, the reservation at main shrinks to the 1 unit still due.
    expect(await balance(t.db, item.id, store.id)).toEqual({ onHand: 2, committed: 0, available: 2 });
    expect(await balance(t.db, item.id, main.id)).toEqual({ onHand: 10, committed: 1, available: 9 });
    expect((await t.db.order.findFirstOrThrow({ where: { shopId: shop.id } })).fulfillmentStatus).toBe("partial");

    await applyChannelEvent(t.db, channel, { ...fulfilled, status: "cancelled" }, ctx);
    expect(await balance(t.db, item.id, store.id)).toMatchObject({ onHand: 4 });
    expect(await balance(t.db, item.id, main.id)).toMatchObject({ committed: 3 });
    expect((await verifyLedger(t.db, { shopId: shop.id })).mismatches).toEqual([]);
  });

  it("asks for a retry when an event refers to an order not imported yet", async () => {
    const { channel } = await setup();
    const early = {
      type: "fulfillment.changed" as const,
      orderExternalId: "nope",
      fulfillmentExternalId: "f",
      status: "success" as const,
      lines: [],
      updatedAt: new Date(),
    };
    await expect(applyChannelEvent(t.db, channel, early, ctx)).rejects.toBeInstanceOf(NotYetKnownError);
  });

  it("restocks a refund once, and never more than was shipped across refunds and returns", async () => {
    const { shop, location, channel } = await setup();
    const item = await makeItem(t.db, shop.id, "CAP", [{ locationId: location.id, onHand: 5 }]);
    await applyChannelEvent(
      t.db,
      channel,
      { type: "order.upserted", order: snapshot("5001", 1, [{ sku: "CAP", quantity: 2 }]) },
      ctx,
    );
    await applyChannelEvent(
      t.db,
      channel,
      {
        type: "fulfillment.changed",
        orderExternalId: "5001",
        fulfillmentExternalId: "f",
        status: "success",
        lines: [{ lineExternalId: "L1", quantity: 2 }],
        updatedAt: new Date(),
      },
      ctx,
    );
    expect(await balance(t.db, item.id, location.id)).toEqual({ onHand: 3, committed: 0, available: 3 });

    const refund = {
      type: "refund.created" as const,
      orderExternalId: "5001",
      refundExternalId: "r1",
      amountMinor: 1000,
      currency: "USD",
      lines: [{ lineExternalId: "L1", quantity: 1, restock: true }],
      createdAt: new Date(),
    };
    expect(await applyChannelEvent(t.db, channel, refund, ctx)).toMatchObject({ outcome: "applied" });
    expect(await applyChannelEvent(t.db, channel, refund, ctx)).toMatchObject({ outcome: "ignored" });
    expect(await balance(t.db, item.id, location.id)).toMatchObject({ onHand: 4 });

    const returned = {
      type: "return.changed" as const,
      orderExternalId: "5001",
      returnExternalId: "ret1",
      status: "received" as const,
      lines: [{ lineExternalId: "L1", quantity: 2, disposition: "restock" as const, reason: "too small" }],
      updatedAt: new Date(),
    };
    await applyChannelEvent(t.db, channel, returned, ctx);
    await applyChannelEvent(t.db, channel, returned, ctx);
    // Two units shipped: one restocked by the refund, so the return can restock only one more.
    expect(await balance(t.db, item.id, location.id)).toMatchObject({ onHand: 5 });
    expect(await t.db.return.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await t.db.refund.count({ where: { shopId: shop.id } })).toBe(1);
    expect((await verifyLedger(t.db, { shopId: shop.id })).mismatches).toEqual([]);
  });

  it("imports channel stock changes as adjustments only when the channel is stock master", async () => {
    const { shop, location, channel } = await setup();
    const item = await makeItem(t.db, shop.id, "SOCK", [{ locationId: location.id, onHand: 5 }]);
    await t.db.channelLocation.create({
      data: { shopId: shop.id, channelId: channel.id, locationId: location.id, externalLocationId: "L" },
    });
    await t.db.channelListing.create({
      data: {
        shopId: shop.id,
        channelId: channel.id,
        itemId: item.id,
        externalProductId: "p",
        externalInventoryItemId: "inv-1",
      },
    });
    const change = {
      type: "inventory_level.changed" as const,
      externalInventoryItemId: "inv-1",
      locationExternalId: "L",
      available: 8,
      updatedAt: new Date(),
    };
    expect(await applyChannelEvent(t.db, channel, change, ctx)).toMatchObject({ outcome: "ignored" });
    await t.db.channel.update({ where: { id: channel.id }, data: { settings: { stockMaster: "channel" } } });
    const master = { ...channel, settings: { stockMaster: "channel" } };
    expect(await applyChannelEvent(t.db, master, change, ctx)).toMatchObject({
      outcome: "applied",
      detail: "on hand +3",
    });
    expect(await applyChannelEvent(t.db, master, change, ctx)).toMatchObject({ outcome: "ignored" });
    expect(await balance(t.db, item.id, location.id)).toMatchObject({ onHand: 8 });
  });

  it("redacts a customer's personal data and keeps quantities and amounts", async () => {
    const { shop, location, channel } = await setup();
    await makeItem(t.db, shop.id, "HAT", [{ locationId: location.id, onHand: 5 }]);
    const inbox = { shopId: shop.id, channelId: channel.id, source: "test", topic: "orders/create", status: "done" };
    const stored = await t.db.inboxEvent.create({
      data: { ...inbox, eventId: "w1", payload: '{"email":"ada@example.com"}' },
    });
    const other = await t.db.inboxEvent.create({
      data: { ...inbox, eventId: "w2", payload: '{"email":"grace@example.com"}' },
    });
    await applyChannelEvent(
      t.db,
      channel,
      {
        type: "order.upserted",
        order: { ...snapshot("6001", 1, [{ sku: "HAT", quantity: 1 }]), shippingAddress: { city: "London" } },
      },
      ctx,
    );
    await applyChannelEvent(
      t.db,
      channel,
      { type: "privacy.customer_redact", customer: { email: "ada@example.com" }, orderExternalIds: ["6001"] },
      ctx,
    );
    const order = await t.db.order.findFirstOrThrow({ where: { shopId: shop.id }, include: { lines: true } });
    expect(order).toMatchObject({ customerName: null, customerEmail: null, shippingAddress: null, totalMinor: 1000 });
    expect(await t.db.inboxEvent.findFirstOrThrow({ where: { id: stored.id } })).toMatchObject({
      payload: '{"redacted":true}',
    });
    expect(await t.db.inboxEvent.findFirstOrThrow({ where: { id: other.id } })).toMatchObject({
      payload: '{"email":"grace@example.com"}',
    });
    expect(order.lines[0]).toMatchObject({ quantity: 1, reservedQty: 1 });
  });
});
