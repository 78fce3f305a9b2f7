import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "./context";
import { startWooSimMsw } from "./msw";
import { createWooSim } from "./sim";
import { KEYS, refusal, wooClient } from "./test-kit";

// Orders through the client: stock taken when a shopper checks out (from the parent for "parent" variations),
// given back on cancel, refunds with and without restock, gateway refunds, notes, and the order list filters.

const URL = "https://orders.example";
const sim = createWooSim({ webhooks: { auto: false } });
const store = sim.createStore({ url: URL, keys: [KEYS] });
const server = startWooSimMsw(sim);
afterAll(() => server.close());
const api = wooClient(URL);

store.addProduct({ name: "Mug", sku: "MUG", price: "12.30", stock: 10 });
store.addProduct({ name: "Cap", sku: "CAP", price: "20.00", stock: 1, backorders: "notify" });
store.addProduct({ name: "Poster", sku: "POSTER", price: "5.00", stockStatus: "instock" });
store.addProduct({
  type: "variable",
  name: "Tote",
  sku: "TOTE",
  stock: 6,
  variations: [
    { sku: "TOTE-NAT", price: "24.00", attributes: { Colour: "Natural" } },
    { sku: "TOTE-BLK", price: "24.00", attributes: { Colour: "Black" } },
  ],
});

beforeEach(() => {
  store.setStock("MUG", 10);
  store.setStock("TOTE-NAT", 6);
});

describe("a shopper's order", () => {
  it("reduces stock of managed products, the parent's for a 'parent' variation", async () => {
    const order = store.placeOrder({
      lines: [
        { sku: "MUG", quantity: 2 },
        { sku: "TOTE-NAT", quantity: 1 },
        { sku: "TOTE-BLK", quantity: 2 },
        { sku: "POSTER", quantity: 1 },
      ],
      email: "ada@example.com",
    });
    expect(store.stock("MUG").stock_quantity).toBe(8);
    expect(store.stock("TOTE").stock_quantity).toBe(3);
    expect(store.stock("TOTE-BLK")).toEqual({ manage_stock: "parent", stock_quantity: 3, stock_status: "instock" });
    const { data } = await api.get(`orders/${order.id}`);
    expect(data).toMatchObject({
      id: order.id,
      number: String(order.id),
      status: "processing",
      currency: "USD",
      total: "101.60",
      billing: { email: "ada@example.com" },
    });
    const tote = data.line_items.find((line: { sku: string }) => line.sku === "TOTE-BLK");
    expect(tote).toMatchObject({
      product_id: store.product("TOTE").id,
      variation_id: store.product("TOTE-BLK").id,
      quantity: 2,
      price: 24,
      total: "48.00",
      parent_name: "Tote",
    });
    expect(data.line_items[0]).toMatchObject({ sku: "MUG", price: 12.3, total: "24.60", variation_id: 0 });
  });

  it("is refused when stock does not allow it, unless backorders are allowed", () => {
    expect(() => store.placeOrder({ lines: [{ sku: "MUG", quantity: 11 }] })).toThrow(StoreError);
    expect(() =>
      store.placeOrder({
        lines: [
          { sku: "TOTE-NAT", quantity: 4 },
          { sku: "TOTE-BLK", quantity: 3 },
        ],
      }),
    ).toThrow(/Not enough units of Tote/);
    store.placeOrder({ lines: [{ sku: "CAP", quantity: 3 }] });
    expect(store.stock("CAP")).toMatchObject({ stock_quantity: -2, stock_status: "onbackorder" });
  });

  it("gives stock back when cancelled through the API, once", async () => {
    const order = store.placeOrder({ lines: [{ sku: "MUG", quantity: 4 }] });
    expect(store.stock("MUG").stock_quantity).toBe(6);
    const { data } = await api.put(`orders/${order.id}`, { status: "cancelled" });
    expect(data.status).toBe("cancelled");
    expect(store.stock("MUG").stock_quantity).toBe(10);
    await api.put(`orders/${order.id}`, { status: "cancelled" });
    expect(store.stock("MUG").stock_quantity).toBe(10);
    const notes = await api.get(`orders/${order.id}/notes`);
    expect(notes.data.map((n: { note: string }) => n.note)).toContain("Stock levels increased: Mug (MUG) 6&rarr;10");
  });

  it("takes stock only when a pending order is paid", async () => {
    const order = store.placeOrder({ lines: [{ sku: "MUG", quantity: 1 }], status: "pending" });
    expect(store.stock("MUG").stock_quantity).toBe(10);
    const { data } = await api.put(`orders/${order.id}`, { status: "processing" });
    expect(data.date_paid).not.toBeNull();
    expect(store.stock("MUG").stock_quantity).toBe(9);
  });
});

describe("refunds", () => {
  it("restocks refunded items by default (api_restock) and records a negative refund on the order", async () => {
    const order = store.placeOrder({ lines: [{ sku: "MUG", quantity: 3 }] });
    const line = order.lineItems[0]!;
    const { status, data } = await api.post(`orders/${order.id}/refunds`, {
      amount: "12.30",
      reason: "Chipped",
      line_items: [{ id: line.id, quantity: 1, refund_total: 12.3 }],
    });
    expect(status).toBe(201);
    expect(data).toMatchObject({ amount: "12.30", reason: "Chipped", refunded_payment: true });
    expect(data.line_items[0]).toMatchObject({ quantity: -1, total: "-12.30", refund_total: 12.3 });
    expect(store.stock("MUG").stock_quantity).toBe(8);
    const { data: after } = await api.get(`orders/${order.id}`);
    expect(after.refunds).toEqual([{ id: data.id, reason: "Chipped", total: "-12.30" }]);
    expect(after.status).toBe("processing");
  });

  it("leaves stock alone with api_restock false, and ignores restock_items (not a WooCommerce parameter)", async () => {
    const order = store.placeOrder({ lines: [{ sku: "MUG", quantity: 2 }] });
    const line = order.lineItems[0]!;
    await api.post(`orders/${order.id}/refunds`, {
      amount: "12.30",
      api_restock: false,
      line_items: [{ id: line.id, quantity: 1, refund_total: 12.3 }],
    });
    expect(store.stock("MUG").stock_quantity).toBe(8);
    await api.post(`orders/${order.id}/refunds`, {
      amount: "12.30",
      restock_items: false,
      line_items: [{ id: line.id, quantity: 1, refund_total: 12.3 }],
    });
    expect(store.stock("MUG").stock_quantity).toBe(9);
    expect((await api.get(`orders/${order.id}`)).data.status).toBe("refunded");
  });

  it("fails a gateway refund the payment method cannot make, and refuses more than is left", async () => {
    const order = store.placeOrder({ lines: [{ sku: "MUG", quantity: 1 }], paymentMethod: "cod" });
    expect(await refusal(api.post(`orders/${order.id}/refunds`, { amount: "1.00" }))).toMatchObject({
      status: 500,
      data: {
        code: "woocommerce_rest_cannot_create_order_refund",
        message: "The payment gateway for this order does not support automatic refunds.",
      },
    });
    const manual = await api.post(`orders/${order.id}/refunds`, { amount: "1.00", api_refund: false });
    expect(manual.data.refunded_payment).toBe(false);
    expect(await refusal(api.post(`orders/${order.id}/refunds`, { amount: "50.00", api_refund: false }))).toMatchObject(
      {
        status: 500,
        data: { message: "Invalid refund amount." },
      },
    );
    expect(await refusal(api.post(`orders/${order.id}/refunds`, { amount: 1 }))).toMatchObject({ status: 400 });
  });
});

describe("order updates and lists", () => {
  it("adds a customer note for the tracking number", async () => {
    const order = store.placeOrder({ lines: [{ sku: "POSTER", quantity: 1 }] });
    await api.put(`orders/${order.id}`, { status: "completed" });
    const { status, data } = await api.post(`orders/${order.id}/notes`, {
      note: "Shipped with UPS, tracking 1Z999",
      customer_note: true,
    });
    expect(status).toBe(201);
    expect(data).toMatchObject({ note: "Shipped with UPS, tracking 1Z999", customer_note: true, author: "system" });
    const customerNotes = await api.get(`orders/${order.id}/notes`, { type: "customer" });
    expect(customerNotes.data).toHaveLength(1);
    expect((await api.get(`orders/${order.id}`)).data.date_completed).not.toBeNull();
  });

  it("filters by status (list or comma-separated) and refuses an unknown status", async () => {
    const { data, headers } = await api.get("orders", { status: "cancelled,refunded", per_page: 100 });
    expect(data.length).toBeGreaterThan(0);
    expect(Number(headers["x-wp-total"])).toBe(data.length);
    expect(new Set(data.map((o: { status: string }) => o.status))).toEqual(new Set(["cancelled", "refunded"]));
    expect(await refusal(api.get("orders", { status: "shipped" }))).toMatchObject({
      status: 400,
      data: { code: "rest_invalid_param" },
    });
    expect(await refusal(api.put(`orders/${data[0].id}`, { status: "shipped" }))).toMatchObject({ status: 400 });
  });

  it("answers an unknown order's refunds with WooCommerce's odd 500", async () => {
    expect(await refusal(api.post("orders/999999/refunds", { amount: "1.00" }))).toMatchObject({
      status: 500,
      data: { code: "woocommerce_rest_invalid_order_id", data: 404 },
    });
  });
});
