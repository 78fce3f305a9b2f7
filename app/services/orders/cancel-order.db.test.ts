import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { balance, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent } from "../ledger/apply-channel-event.server";
import { verifyLedger } from "../ledger/verify.server";
import { cancelOrder } from "./cancel-order.server";
import { OrderActionError } from "./errors";
import { fulfilOrder } from "./fulfil-order.server";
import { orderShop, registerIdleShopifyCommander, type OrderShop } from "./test-support";

const AS_MERCHANT = { actor: "user:ada", queue: null };
const CANCEL = { reason: "customer", restock: true, refund: false } as const;

describe("cancelOrder", () => {
  let t: TestDb;
  let s: OrderShop;
  beforeAll(async () => {
    t = await createTestDb();
    registerIdleShopifyCommander();
    s = await orderShop(t.db);
  });
  afterAll(async () => t.drop());

  const expectLedgerClean = async () =>
    expect((await verifyLedger(t.db, { shopId: s.shop.id })).mismatches).toEqual([]);

  it("keeps the order cancelled while the channel has not had the cancellation, then follows the channel", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 2 }]);
    const { commandId } = await cancelOrder(t.db, s.shop.id, { orderId: order.id, ...CANCEL }, AS_MERCHANT);
    const released = await balance(t.db, s.tee.id, s.warehouse.id);
    // The channel sent this snapshot before our cancel reached it: newer than ours, still open.
    const late = snapshot(order.externalId, 30, [{ sku: "TEE", quantity: 2 }]);
    await applyChannelEvent(t.db, s.channel, { type: "order.upserted", order: late }, { source: "test" });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("cancelled");
    expect(await balance(t.db, s.tee.id, s.warehouse.id)).toEqual(released);

    // The channel refused the cancel: its next snapshot (still open) is the truth, and the units are reserved again.
    await t.db.channelCommand.update({ where: { id: commandId }, data: { state: "dead", lastError: "refused" } });
    const after = snapshot(order.externalId, 40, [{ sku: "TEE", quantity: 2 }]);
    await applyChannelEvent(t.db, s.channel, { type: "order.upserted", order: after }, { source: "test" });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("open");
    expect((await balance(t.db, s.tee.id, s.warehouse.id)).committed).toBe(released.committed + 2);
    await expectLedgerClean();
  });

  it("releases the reservations, cancels the order and records the command that tells the channel", async () => {
    const order = await s.placeOrder([
      { sku: "TEE", quantity: 2 },
      { sku: "CAP", quantity: 1 },
    ]);
    const teeBefore = await balance(t.db, s.tee.id, s.warehouse.id);
    const { commandId } = await cancelOrder(
      t.db,
      s.shop.id,
      { orderId: order.id, ...CANCEL, notifyCustomer: true, staffNote: "Out of stock at the supplier" },
      AS_MERCHANT,
    );
    expect(await balance(t.db, s.tee.id, s.warehouse.id)).toEqual({
      onHand: teeBefore.onHand,
      committed: teeBefore.committed - 2,
      available: teeBefore.available + 2,
    });
    expect(await t.db.orderLine.findMany({ where: { orderId: order.id }, select: { reservedQty: true } })).toEqual([
      { reservedQty: 0 },
      { reservedQty: 0 },
    ]);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "cancelled",
      cancelledAt: expect.any(Date),
    });
    expect(await t.db.channelCommand.findUniqueOrThrow({ where: { id: commandId } })).toMatchObject({
      kind: "order.cancel",
      orderId: order.id,
      subjectId: order.id,
      state: "pending",
      payload: { ...CANCEL, notifyCustomer: true, staffNote: "Out of stock at the supplier" },
    });
    expect(await t.db.timelineEvent.findFirst({ where: { orderId: order.id, kind: "cancelled" } })).toMatchObject({
      message: "Order cancelled (customer): Out of stock at the supplier",
    });

    // The channel's own cancellation comes back: the order is cancelled already and nothing moves.
    const movements = await t.db.stockMovement.count({ where: { shopId: s.shop.id } });
    const echo = await applyChannelEvent(
      t.db,
      s.channel,
      {
        type: "order.cancelled",
        orderExternalId: order.externalId,
        channelUpdatedAt: new Date(Date.UTC(2026, 0, 2)),
        cancelledAt: new Date(Date.UTC(2026, 0, 2)),
      },
      { source: "test" },
    );
    expect(echo.outcome).toBe("applied");
    expect(await t.db.stockMovement.count({ where: { shopId: s.shop.id } })).toBe(movements);
    await expectLedgerClean();
  });

  it("refuses an order with shipped units, an order cancelled already and another shop's order", async () => {
    const shipped = await s.placeOrder([{ sku: "TEE", quantity: 2 }]);
    await fulfilOrder(
      t.db,
      s.shop.id,
      { orderId: shipped.id, lines: [{ lineId: shipped.line("TEE").id, quantity: 1 }] },
      AS_MERCHANT,
    );
    const reported = await s.placeOrder([{ sku: "TEE", quantity: 2, fulfilled: 1 }]);
    const done = await s.placeOrder([{ sku: "TEE", quantity: 1 }]);
    await cancelOrder(t.db, s.shop.id, { orderId: done.id, ...CANCEL }, AS_MERCHANT);
    const other = await t.db.shop.create({ data: { name: "Someone else" } });
    const commands = await t.db.channelCommand.count({ where: { kind: "order.cancel" } });

    for (const [shopId, orderId, code, message] of [
      [s.shop.id, shipped.id, "conflict", /has 1 shipped unit\(s\): cancel its fulfilments.*Shopify refuses/],
      [s.shop.id, reported.id, "conflict", /has 1 shipped unit\(s\)/],
      [s.shop.id, done.id, "conflict", /is already cancelled/],
      [other.id, shipped.id, "not_found", /not found/],
    ] as const) {
      const error = await cancelOrder(t.db, shopId, { orderId, ...CANCEL }, AS_MERCHANT).catch((caught) => caught);
      expect(error).toBeInstanceOf(OrderActionError);
      expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
    }
    expect(await t.db.order.findUniqueOrThrow({ where: { id: shipped.id } })).toMatchObject({ status: "open" });
    expect(await t.db.channelCommand.count({ where: { kind: "order.cancel" } })).toBe(commands);
    await expectLedgerClean();
  });
});
