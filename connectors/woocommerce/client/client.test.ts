import { afterAll, describe, expect, it } from "vitest";
import { startWooSimMsw } from "../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../test/sim/woocommerce/sim";
import { createWooClient, WOO_BATCH_LIMIT } from "./client";
import { WooError } from "./errors";

// Every method of the client against the simulated store through msw, over https (query-string keys) and over http
// (the library's OAuth 1.0a): what is sent, how answers map, and the batch rules.

const KEYS = { consumerKey: "ck_client_test_0123456789abcdef", consumerSecret: "cs_client_test_0123456789abcdef" };
const HTTPS = "https://client-shop.example";
const HTTP = "http://client-plain.example";

const sim = createWooSim({ webhooks: { auto: false } });
const store = sim.createStore({ url: HTTPS, keys: [KEYS], currency: "EUR" });
const plain = sim.createStore({ url: HTTP, keys: [KEYS] });
const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });
afterAll(() => server.close());

const client = createWooClient({ url: HTTPS, ...KEYS });

const mug = store.addProduct({ name: "Mug", sku: "MUG", price: "12.30", stock: 10 });
store.addProduct({ name: "Poster", sku: "POSTER", price: "5.00", stockStatus: "instock" });
const tote = store.addProduct({
  type: "variable",
  name: "Tote",
  sku: "TOTE",
  stock: 6,
  variations: [
    { sku: "TOTE-NAT", price: "24.00", attributes: { Colour: "Natural" } },
    { sku: "TOTE-BLK", price: "24.00", stock: 4, attributes: { Colour: "Black" } },
  ],
});
for (let index = 1; index <= 12; index++)
  store.addProduct({ name: `Card ${index}`, sku: `CARD-${index}`, stock: index });

async function failure(call: Promise<unknown>): Promise<WooError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WooError);
  return error as WooError;
}

describe("reading the store", () => {
  it("checks access: the store's own URL and currency, read and write", async () => {
    expect(await client.checkAccess()).toEqual({ storeUrl: HTTPS, currency: "EUR" });
    expect(store.countRequests("POST", "/wp-json/wc/v3/products/batch")).toBe(1);
  });

  it("refuses read-only keys at the check, not at the first push", async () => {
    const readOnly = store.createKeys("read");
    const error = await failure(createWooClient({ url: HTTPS, ...readOnly }).checkAccess());
    expect(error).toMatchObject({ kind: "auth", status: 401, code: "woocommerce_rest_authentication_error" });
    expect(error.message).toContain("does not have write permissions");
  });

  it("pages products with X-WP-Total and X-WP-TotalPages, keeping each body as sent", async () => {
    const first = await client.listProducts({ page: 1, perPage: 5 });
    expect(first).toMatchObject({ total: 15, totalPages: 3, page: 1 });
    expect(first.items).toHaveLength(5);
    const last = await client.listProducts({ page: 3, perPage: 5 });
    expect(last.items).toHaveLength(5);
    const all = await client.listProducts({ page: 1 });
    const mapped = all.items.find((product) => product.id === mug.id)!;
    expect(mapped).toEqual({
      id: mug.id,
      type: "simple",
      name: "Mug",
      sku: "MUG",
      status: "publish",
      variations: [],
      dateModifiedGmt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
      manageStock: true,
      stockQuantity: 10,
      stockStatus: "instock",
      backorders: "no",
      raw: expect.objectContaining({ id: mug.id, sku: "MUG", manage_stock: true, price: "12.30" }),
    });
    const poster = all.items.find((product) => product.sku === "POSTER")!;
    expect(poster).toMatchObject({ manageStock: false, stockQuantity: null });
    expect(all.items.find((product) => product.id === tote.id)?.variations).toHaveLength(2);
  });

  it("asks for changes after a GMT time, in the order asked", async () => {
    await client.listProducts({ page: 1, modifiedAfterGmt: "2026-01-01T00:00:00", orderBy: "modified", order: "asc" });
    const asked = store.requests.at(-1)!;
    expect(asked.query).toMatchObject({
      modified_after: "2026-01-01T00:00:00",
      dates_are_gmt: "true",
      orderby: "modified",
      order: "asc",
      per_page: "100",
    });
  });

  it("lists variations, telling own stock from the parent's", async () => {
    const { items } = await client.listVariations(tote.id, { page: 1 });
    const bySku = Object.fromEntries(items.map((variation) => [variation.sku, variation]));
    expect(bySku["TOTE-NAT"]).toMatchObject({
      parentId: tote.id,
      manageStock: "parent",
      stockQuantity: 6,
      attributes: ["Natural"],
    });
    expect(bySku["TOTE-BLK"]).toMatchObject({ parentId: tote.id, manageStock: true, stockQuantity: 4 });
  });

  it("refuses a page size WordPress would refuse, without asking", async () => {
    const before = store.requests.length;
    expect(await failure(client.listProducts({ page: 1, perPage: 101 }))).toMatchObject({ kind: "invalid" });
    expect(await failure(client.listOrders({ page: 0 }))).toMatchObject({ kind: "invalid" });
    expect(store.requests.length).toBe(before);
  });
});

describe("orders", () => {
  it("lists and reads orders: money as strings, a line's price as a number, statuses filtered", async () => {
    const order = store.placeOrder({
      lines: [{ sku: "MUG", quantity: 3 }],
      email: "ada@example.com",
      status: "on-hold",
    });
    store.placeOrder({ lines: [{ sku: "MUG", quantity: 1 }] });
    const onHold = await client.listOrders({ page: 1, status: ["on-hold"] });
    expect(onHold.items.map((item) => item.id)).toEqual([order.id]);
    const read = await client.getOrder(order.id);
    expect(read).toMatchObject({
      id: order.id,
      number: String(order.id),
      status: "on-hold",
      currency: "EUR",
      total: "36.90",
      billing: { email: "ada@example.com" },
      lineItems: [{ productId: mug.id, variationId: 0, sku: "MUG", name: "Mug", quantity: 3, total: "36.90" }],
      refunds: [],
      raw: expect.objectContaining({ id: order.id, status: "on-hold" }),
    });
    // total / quantity, as PHP computes it: 12.299999999999999, not 12.3. The parser rounds it to minor units.
    expect(read.lineItems[0]!.price).toBeCloseTo(12.3, 9);
  });

  it("moves an order's status, notes the tracking for the shopper, and refunds without restocking", async () => {
    const order = store.placeOrder({ lines: [{ sku: "MUG", quantity: 2 }], paymentMethod: "bacs" });
    const stockAfterSale = store.stock("MUG").stock_quantity;
    expect((await client.updateOrderStatus(order.id, "completed")).status).toBe("completed");
    const note = await client.addOrderNote(order.id, "Shipped with DHL: 00340434", true);
    expect(store.orderRecord(order.id).notes.find((entry) => entry.id === note.id)).toMatchObject({
      customerNote: true,
    });
    const line = store.order(order.id).line_items[0]!;
    const refund = await client.createRefund(order.id, {
      amount: "12.30",
      reason: "Damaged",
      lineItems: [{ id: line.id, quantity: 1, refundTotal: "12.30" }],
      viaGateway: false,
    });
    expect(refund).toEqual({ id: expect.any(Number), amount: "12.30" });
    // The ledger restocks; WooCommerce was told not to (api_restock false).
    expect(store.stock("MUG").stock_quantity).toBe(stockAfterSale);
    expect((await client.getOrder(order.id)).refunds).toEqual([{ id: refund.id, total: "-12.30", reason: "Damaged" }]);
  });

  it("reads a refund of an unknown order as not found, though WooCommerce answers 500", async () => {
    const error = await failure(client.createRefund(999_999, { amount: "1.00", lineItems: [], viaGateway: false }));
    expect(error).toMatchObject({ kind: "not_found", status: 500, code: "woocommerce_rest_invalid_order_id" });
    expect(error.retryable).toBe(false);
  });
});

describe("stock pushes", () => {
  it("sets quantities in one batch, turning stock management on, and answers per item", async () => {
    const poster = store.product("POSTER");
    const results = await client.updateProductStock([
      { id: mug.id, stockQuantity: 7 },
      { id: poster.id, stockQuantity: 3 },
      { id: 987_654, stockQuantity: 1 },
    ]);
    expect(results).toEqual([
      { id: mug.id, ok: true, stockQuantity: 7 },
      { id: poster.id, ok: true, stockQuantity: 3 },
      { id: 987_654, ok: false, code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", retryable: false },
    ]);
    expect(store.stock("POSTER")).toMatchObject({ manage_stock: true, stock_quantity: 3 });
  });

  it("writes a variation that manages its own stock through its parent's variations batch", async () => {
    const black = store.variation("TOTE-BLK");
    expect(await client.updateVariationStock(tote.id, [{ id: black.id, stockQuantity: 9 }])).toEqual([
      { id: black.id, ok: true, stockQuantity: 9 },
    ]);
    expect(store.stock("TOTE-BLK").stock_quantity).toBe(9);
  });

  it(`refuses more than ${WOO_BATCH_LIMIT} updates before sending anything, and sends nothing for none`, async () => {
    const before = store.countRequests("POST");
    const updates = Array.from({ length: WOO_BATCH_LIMIT + 1 }, (_, index) => ({ id: index + 1, stockQuantity: 1 }));
    const error = await failure(client.updateProductStock(updates));
    expect(error).toMatchObject({ kind: "too_large", code: "batch_limit", retryable: false });
    expect(await client.updateProductStock([])).toEqual([]);
    expect(store.countRequests("POST")).toBe(before);
  });
});

describe("webhooks", () => {
  it("creates, lists, pauses, re-enables and deletes", async () => {
    const created = await client.createWebhook({
      name: "ChannelLedger order.updated",
      topic: "order.updated",
      deliveryUrl: "https://ledger.example/webhooks/woocommerce/ch_1",
      secret: "s3cretAlnum",
    });
    expect(created).toEqual({
      id: expect.any(Number),
      name: "ChannelLedger order.updated",
      topic: "order.updated",
      deliveryUrl: "https://ledger.example/webhooks/woocommerce/ch_1",
      status: "active",
    });
    expect(store.webhook(created.id).secret).toBe("s3cretAlnum");
    expect(await client.listWebhooks()).toContainEqual(created);
    expect((await client.updateWebhookStatus(created.id, "paused")).status).toBe("paused");
    expect((await client.updateWebhookStatus(created.id, "active")).status).toBe("active");
    await client.deleteWebhook(created.id);
    expect((await client.listWebhooks()).map((webhook) => webhook.id)).not.toContain(created.id);
  });
});

describe("a plain-http store", () => {
  it("is signed with OAuth 1.0a by the library, reads and writes", async () => {
    const cup = plain.addProduct({ name: "Cup", sku: "CUP", stock: 2 });
    const http = createWooClient({ url: HTTP, ...KEYS });
    expect((await http.checkAccess()).storeUrl).toBe(HTTP);
    expect(await http.updateProductStock([{ id: cup.id, stockQuantity: 5 }])).toEqual([
      { id: cup.id, ok: true, stockQuantity: 5 },
    ]);
    expect(plain.requests.at(-1)!.query).toHaveProperty("oauth_signature", "***");
  });
});
