import { afterAll, describe, expect, it } from "vitest";
import { startWooSimMsw } from "./msw";
import { createWooSim } from "./sim";
import { KEYS, refusal, wooClient } from "./test-kit";

// Products, variations and batches through the real client: the 100-item limit and its 413, per-item errors inside a
// 200, stock fields derived the way WooCommerce derives them, and variations whose stock belongs to the parent.

const URL = "https://catalog.example";
const sim = createWooSim({ webhooks: { auto: false } });
const store = sim.createStore({ url: URL, keys: [KEYS] });
const server = startWooSimMsw(sim);
afterAll(() => server.close());
const api = wooClient(URL);

const ids = Array.from(
  { length: 101 },
  (_, index) => store.addProduct({ name: `Item ${index}`, sku: `ITEM-${index}`, price: "5.00", stock: 1 }).id,
);

describe("products/batch", () => {
  it("updates up to 100 items in one call", async () => {
    const update = ids.slice(0, 100).map((id, index) => ({ id, stock_quantity: 100 + index }));
    const { status, data } = await api.post("products/batch", { update });
    expect(status).toBe(200);
    expect(data.update).toHaveLength(100);
    expect(data.update[99]).toMatchObject({ id: ids[99], stock_quantity: 199 });
    expect(store.stock("ITEM-42").stock_quantity).toBe(142);
  });

  it("refuses 101 items with 413 and changes nothing", async () => {
    const update = ids.map((id) => ({ id, stock_quantity: 0 }));
    expect(await refusal(api.post("products/batch", { update }))).toMatchObject({
      status: 413,
      data: {
        code: "woocommerce_rest_request_entity_too_large",
        message: "Unable to accept more than 100 items for this request.",
        data: { status: 413 },
      },
    });
    expect(store.stock("ITEM-42").stock_quantity).toBe(142);
  });

  it("counts create, update and delete together toward the limit", async () => {
    const update = ids.slice(0, 60).map((id) => ({ id, stock_quantity: 1 }));
    const { status } = await refusal(api.post("products/batch", { update, delete: ids.slice(60, 101) }));
    expect(status).toBe(413);
  });

  it("reports per-item errors inside a 200 and applies the good items", async () => {
    const tee = store.addProduct({
      type: "variable",
      name: "Tee",
      variations: [{ sku: "TEE-X", price: "9.00", stock: 1, attributes: { Size: "X" } }],
    });
    const { status, data } = await api.post("products/batch", {
      update: [
        { id: 999999, stock_quantity: 1 },
        { id: ids[0], stock_quantity: "many" },
        { id: ids[1], sku: "ITEM-2" },
        { id: tee.variationIds[0], stock_quantity: 5 },
        { id: ids[3], stock_quantity: 7 },
      ],
    });
    expect(status).toBe(200);
    const [unknown, invalid, duplicate, variation, good] = data.update;
    expect(unknown).toEqual({
      id: 999999,
      error: { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", data: { status: 400 } },
    });
    expect(invalid).toMatchObject({ id: ids[0], error: { code: "rest_invalid_param", data: { status: 400 } } });
    expect(duplicate).toMatchObject({
      id: ids[1],
      error: { code: "product_invalid_sku", message: "Invalid or duplicated SKU.", data: { resource_id: ids[2] } },
    });
    expect(variation).toMatchObject({ error: { code: "woocommerce_rest_invalid_product_id", data: { status: 404 } } });
    expect(good).toMatchObject({ id: ids[3], stock_quantity: 7 });
  });
});

describe("stock fields", () => {
  it("derives stock_status from quantity and backorders", async () => {
    const id = store.product("ITEM-10").id;
    const out = await api.put(`products/${id}`, { stock_quantity: 0 });
    expect(out.data).toMatchObject({ manage_stock: true, stock_quantity: 0, stock_status: "outofstock" });
    const backorder = await api.put(`products/${id}`, { backorders: "notify" });
    expect(backorder.data).toMatchObject({ stock_status: "onbackorder", backorders_allowed: true, backordered: true });
    const delta = await api.put(`products/${id}`, { inventory_delta: 4 });
    expect(delta.data).toMatchObject({ stock_quantity: 4, stock_status: "instock" });
  });

  it("has no quantity when stock is not managed", async () => {
    const id = store.product("ITEM-11").id;
    const { data } = await api.put(`products/${id}`, { manage_stock: false, stock_status: "outofstock" });
    expect(data).toMatchObject({ manage_stock: false, stock_quantity: null, stock_status: "outofstock" });
  });
});

describe("variations", () => {
  const tote = store.addProduct({
    type: "variable",
    name: "Tote",
    sku: "TOTE",
    stock: 10,
    variations: [
      { sku: "TOTE-NAT", price: "24.00", attributes: { Colour: "Natural" } },
      { sku: "TOTE-BLK", price: "24.00", attributes: { Colour: "Black" } },
    ],
  });
  const [natural, black] = tote.variationIds as [number, number];

  it("shows parent-managed stock as manage_stock 'parent' with the parent's quantity", async () => {
    const { data, headers } = await api.get(`products/${tote.id}/variations`);
    expect(headers["x-wp-total"]).toBe("2");
    for (const variation of data) expect(variation).toMatchObject({ manage_stock: "parent", stock_quantity: 10 });
    const parent = await api.get(`products/${tote.id}`);
    expect(parent.data).toMatchObject({
      type: "variable",
      manage_stock: true,
      stock_quantity: 10,
      variations: [natural, black],
    });
  });

  it("accepts stock_quantity on a parent-managed variation and changes nothing visible", async () => {
    const { data } = await api.put(`products/${tote.id}/variations/${natural}`, { stock_quantity: 3 });
    expect(data).toMatchObject({ manage_stock: "parent", stock_quantity: 10 });
    expect(store.stock("TOTE").stock_quantity).toBe(10);
  });

  it("gives a variation its own stock once manage_stock is true", async () => {
    const { data } = await api.put(`products/${tote.id}/variations/${natural}`, {
      manage_stock: true,
      stock_quantity: 3,
    });
    expect(data).toMatchObject({ manage_stock: true, stock_quantity: 3 });
    expect(store.stock("TOTE-BLK")).toEqual({ manage_stock: "parent", stock_quantity: 10, stock_status: "instock" });
  });

  it("updates variations in a batch and refuses a variation of another product", async () => {
    const { data } = await api.post(`products/${tote.id}/variations/batch`, {
      update: [
        { id: natural, stock_quantity: 0 },
        { id: ids[5], stock_quantity: 1 },
      ],
    });
    expect(data.update[0]).toMatchObject({ id: natural, stock_quantity: 0, stock_status: "outofstock" });
    expect(data.update[1]).toMatchObject({ error: { code: "woocommerce_rest_product_variation_invalid_id" } });
    expect(await refusal(api.get(`products/${tote.id}/variations/${ids[5]}`))).toMatchObject({ status: 404 });
  });

  it("derives a variable product's status from its variations", async () => {
    await api.put(`products/${tote.id}`, { stock_quantity: 0 });
    expect(store.product("TOTE").stock_status).toBe("outofstock");
    await api.put(`products/${tote.id}/variations/${natural}`, { stock_quantity: 2 });
    expect(store.product("TOTE").stock_status).toBe("instock");
  });

  it("refuses writing a variation through /products/{id}", async () => {
    expect(await refusal(api.put(`products/${black}`, { stock_quantity: 1 }))).toMatchObject({
      status: 404,
      data: { code: "woocommerce_rest_invalid_product_id" },
    });
  });
});
