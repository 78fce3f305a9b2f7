import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../../test/db.ts";
import { startWooSimMsw } from "../../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../../test/sim/woocommerce/sim";
import { cancelOrder } from "../../orders/cancel-order.server";
import { createReturn } from "../../orders/create-return.server";
import { fulfilOrder } from "../../orders/fulfil-order.server";
import { receiveReturn } from "../../orders/receive-return.server";
import { ACTOR, commandStore } from "./test-support";

// order.cancel, return.create and return.process against the simulated store over msw: the status, private notes and
// refunds each made once however often a lost answer makes the command run again, the gateway used only when the
// channel's settings say so, and WooCommerce never asked to restock (api_restock false).

describe("WooCommerce cancellation and return commands", () => {
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

  /** Our private notes (WooCommerce adds its own about status and stock). */
  const privateNotes = (notes: { note: string; customerNote: boolean }[]) =>
    notes.filter((note) => !note.customerNote && note.note.includes("ChannelLedger"));

  it("cancels the order with the reason as a private note and refunds what is left, once", async () => {
    const s = await commandStore(t.db, sim);
    const order = await s.placeOrder([{ sku: "MUG", quantity: 2 }]);
    expect(s.store.stock("MUG").stock_quantity).toBe(18);
    const { commandId } = await cancelOrder(
      t.db,
      s.shop.id,
      { orderId: order.id, reason: "customer", restock: true, refund: true, staffNote: "Asked by phone" },
      ACTOR,
    );
    s.loseNextAnswer("createRefund");
    expect(await s.run(commandId!)).toMatchObject({ state: "pending" });
    const done = await s.run(commandId!, 1);
    expect(done).toMatchObject({ state: "done", result: { status: "cancelled", refunded: "25.00" } });

    const refunds = s.refunds(order.wooId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amountCents: 2500, refundedPayment: false });
    expect(refunds[0]!.reason).toBe(`Order cancelled [ChannelLedger ${commandId}]`);
    expect(s.store.order(order.wooId).status).toBe("cancelled");
    expect(privateNotes(s.notes(order.wooId)).map((note) => note.note)).toEqual([
      "Cancelled in ChannelLedger (reason: customer): Asked by phone",
    ]);
    // WooCommerce put the two mugs back itself when the order was cancelled; the refund restocked nothing more.
    expect(s.store.stock("MUG").stock_quantity).toBe(20);
  });

  it("cancels without a refund when none was asked for", async () => {
    const s = await commandStore(t.db, sim);
    const order = await s.placeOrder([{ sku: "TEE-M", quantity: 1 }]);
    const { commandId } = await cancelOrder(
      t.db,
      s.shop.id,
      { orderId: order.id, reason: "inventory", restock: true, refund: false },
      ACTOR,
    );
    expect(await s.run(commandId!)).toMatchObject({ state: "done", result: { status: "cancelled" } });
    expect(s.refunds(order.wooId)).toHaveLength(0);
    expect(s.store.order(order.wooId).status).toBe("cancelled");
  });

  /** An order shipped in full (its fulfilment command run), ready to be returned. */
  async function shippedOrder(settings: object = {}) {
    const s = await commandStore(t.db, sim, settings);
    const order = await s.placeOrder([
      { sku: "MUG", quantity: 2 },
      { sku: "TEE-M", quantity: 1 },
    ]);
    const lines = order.lines.map((line) => ({ lineId: line.id, quantity: line.quantity }));
    const shipped = await fulfilOrder(t.db, s.shop.id, { orderId: order.id, lines }, ACTOR);
    expect(await s.run(shipped.commandId!)).toMatchObject({ state: "done" });
    return { s, order };
  }

  it("notes an opened return privately and is done (WooCommerce has no returns)", async () => {
    const { s, order } = await shippedOrder();
    const opened = await createReturn(
      t.db,
      s.shop.id,
      { orderId: order.id, lines: [{ lineId: order.line("TEE-M").id, quantity: 1, reason: "Too small" }] },
      ACTOR,
    );
    expect(await s.run(opened.commandId)).toEqual({ state: "done", result: {} });
    expect(privateNotes(s.notes(order.wooId)).map((note) => note.note)).toEqual([
      `Return ${opened.id} opened in ChannelLedger: 1 × ${order.line("TEE-M").title} (Too small)`,
    ]);
    expect(await s.run(opened.commandId, 1)).toEqual({ state: "not_due" });
  });

  it("refunds the received lines through the gateway when the channel says so, never restocking, once", async () => {
    const { s, order } = await shippedOrder({ refundViaGateway: true });
    const opened = await createReturn(
      t.db,
      s.shop.id,
      {
        orderId: order.id,
        lines: [
          { lineId: order.line("TEE-M").id, quantity: 1 },
          { lineId: order.line("MUG").id, quantity: 1 },
        ],
      },
      ACTOR,
    );
    await s.run(opened.commandId);
    const stock = { mug: s.store.stock("MUG").stock_quantity, tee: s.store.stock("TEE-M").stock_quantity };
    const returnLines = await t.db.returnLine.findMany({
      where: { returnId: opened.id },
      include: { orderLine: true },
    });
    const received = await receiveReturn(
      t.db,
      s.shop.id,
      {
        returnId: opened.id,
        lines: returnLines.map((line) => ({
          returnLineId: line.id,
          quantity: 1,
          disposition: line.orderLine.sku === "MUG" ? ("dispose" as const) : ("restock" as const),
        })),
        refund: true,
      },
      ACTOR,
    );
    s.loseNextAnswer("createRefund");
    expect(await s.run(received.commandId)).toMatchObject({ state: "pending" });
    expect(await s.run(received.commandId, 1)).toMatchObject({ state: "done", result: { refunded: "32.50" } });

    const refunds = s.refunds(order.wooId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amountCents: 3250, refundedPayment: true });
    expect(
      refunds[0]!.lines.map(({ lineItemId, quantity, refundTotalCents }) => ({
        lineItemId,
        quantity,
        refundTotalCents,
      })),
    ).toEqual(
      expect.arrayContaining([
        { lineItemId: Number(order.line("TEE-M").externalId), quantity: 1, refundTotalCents: 2000 },
        { lineItemId: Number(order.line("MUG").externalId), quantity: 1, refundTotalCents: 1250 },
      ]),
    );
    // The ledger restocked the tee already; WooCommerce's stock moves only with the ledger's next push.
    expect({ mug: s.store.stock("MUG").stock_quantity, tee: s.store.stock("TEE-M").stock_quantity }).toEqual(stock);
    const notes = privateNotes(s.notes(order.wooId)).map((note) => note.note);
    expect(notes.filter((note) => note.startsWith(`Return ${opened.id} received`))).toHaveLength(1);
    expect(notes.at(-1)).toMatch(/received in ChannelLedger: .*\(back in stock\), .*\(not restocked\)$/);
  });

  it("parks the refund the store's gateway cannot make, with the store's words, before anything is cancelled", async () => {
    const s = await commandStore(t.db, sim, { refundViaGateway: true });
    const placed = s.store.placeOrder({
      lines: [{ sku: "MUG", quantity: 1 }],
      paymentMethod: "cod",
      status: "processing",
    });
    await s.readOrder(placed.id);
    const order = await t.db.order.findUniqueOrThrow({
      where: { channelId_externalId: { channelId: s.channel.id, externalId: String(placed.id) } },
    });
    const { commandId } = await cancelOrder(
      t.db,
      s.shop.id,
      { orderId: order.id, reason: "customer", restock: true, refund: true },
      ACTOR,
    );
    const run = await s.run(commandId!);
    expect(run).toMatchObject({ state: "dead" });
    expect(run.state === "dead" && run.error).toMatch(/does not support automatic refunds/);
    expect(s.store.order(placed.id).status).toBe("processing");
  });
});
