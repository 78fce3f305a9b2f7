import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { cancelOrder } from "../orders/cancel-order.server";
import { createReturn } from "../orders/create-return.server";
import { fulfilOrder } from "../orders/fulfil-order.server";
import { orderShop, registerIdleShopifyCommander, type OrderShop } from "../orders/test-support";
import { loadOrderDetail } from "./order-detail.server";

const AS_MERCHANT = { actor: "operator:merchant@example.com", source: "ui", queue: null };

describe("loadOrderDetail", () => {
  let t: TestDb;
  let s: OrderShop;
  beforeAll(async () => {
    t = await createTestDb();
    registerIdleShopifyCommander();
    s = await orderShop(t.db);
  });
  afterAll(() => t.drop());

  it("shows each line's reservation, stock at its location and what is left, with fulfilments and returns", async () => {
    const order = await s.placeOrder([
      { sku: "TEE", quantity: 3 },
      { sku: "CAP", quantity: 8 },
    ]);
    await fulfilOrder(
      t.db,
      s.shop.id,
      {
        orderId: order.id,
        lines: [{ lineId: order.line("TEE").id, quantity: 2 }],
        carrier: "UPS",
        trackingNumber: "1Z1",
      },
      AS_MERCHANT,
    );
    await createReturn(
      t.db,
      s.shop.id,
      { orderId: order.id, lines: [{ lineId: order.line("TEE").id, quantity: 1, reason: "Too small" }] },
      AS_MERCHANT,
    );

    const detail = await loadOrderDetail(t.db, s.shop.id, order.id);
    expect(detail).not.toBeNull();
    const tee = detail!.lines.find((line) => line.sku === "TEE")!;
    expect(tee).toMatchObject({
      quantity: 3,
      location: { id: s.warehouse.id, name: "Warehouse" },
      reserved: 1,
      short: 0,
      fulfilled: 2,
      returned: 1,
      leftToShip: 1,
      returnable: 1,
      // 10 received, 2 shipped, 1 still committed to this order.
      stock: { onHand: 8, committed: 1, available: 7 },
    });
    expect(tee.stockByLocation[s.storefront.id]).toEqual({ onHand: 4, committed: 0, available: 4 });
    const cap = detail!.lines.find((line) => line.sku === "CAP")!;
    // Six caps at the storefront, eight ordered: two could not be reserved.
    expect(cap).toMatchObject({ reserved: 6, short: 2, fulfilled: 0, leftToShip: 8, returnable: 0 });

    expect(detail!.fulfillments).toMatchObject([
      {
        carrier: "UPS",
        trackingNumber: "1Z1",
        location: "Warehouse",
        channelSyncState: "pending",
        lines: [{ sku: "TEE", quantity: 2 }],
      },
    ]);
    expect(detail!.returns).toMatchObject([
      { status: "approved", lines: [{ sku: "TEE", quantity: 1, reason: "Too small", received: 0 }] },
    ]);
    expect(detail!.timeline[0]?.message).toBe("Return opened: 1 × TEE");
    const times = detail!.timeline.map((event) => event.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(detail!.can).toEqual({ fulfil: true, cancel: false, startReturn: true });
  });

  it("offers cancelling only an order with nothing shipped, and nothing once cancelled", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 1 }]);
    expect((await loadOrderDetail(t.db, s.shop.id, order.id))!.can).toEqual({
      fulfil: true,
      cancel: true,
      startReturn: false,
    });
    await cancelOrder(
      t.db,
      s.shop.id,
      { orderId: order.id, reason: "customer", restock: true, refund: false },
      AS_MERCHANT,
    );
    const cancelled = await loadOrderDetail(t.db, s.shop.id, order.id);
    expect(cancelled!.order.status).toBe("cancelled");
    expect(cancelled!.lines[0]).toMatchObject({ reserved: 0 });
    expect(cancelled!.can).toEqual({ fulfil: false, cancel: false, startReturn: false });
  });

  it("answers null for another shop's order", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 1 }]);
    const other = await t.db.shop.create({ data: { name: "Other" } });
    expect(await loadOrderDetail(t.db, other.id, order.id)).toBeNull();
    expect(await loadOrderDetail(t.db, s.shop.id, "no-such-order")).toBeNull();
  });
});
