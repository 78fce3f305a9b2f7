import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWooSimMsw } from "./msw";
import { createWooSim } from "./sim";
import { KEYS, refusal, wooClient } from "./test-kit";

// The real @woocommerce/woocommerce-rest-api client (axios) against the simulator through msw, over https with
// query-string keys and with Basic auth: pagination, limits, error shapes and auth refusals.

const URL_ONE = "https://shop-one.example";
let now = Date.parse("2026-11-26T08:00:00Z");
const sim = createWooSim({ now: () => now, webhooks: { auto: false } });
const store = sim.createStore({ url: URL_ONE, keys: [{ ...KEYS }] });
sim.createStore({ url: "https://shop-two.example" });
const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });
afterAll(() => server.close());

beforeAll(() => {
  for (let index = 1; index <= 23; index++)
    store.addProduct({ name: `Product ${index}`, sku: `P-${index}`, price: "10.00", stock: index });
  store.addProduct({
    type: "variable",
    name: "Tee",
    variations: [
      { sku: "TEE-S", price: "19.99", stock: 3, attributes: { Size: "S" } },
      { sku: "TEE-M", price: "19.99", stock: 4, attributes: { Size: "M" } },
    ],
  });
});

describe.each([
  ["query-string keys", true],
  ["Basic auth", false],
])("over https with %s", (_label, queryStringAuth) => {
  const api = wooClient(URL_ONE, { queryStringAuth });

  it("pages a collection with X-WP-Total, X-WP-TotalPages and Link", async () => {
    const first = await api.get("products", { per_page: 10, page: 1 });
    expect(first.status).toBe(200);
    expect(first.data).toHaveLength(10);
    expect(first.headers["x-wp-total"]).toBe("24");
    expect(first.headers["x-wp-totalpages"]).toBe("3");
    expect(first.headers.link).toMatch(
      /<https:\/\/shop-one\.example\/wp-json\/wc\/v3\/products\?.*page=2.*>; rel="next"/,
    );
    const last = await api.get("products", { per_page: 10, page: 3 });
    expect(last.data).toHaveLength(4);
    expect(last.headers.link).toContain('rel="prev"');
    expect(last.headers.link).not.toContain('rel="next"');
  });

  it("refuses per_page above 100 with rest_invalid_param", async () => {
    const { status, data } = await refusal(api.get("products", { per_page: 101 }));
    expect(status).toBe(400);
    expect(data).toMatchObject({
      code: "rest_invalid_param",
      message: "Invalid parameter(s): per_page",
      data: { status: 400, params: { per_page: "per_page must be between 1 (inclusive) and 100 (inclusive)" } },
    });
  });
});

describe("the REST surface", () => {
  const api = wooClient(URL_ONE);

  it("answers the cheap key check and an unknown route", async () => {
    expect((await api.get("system_status")).data.environment.home_url).toBe(URL_ONE);
    const { status, data } = await refusal(api.get("no-such-thing"));
    expect(status).toBe(404);
    expect(data).toEqual({
      code: "rest_no_route",
      message: "No route was found matching the URL and request method.",
      data: { status: 404 },
    });
  });

  it("answers an unknown id with the post type's invalid_id error", async () => {
    expect(await refusal(api.get("products/999999"))).toMatchObject({
      status: 404,
      data: { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", data: { status: 404 } },
    });
    expect(await refusal(api.get("orders/999999"))).toMatchObject({
      status: 404,
      data: { code: "woocommerce_rest_shop_order_invalid_id" },
    });
    expect(await refusal(api.put("products/999999", { stock_quantity: 1 }))).toMatchObject({ status: 400 });
  });

  it("finds variations by ?sku= on /products, shaped as type variation", async () => {
    const { data } = await api.get("products", { sku: "TEE-M,P-3" });
    const bySku = Object.fromEntries(data.map((p: { sku: string }) => [p.sku, p]));
    expect(bySku["TEE-M"]).toMatchObject({ type: "variation", stock_quantity: 4, manage_stock: true });
    expect(bySku["TEE-M"].parent_id).toBe(store.product("TEE-M").parent_id);
    expect(bySku["P-3"]).toMatchObject({ type: "simple", stock_quantity: 3, stock_status: "instock" });
    // Without ?sku= the list holds products only.
    const all = await api.get("products", { per_page: 100 });
    expect(all.data.some((p: { type: string }) => p.type === "variation")).toBe(false);
  });

  it("refuses a price sent as a number, as WordPress 5.5+ does", async () => {
    const id = store.product("P-1").id;
    expect(await refusal(api.put(`products/${id}`, { regular_price: 12 }))).toMatchObject({
      status: 400,
      data: { code: "rest_invalid_param", data: { params: { regular_price: "regular_price is not of type string." } } },
    });
  });

  it("returns only what changed after modified_after, with seconds-resolution dates", async () => {
    const { data: before } = await api.get("products/" + store.product("P-5").id);
    expect(before.date_modified_gmt).toBe("2026-11-26T08:00:00");
    now += 90_000;
    const id = store.product("P-5").id;
    await api.put(`products/${id}`, { stock_quantity: 50 });
    const { data } = await api.get("products", { modified_after: before.date_modified_gmt, dates_are_gmt: true });
    expect(data.map((p: { id: number }) => p.id)).toEqual([id]);
  });

  it("keeps stores apart by host", async () => {
    const other = wooClient("https://shop-two.example");
    expect(await refusal(other.get("products"))).toMatchObject({
      status: 401,
      data: { code: "woocommerce_rest_cannot_view" },
    });
  });
});

describe("refused credentials", () => {
  it("treats an unknown key as anonymous, and a wrong secret as an authentication error", async () => {
    const unknown = wooClient(URL_ONE, { keys: { consumerKey: "ck_nope", consumerSecret: "cs_nope" } });
    expect(await refusal(unknown.get("orders"))).toMatchObject({
      status: 401,
      data: { code: "woocommerce_rest_cannot_view", message: "Sorry, you cannot list resources." },
    });
    const wrongSecret = wooClient(URL_ONE, { keys: { ...KEYS, consumerSecret: "cs_wrong" } });
    const refused = await refusal(wrongSecret.get("orders"));
    expect(refused).toMatchObject({
      status: 401,
      data: { code: "woocommerce_rest_authentication_error", message: "Consumer secret is invalid." },
    });
    expect(refused.headers["www-authenticate"]).toMatch(/^Basic realm=/);
  });

  it("lets a read-only key read but not write", async () => {
    const readOnly = store.createKeys("read");
    const api = wooClient(URL_ONE, { keys: readOnly });
    expect((await api.get("products", { per_page: 1 })).status).toBe(200);
    expect(await refusal(api.put(`products/${store.product("P-2").id}`, { stock_quantity: 1 }))).toMatchObject({
      status: 401,
      data: {
        code: "woocommerce_rest_authentication_error",
        message: "The API key provided does not have write permissions.",
      },
    });
  });
});

describe("the request log", () => {
  it("counts calls per endpoint and masks secrets", () => {
    expect(store.countRequests("GET", "/wp-json/wc/v3/products")).toBeGreaterThan(3);
    const withKeys = store.requests.find((entry) => entry.query.consumer_key);
    expect(withKeys?.query.consumer_secret).toBe("***");
  });
});
