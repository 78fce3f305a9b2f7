import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { OrderActionError } from "./errors";
import { fulfilOrder } from "./fulfil-order.server";
import { orderShop, registerIdleShopifyCommander, type OrderShop } from "./test-support";
import { updateTracking } from "./update-tracking.server";

const AS_MERCHANT = { actor: "user:ada", queue: null };

describe("updateTracking", () => {
  let t: TestDb;
  let s: OrderShop;
  beforeAll(async () => {
    t = await createTestDb();
    registerIdleShopifyCommander();
    s = await orderShop(t.db);
  });
  afterAll(async () => t.drop());

  async function merchantFulfilment() {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 1 }]);
    const made = await fulfilOrder(
      t.db,
      s.shop.id,
      {
        orderId: order.id,
        lines: [{ lineId: order.line("TEE").id, quantity: 1 }],
        carrier: "UPS",
        trackingNumber: "1Z1",
      },
      AS_MERCHANT,
    );
    return { order, ...made };
  }

  it("changes the given fields, keeps the others, and tells the channel about a fulfilment it is about to know", async () => {
    const { order, fulfillmentId } = await merchantFulfilment();
    const { commandId } = await updateTracking(
      t.db,
      s.shop.id,
      { fulfillmentId, trackingNumber: "1Z2", trackingUrl: "https://ups.example/1Z2", notifyCustomer: true },
      AS_MERCHANT,
    );
    expect(await t.db.fulfillment.findUniqueOrThrow({ where: { id: fulfillmentId } })).toMatchObject({
      carrier: "UPS",
      trackingNumber: "1Z2",
      trackingUrl: "https://ups.example/1Z2",
      notifyCustomer: true,
      channelSyncState: "pending",
    });
    expect(await t.db.channelCommand.findUniqueOrThrow({ where: { id: commandId! } })).toMatchObject({
      kind: "fulfillment.tracking",
      subjectId: fulfillmentId,
      orderId: order.id,
      state: "pending",
    });
    expect(
      await t.db.timelineEvent.findFirst({ where: { orderId: order.id, kind: "tracking_updated" } }),
    ).toMatchObject({
      message: "Tracking updated: UPS 1Z2",
    });

    await updateTracking(t.db, s.shop.id, { fulfillmentId, carrier: null }, AS_MERCHANT);
    expect(await t.db.fulfillment.findUniqueOrThrow({ where: { id: fulfillmentId } })).toMatchObject({
      carrier: null,
      trackingNumber: "1Z2",
    });
  });

  it("tells the channel about its own fulfilments, and not about ours that never reached it", async () => {
    const known = await merchantFulfilment();
    await t.db.fulfillment.update({ where: { id: known.fulfillmentId }, data: { externalId: "555" } });
    await t.db.channelCommand.update({ where: { id: known.commandId! }, data: { state: "done" } });
    expect(
      (await updateTracking(t.db, s.shop.id, { fulfillmentId: known.fulfillmentId, trackingNumber: "A" }, AS_MERCHANT))
        .commandId,
    ).not.toBeNull();

    const lost = await merchantFulfilment();
    await t.db.channelCommand.update({ where: { id: lost.commandId! }, data: { state: "dead" } });
    await t.db.fulfillment.update({ where: { id: lost.fulfillmentId }, data: { channelSyncState: "failed" } });
    const result = await updateTracking(
      t.db,
      s.shop.id,
      { fulfillmentId: lost.fulfillmentId, trackingNumber: "B" },
      AS_MERCHANT,
    );
    expect(result.commandId).toBeNull();
    // The tracking is kept; a retry of the create command sends it.
    expect(await t.db.fulfillment.findUniqueOrThrow({ where: { id: lost.fulfillmentId } })).toMatchObject({
      trackingNumber: "B",
      channelSyncState: "failed",
    });
  });

  it("refuses a cancelled fulfilment, an unknown one and a change of nothing", async () => {
    const { fulfillmentId } = await merchantFulfilment();
    await t.db.fulfillment.update({ where: { id: fulfillmentId }, data: { status: "cancelled" } });
    await expect(
      updateTracking(t.db, s.shop.id, { fulfillmentId, trackingNumber: "X" }, AS_MERCHANT),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    const other = await t.db.shop.create({ data: { name: "Someone else" } });
    const unknown = await updateTracking(t.db, other.id, { fulfillmentId, trackingNumber: "X" }, AS_MERCHANT).catch(
      (e) => e,
    );
    expect(unknown).toBeInstanceOf(OrderActionError);
    expect(unknown).toMatchObject({ code: "not_found", path: ["fulfillmentId"] });
    await expect(updateTracking(t.db, s.shop.id, { fulfillmentId }, AS_MERCHANT)).rejects.toBeInstanceOf(ZodError);
  });
});
