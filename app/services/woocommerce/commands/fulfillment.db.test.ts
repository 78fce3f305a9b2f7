import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../../test/db.ts";
import { startWooSimMsw } from "../../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../../test/sim/woocommerce/sim";
import { fulfilOrder } from "../../orders/fulfil-order.server";
import { updateTracking } from "../../orders/update-tracking.server";
import { ACTOR, commandStore } from "./test-support";

// fulfillment.create and fulfillment.tracking against the simulated store over msw: tracking as a customer note, the
// order completed (or the merchant's status) by the fulfilment that ships its last units, each step once however
// often a lost answer makes the command run again, and WooCommerce's echo of the completion recognised as ours.

describe("WooCommerce fulfilment commands", () => {
  let t: TestDb;
  const sim = createWooSim({ webhooks: { auto: false } });
  const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  const tracked = { carrier: "DHL", trackingNumber: "00340434", trackingUrl: "https://dhl.example/t/00340434" };
  const statusChanges = (notes: { note: string }[]) => notes.filter((note) => note.note.startsWith("Order status"));

  it("adds the tracking as a customer note and completes a fully fulfilled order, once despite lost answers", async () => {
    const s = await commandStore(t.db, sim);
    const order = await s.placeOrder([
      { sku: "MUG", quantity: 2 },
      { sku: "TEE-M", quantity: 1 },
    ]);
    const lines = order.lines.map((line) => ({ lineId: line.id, quantity: line.quantity }));
    const { fulfillmentId, commandId } = await fulfilOrder(
      t.db,
      s.shop.id,
      { orderId: order.id, lines, ...tracked },
      ACTOR,
    );

    s.loseNextAnswer("addOrderNote");
    expect(await s.run(commandId!)).toMatchObject({ state: "pending", error: "the answer to addOrderNote was lost" });
    s.loseNextAnswer("updateOrderStatus");
    expect(await s.run(commandId!, 1)).toMatchObject({ state: "pending" });
    const done = await s.run(commandId!, 2);
    expect(done).toMatchObject({
      state: "done",
      result: { fulfillmentId: `completed:${order.wooId}`, status: "completed" },
    });

    const notes = s.notes(order.wooId);
    const customerNotes = notes.filter((note) => note.customerNote);
    expect(customerNotes.map((note) => note.note)).toEqual([
      "Shipped with DHL: 00340434 https://dhl.example/t/00340434",
    ]);
    expect(statusChanges(notes).map((note) => note.note)).toEqual([
      "Order status changed from Processing to Completed.",
    ]);
    // The status was set once: the last attempt found the order completed by the one whose answer was lost.
    expect(s.store.countRequests("PUT", `/wp-json/wc/v3/orders/${order.wooId}`)).toBe(1);
    expect(s.store.countRequests("POST", `/wp-json/wc/v3/orders/${order.wooId}/notes`)).toBe(1);
    expect(s.store.order(order.wooId).status).toBe("completed");
    const fulfillment = await t.db.fulfillment.findUniqueOrThrow({ where: { id: fulfillmentId } });
    expect(fulfillment).toMatchObject({ externalId: `completed:${order.wooId}`, channelSyncState: "synced" });

    // WooCommerce's order.updated for the completion names the same shipment: already recorded, nothing ships twice.
    const outcomes = await s.readOrder(order.wooId);
    expect(outcomes[1]).toMatchObject({ outcome: "ignored", detail: "fulfilment already recorded" });
    expect(await t.db.fulfillment.count({ where: { orderId: order.id } })).toBe(1);
    const mug = await t.db.orderLine.findUniqueOrThrow({ where: { id: order.line("MUG").id } });
    expect(mug).toMatchObject({ fulfilledQty: 2, reservedQty: 0 });
  });

  it("only adds the note for a partial fulfilment, and completes the order with the one that ships the rest", async () => {
    const s = await commandStore(t.db, sim);
    const order = await s.placeOrder([{ sku: "MUG", quantity: 3 }]);
    const mug = order.line("MUG");
    const first = await fulfilOrder(
      t.db,
      s.shop.id,
      { orderId: order.id, lines: [{ lineId: mug.id, quantity: 1 }], carrier: "UPS", trackingNumber: "1Z999" },
      ACTOR,
    );
    expect(await s.run(first.commandId!)).toMatchObject({
      state: "done",
      result: { fulfillmentId: `shipment:${first.fulfillmentId}` },
    });
    expect(s.store.order(order.wooId).status).toBe("processing");
    expect(
      s
        .notes(order.wooId)
        .filter((note) => note.customerNote)
        .map((note) => note.note),
    ).toEqual(["Shipped with UPS: 1Z999"]);

    const rest = await fulfilOrder(
      t.db,
      s.shop.id,
      { orderId: order.id, lines: [{ lineId: mug.id, quantity: 2 }], carrier: "UPS", trackingNumber: "1Z1000" },
      ACTOR,
    );
    expect(await s.run(rest.commandId!)).toMatchObject({
      state: "done",
      result: { fulfillmentId: `completed:${order.wooId}`, status: "completed" },
    });
    expect(s.store.order(order.wooId).status).toBe("completed");
    expect(
      s
        .notes(order.wooId)
        .filter((note) => note.customerNote)
        .map((note) => note.note),
    ).toEqual(["Shipped with UPS: 1Z999", "Shipped with UPS: 1Z1000"]);
    expect((await s.readOrder(order.wooId))[1]).toMatchObject({ outcome: "ignored" });
  });

  it("gives the order the merchant's chosen status instead of completed", async () => {
    const s = await commandStore(t.db, sim, { fulfilledStatus: "on-hold" });
    const order = await s.placeOrder([{ sku: "TEE-M", quantity: 1 }]);
    const lines = [{ lineId: order.line("TEE-M").id, quantity: 1 }];
    const { commandId } = await fulfilOrder(t.db, s.shop.id, { orderId: order.id, lines }, ACTOR);
    expect(await s.run(commandId!)).toMatchObject({ state: "done", result: { status: "on-hold" } });
    expect(s.store.order(order.wooId).status).toBe("on-hold");
    // No tracking: no customer note to add.
    expect(s.notes(order.wooId).filter((note) => note.customerNote)).toHaveLength(0);
  });

  it("sends new tracking as another customer note, once", async () => {
    const s = await commandStore(t.db, sim);
    const order = await s.placeOrder([{ sku: "MUG", quantity: 1 }]);
    const lines = [{ lineId: order.line("MUG").id, quantity: 1 }];
    const made = await fulfilOrder(t.db, s.shop.id, { orderId: order.id, lines, ...tracked }, ACTOR);
    await s.run(made.commandId!);
    const update = await updateTracking(
      t.db,
      s.shop.id,
      { fulfillmentId: made.fulfillmentId, trackingNumber: "00340499", trackingUrl: null },
      ACTOR,
    );
    s.loseNextAnswer("addOrderNote");
    expect(await s.run(update.commandId!)).toMatchObject({ state: "pending" });
    expect(await s.run(update.commandId!, 1)).toMatchObject({
      state: "done",
      result: { fulfillmentId: `completed:${order.wooId}` },
    });
    expect(
      s
        .notes(order.wooId)
        .filter((note) => note.customerNote)
        .map((note) => note.note),
    ).toEqual(["Shipped with DHL: 00340434 https://dhl.example/t/00340434", "Shipped with DHL: 00340499"]);
  });

  it("refuses to complete an order the store has cancelled meanwhile", async () => {
    const s = await commandStore(t.db, sim);
    const order = await s.placeOrder([{ sku: "MUG", quantity: 1 }]);
    const lines = [{ lineId: order.line("MUG").id, quantity: 1 }];
    const { commandId, fulfillmentId } = await fulfilOrder(t.db, s.shop.id, { orderId: order.id, lines }, ACTOR);
    s.store.cancelOrder(order.wooId);
    expect(await s.run(commandId!)).toEqual({
      state: "dead",
      error: "The order is cancelled on WooCommerce, so it was not marked completed",
    });
    expect(await t.db.fulfillment.findUniqueOrThrow({ where: { id: fulfillmentId } })).toMatchObject({
      externalId: null,
      channelSyncState: "failed",
    });
  });
});
