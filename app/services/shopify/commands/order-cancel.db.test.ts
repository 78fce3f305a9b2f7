import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../../test/db.ts";
import { startShopifySimMsw } from "../../../../test/sim/shopify/msw";
import { createShopifySim, type ShopifySim } from "../../../../test/sim/shopify/sim";
import { balance } from "../../../../test/support/ledger-fixtures.ts";
import { commandKey, runCommand } from "../../commands/run-command.server";
import { verifyLedger } from "../../ledger/verify.server";
import { cancelOrder } from "../../orders/cancel-order.server";
import { registerSimCommander, simStore, type SimStore } from "./test-support";

// Merchant cancellations carried out on a simulated Shopify store, with the store's webhooks fed back to the ledger.

const AS_MERCHANT = { actor: "user:test", queue: null };
const CANCEL = { reason: "customer", restock: true, refund: true, notifyCustomer: true } as const;

describe("Shopify order cancel commands", () => {
  let t: TestDb;
  let sim: ShopifySim;
  let server: ReturnType<typeof startShopifySimMsw>;
  let s: SimStore;

  beforeAll(async () => {
    t = await createTestDb();
    sim = createShopifySim();
    server = startShopifySimMsw(sim);
    registerSimCommander();
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });
  beforeEach(async () => {
    sim.faults.clear();
    s = await simStore(t.db, sim);
  });

  const movements = () => t.db.stockMovement.count({ where: { shopId: s.shop.id } });
  const expectLedgerClean = async () =>
    expect((await verifyLedger(t.db, { shopId: s.shop.id })).mismatches).toEqual([]);

  it("cancels on the store with the merchant's choices; the store's echo changes nothing", async () => {
    const placed = await s.placeOrder([
      { sku: "TEE-S", quantity: 2 },
      { sku: "TEE-M", quantity: 1 },
    ]);
    expect(await balance(t.db, s.items.small.id, s.warehouse.id)).toMatchObject({ committed: 2 });
    const { commandId } = await cancelOrder(
      t.db,
      s.shop.id,
      { orderId: placed.order.id, ...CANCEL, staffNote: "Asked by phone" },
      AS_MERCHANT,
    );
    expect(await balance(t.db, s.items.small.id, s.warehouse.id)).toEqual({ onHand: 10, committed: 0, available: 10 });

    const run = await runCommand(t.db, commandId);
    expect(run).toEqual({
      state: "done",
      result: { jobId: expect.stringMatching(/^gid:\/\/shopify\/Job\/\d+$/), jobDone: false },
    });
    expect(s.store.state.orders.get(placed.simOrder.id)).toMatchObject({
      cancelledAt: expect.any(Date),
      cancelReason: "customer",
    });
    expect(s.store.levels("TEE-S").Warehouse).toMatchObject({ available: 10, committed: 0 });
    expect(s.requests("ChannelLedgerOrderCancel").map((entry) => entry.variables)).toEqual([
      {
        orderId: `gid://shopify/Order/${placed.simOrder.id}`,
        reason: "CUSTOMER",
        refundMethod: { originalPaymentMethodsRefund: true },
        restock: true,
        notifyCustomer: true,
        staffNote: "Asked by phone",
        idempotencyKey: commandKey(commandId),
      },
    ]);

    const before = await movements();
    const echoes = await s.applyAll(await s.newDeliveries());
    expect(echoes.map((echo) => echo.topic)).toEqual(["orders/cancelled", "orders/updated"]);
    expect(await movements()).toBe(before);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: placed.order.id } })).toMatchObject({
      status: "cancelled",
    });
    expect(
      await t.db.orderLine.findMany({ where: { orderId: placed.order.id }, select: { reservedQty: true } }),
    ).toEqual([{ reservedQty: 0 }, { reservedQty: 0 }]);
    await expectLedgerClean();
  });

  it("parks the command with Shopify's message when the store refuses the cancellation", async () => {
    const placed = await s.placeOrder([{ sku: "TEE-M", quantity: 1 }]);
    // Cancelled in the Shopify admin a moment ago; its webhooks have not arrived yet.
    await s.store.cancelOrder(placed.simOrder.id);
    const { commandId } = await cancelOrder(t.db, s.shop.id, { orderId: placed.order.id, ...CANCEL }, AS_MERCHANT);
    expect(await runCommand(t.db, commandId)).toEqual({
      state: "dead",
      error: "Shopify refused the cancellation: Order has already been cancelled. (orderId) [INVALID]",
    });
    expect(await t.db.channelCommand.findUniqueOrThrow({ where: { id: commandId } })).toMatchObject({
      state: "dead",
      lastError: expect.stringContaining("already been cancelled"),
    });

    const before = await movements();
    await s.applyAll(await s.newDeliveries());
    expect(await movements()).toBe(before);
    expect(await balance(t.db, s.items.medium.id, s.warehouse.id)).toEqual({ onHand: 10, committed: 0, available: 10 });
    await expectLedgerClean();
  });

  it("gets the same job back when the answer was lost, and the store cancels once", async () => {
    s = await simStore(t.db, sim, { retry: { maxAttempts: 1 } });
    const placed = await s.placeOrder([{ sku: "TEE-S", quantity: 1 }]);
    const { commandId } = await cancelOrder(t.db, s.shop.id, { orderId: placed.order.id, ...CANCEL }, AS_MERCHANT);
    sim.faults.queue({ kind: "http5xx", status: 502, afterExecution: true });
    expect(await runCommand(t.db, commandId)).toMatchObject({ state: "pending" });
    const retried = await runCommand(t.db, commandId, { now: new Date(Date.now() + 3_600_000) });
    expect(retried.state).toBe("done");
    const deliveries = await s.newDeliveries();
    expect(deliveries.filter((delivery) => delivery.topic === "orders/cancelled")).toHaveLength(1);
    const [lost, replayed] = s.requests("ChannelLedgerOrderCancel");
    expect(replayed?.variables).toEqual(lost?.variables);
  });
});
