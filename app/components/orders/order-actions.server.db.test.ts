import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import type { ShopContext } from "../../auth/shop-context.server";
import { orderShop, registerIdleShopifyCommander, type OrderShop } from "../../services/orders/test-support";
import { handleOrderAction } from "./order-actions.server";

/** What the Remix action answers: a plain object, or data() with a status. */
function answer(result: unknown): { status: number; body: Record<string, unknown> } {
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const wrapped = result as { init: { status?: number } | null; data: Record<string, unknown> };
    return { status: wrapped.init?.status ?? 200, body: wrapped.data };
  }
  return { status: 200, body: result as Record<string, unknown> };
}

describe("the order page's actions", () => {
  let t: TestDb;
  let s: OrderShop;
  let context: ShopContext;
  beforeAll(async () => {
    t = await createTestDb();
    registerIdleShopifyCommander();
    s = await orderShop(t.db);
    context = {
      shop: { id: s.shop.id, name: s.shop.name, currency: "USD" },
      mode: "standalone",
      actor: "operator:merchant@example.com",
    };
  });
  afterAll(() => t.drop());

  const post = (orderId: string, fields: [string, string][]) =>
    handleOrderAction(
      t.db,
      new Request(`http://app.test/app/orders/${orderId}`, { method: "POST", body: new URLSearchParams(fields) }),
      { ...context },
      orderId,
    ).then(answer);

  it("fulfils the chosen lines from the chosen location, as the merchant, with a toast", async () => {
    const order = await s.placeOrder([
      { sku: "TEE", quantity: 3 },
      { sku: "CAP", quantity: 1 },
    ]);
    const result = await post(order.id, [
      ["intent", "fulfil"],
      ["lineId", order.line("TEE").id],
      ["quantity", "2"],
      ["lineId", order.line("CAP").id],
      ["quantity", "0"],
      ["locationId", s.warehouse.id],
      ["carrier", "UPS"],
      ["trackingNumber", "1Z1"],
      ["trackingUrl", ""],
      ["notifyCustomer", "true"],
    ]);
    expect(result).toEqual({ status: 200, body: { ok: true, toast: "2 units fulfilled" } });
    const fulfillment = await t.db.fulfillment.findFirstOrThrow({
      where: { orderId: order.id },
      include: { lines: true },
    });
    expect(fulfillment).toMatchObject({ carrier: "UPS", trackingNumber: "1Z1", notifyCustomer: true });
    expect(fulfillment.lines).toEqual([expect.objectContaining({ orderLineId: order.line("TEE").id, quantity: 2 })]);
    const movement = await t.db.stockMovement.findFirstOrThrow({ where: { orderId: order.id, kind: "ship" } });
    expect(movement).toMatchObject({ source: "ui", actor: "operator:merchant@example.com" });
  });

  it("shows the service's refusal on the line at fault, with 400 and a toast", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 1 }]);
    const result = await post(order.id, [
      ["intent", "fulfil"],
      ["lineId", order.line("TEE").id],
      ["quantity", "5"],
      ["locationId", s.warehouse.id],
    ]);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      ok: false,
      fieldErrors: { [`quantity.${order.line("TEE").id}`]: ['Line "TEE" has only 1 unit(s) left to fulfil'] },
      toast: 'Line "TEE" has only 1 unit(s) left to fulfil',
    });
  });

  it("cancels with the channel's choices, and refuses a second cancel with 409", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 2 }]);
    const fields: [string, string][] = [
      ["intent", "cancel"],
      ["reason", "inventory"],
      ["restock", "true"],
      ["refund", "false"],
      ["staffNote", "Out of stock"],
    ];
    expect(await post(order.id, fields)).toEqual({ status: 200, body: { ok: true, toast: "Order cancelled" } });
    const cancelled = await t.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { lines: true } });
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.lines[0]?.reservedQty).toBe(0);
    const command = await t.db.channelCommand.findFirstOrThrow({ where: { orderId: order.id, kind: "order.cancel" } });
    expect(command.payload).toMatchObject({
      reason: "inventory",
      restock: true,
      refund: false,
      staffNote: "Out of stock",
    });

    const again = await post(order.id, fields);
    expect(again.status).toBe(409);
    expect(again.body.fieldErrors).toEqual({ form: [`Order ${order.name} is already cancelled`] });
  });

  it("opens a return of shipped units with a reason per line", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 2 }]);
    await post(order.id, [
      ["intent", "fulfil"],
      ["lineId", order.line("TEE").id],
      ["quantity", "2"],
      ["locationId", s.warehouse.id],
    ]);
    const result = await post(order.id, [
      ["intent", "return"],
      ["lineId", order.line("TEE").id],
      ["quantity", "1"],
      ["reason", "Too small"],
      ["note", "Customer emailed"],
    ]);
    expect(result.body).toMatchObject({ ok: true, toast: "Return opened for 1 unit" });
    const opened = await t.db.return.findFirstOrThrow({ where: { orderId: order.id }, include: { lines: true } });
    expect(opened).toMatchObject({ status: "approved", note: "Customer emailed" });
    expect(opened.lines).toEqual([expect.objectContaining({ quantity: 1, reason: "Too small" })]);
  });

  it("answers another shop's order with 404 and a form that does not parse with 400", async () => {
    const other = await post("no-such-order", [
      ["intent", "cancel"],
      ["reason", "customer"],
    ]);
    expect(other.status).toBe(404);
    const unparsed = await post("no-such-order", [["intent", "fulfil"]]);
    expect(unparsed.status).toBe(400);
    expect(unparsed.body.fieldErrors).toMatchObject({ locationId: ["Choose where the units ship from"] });
    const unknown = await post("no-such-order", [["intent", "explode"]]);
    expect(unknown.status).toBe(400);
  });
});
