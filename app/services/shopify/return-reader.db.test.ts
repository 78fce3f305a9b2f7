import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startShopifySimMsw } from "../../../test/sim/shopify/msw";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import type { SimOrder } from "../../../test/sim/shopify/state";
import { simAdminFor, storeAndLedger, type StoreAndLedger } from "../../../test/support/shopify-returns.ts";
import { createShopifyReturnReader } from "./return-reader.server";

// The Shopify return reader against the simulated store: every status a return goes through, in the ledger's words,
// and returns longer than one query carries.

describe("Shopify return reader", () => {
  let t: TestDb;
  let sim: ShopifySim;
  let server: ReturnType<typeof startShopifySimMsw>;
  const readAt = new Date("2026-11-26T12:00:00Z");
  const reader = createShopifyReturnReader({ admin: simAdminFor, now: () => readAt });

  beforeAll(async () => {
    t = await createTestDb();
    sim = createShopifySim();
    server = startShopifySimMsw(sim);
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  /** The fulfillment line item that shipped this order line (the first one, when it shipped in several). */
  const shipped = (w: StoreAndLedger, order: SimOrder, lineItemId: number) =>
    order.fulfillmentIds
      .flatMap((id) => w.store.state.fulfillments.get(id)!.lineItems)
      .find((item) => item.lineItemId === lineItemId)!.id;

  const read = (w: StoreAndLedger, order: SimOrder, returnId: number) =>
    reader.readReturn(t.db, w.channel, { orderExternalId: String(order.id), returnExternalId: String(returnId) });

  it("reads a customer's request through approval, partial and full processing, in the ledger's words", async () => {
    const w = await storeAndLedger(t.db, sim);
    const { order, lineId } = await w.shippedOrder([{ sku: "TEE", quantity: 3 }]);
    const tee = String(lineId("TEE"));
    const request = await w.store.requestReturn(order.id, [
      { fulfillmentLineItemId: shipped(w, order, lineId("TEE")), quantity: 2, reason: "SIZE_TOO_SMALL" },
    ]);
    const base = {
      type: "return.changed",
      orderExternalId: String(order.id),
      returnExternalId: String(request.id),
      updatedAt: readAt,
    };
    expect(await read(w, order, request.id)).toEqual({
      ...base,
      status: "requested",
      lines: [{ lineExternalId: tee, quantity: 2, disposition: undefined, reason: "size too small" }],
    });

    await w.store.approveReturn(request.id);
    expect(await read(w, order, request.id)).toMatchObject({ status: "approved" });

    // One unit back on the shelf, the other still on its way: open, but received in part.
    const rli = request.lineItems[0]!;
    await w.store.processReturn(
      request.id,
      [{ returnLineItemId: rli.id, quantity: 1, dispositions: [{ quantity: 1, type: "RESTOCKED" }] }],
      { refund: false },
    );
    expect(await read(w, order, request.id)).toEqual({
      ...base,
      status: "received",
      lines: [
        { lineExternalId: tee, quantity: 1, disposition: "restock", reason: "size too small" },
        { lineExternalId: tee, quantity: 1, disposition: undefined, reason: "size too small" },
      ],
    });

    await w.store.processReturn(
      request.id,
      [{ returnLineItemId: rli.id, quantity: 1, dispositions: [{ quantity: 1, type: "MISSING" }] }],
      { refund: false },
    );
    expect(await read(w, order, request.id)).toEqual({
      ...base,
      status: "closed",
      lines: [
        { lineExternalId: tee, quantity: 1, disposition: "restock", reason: "size too small" },
        { lineExternalId: tee, quantity: 1, disposition: "dispose", reason: "size too small" },
      ],
    });
  });

  it("reads declined and cancelled returns, and the merchant's note as the reason", async () => {
    const w = await storeAndLedger(t.db, sim);
    const { order, lineId } = await w.shippedOrder([
      { sku: "TEE", quantity: 1 },
      { sku: "CAP", quantity: 1 },
    ]);
    const declined = await w.store.requestReturn(order.id, [
      { fulfillmentLineItemId: shipped(w, order, lineId("CAP")), quantity: 1, reason: "UNWANTED" },
    ]);
    await w.store.declineReturn(declined.id, "final_sale");
    expect(await read(w, order, declined.id)).toMatchObject({
      status: "declined",
      lines: [{ lineExternalId: String(lineId("CAP")), quantity: 1, reason: "unwanted" }],
    });

    const cancelled = await w.store.createReturn(order.id, [
      { fulfillmentLineItemId: shipped(w, order, lineId("TEE")), quantity: 1, note: "Wrong colour, says the customer" },
    ]);
    await w.store.cancelReturn(cancelled.id);
    expect(await read(w, order, cancelled.id)).toMatchObject({
      status: "cancelled",
      lines: [{ lineExternalId: String(lineId("TEE")), quantity: 1, reason: "Wrong colour, says the customer" }],
    });
  });

  it("reads every line of a return longer than one query carries, paging the rest", async () => {
    const w = await storeAndLedger(t.db, sim);
    const skus = Array.from({ length: 60 }, (_, n) => `SOCK-${n}`);
    w.store.addProduct({
      title: "Socks",
      variants: skus.map((sku) => ({ sku, title: sku, stock: { Warehouse: 5 } })),
    });
    const order = await w.store.placeOrder({ lines: skus.map((sku) => ({ sku, quantity: 1 })) });
    await w.store.fulfil(order.id);
    const record = await w.store.createReturn(
      order.id,
      order.lineItems.map((line) => ({ fulfillmentLineItemId: shipped(w, order, line.id), quantity: 1 })),
    );
    await w.store.processReturn(
      record.id,
      record.lineItems.map((line) => ({
        returnLineItemId: line.id,
        quantity: 1,
        dispositions: [{ quantity: 1, type: "RESTOCKED" }],
      })),
      { refund: false },
    );
    const before = sim.requests.length;
    const answer = await read(w, order, record.id);
    expect(answer.status).toBe("closed");
    expect(answer.lines).toHaveLength(60);
    expect(answer.lines.every((line) => line.disposition === "restock" && line.quantity === 1)).toBe(true);
    // The return and its reverse fulfillment order each needed a second page.
    expect(sim.requests.length - before).toBe(3);
  });

  it("refuses a return Shopify does not have, and one that belongs to another order", async () => {
    const w = await storeAndLedger(t.db, sim);
    const { order, lineId } = await w.shippedOrder([{ sku: "TEE", quantity: 1 }]);
    await expect(read(w, order, 123456789)).rejects.toThrow(/has no return 123456789/);
    const record = await w.store.createReturn(order.id, [
      { fulfillmentLineItemId: shipped(w, order, lineId("TEE")), quantity: 1 },
    ]);
    await expect(
      reader.readReturn(t.db, w.channel, { orderExternalId: "42", returnExternalId: String(record.id) }),
    ).rejects.toThrow(`belongs to order ${order.id} on Shopify, not 42`);
  });
});
