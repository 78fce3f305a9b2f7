import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWooSimServer, type WooSimServer } from "./http-server";
import { signOAuthUrl } from "./oauth";
import { createWooSim } from "./sim";
import { KEYS, refusal, wooClient } from "./test-kit";

// The simulator as a real HTTP server on plain http, where WooCommerce accepts only OAuth 1.0a: the client library
// signs on its own for http:// URLs; a tampered, replayed, stale or wrongly addressed signature is refused.

const sim = createWooSim({ webhooks: { auto: false } });
const store = sim.createStore({ keys: [KEYS] });
store.addProduct({ name: "Mug", sku: "MUG", price: "12.30", stock: 10 });
let server: WooSimServer;

beforeAll(async () => {
  server = await startWooSimServer(sim, { port: 0 });
});
afterAll(() => server.close());

describe("OAuth 1.0a over http", () => {
  it("accepts the client library's HMAC-SHA256 signature, with query parameters signed too", async () => {
    expect(store.url).toBe(server.url);
    const api = wooClient(server.url);
    const { data, headers } = await api.get("products", { sku: "MUG", per_page: 5 });
    expect(data).toHaveLength(1);
    expect(headers["x-wp-total"]).toBe("1");
    const id = data[0].id;
    const put = await api.put(`products/${id}`, { stock_quantity: 8 });
    expect(put.data.stock_quantity).toBe(8);
    expect(store.requests.at(-1)?.query.oauth_signature_method).toBe("HMAC-SHA256");
  });

  it("accepts HMAC-SHA1, and refuses a tampered parameter, a replayed nonce and a stale timestamp", async () => {
    const signed = signOAuthUrl("GET", `${server.url}/wp-json/wc/v3/products?per_page=1`, KEYS, {
      signatureMethod: "HMAC-SHA1",
    });
    expect((await fetch(signed)).status).toBe(200);
    const replayed = await fetch(signed);
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ message: "Invalid nonce - nonce has already been used." });

    const fresh = signOAuthUrl("GET", `${server.url}/wp-json/wc/v3/products?per_page=1`, KEYS);
    const tampered = await fetch(fresh.replace("per_page=1", "per_page=2"));
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toEqual({
      code: "woocommerce_rest_authentication_error",
      message: "Invalid signature - provided signature does not match.",
      data: { status: 401 },
    });

    const stale = signOAuthUrl("GET", `${server.url}/wp-json/wc/v3/products`, KEYS, {
      timestamp: Math.floor(Date.now() / 1000) - 16 * 60,
    });
    expect(await (await fetch(stale)).json()).toMatchObject({ message: "Invalid timestamp." });
  });

  it("refuses a signature made for another host name than the store's URL", async () => {
    const viaLocalhost = server.url.replace("127.0.0.1", "localhost");
    const signed = signOAuthUrl("GET", `${viaLocalhost}/wp-json/wc/v3/products`, KEYS);
    const response = await fetch(signed.replace("localhost", "127.0.0.1"));
    expect(response.status).toBe(401);
  });

  it("does not check query-string keys or Basic auth over plain http", async () => {
    const query = new URLSearchParams({ consumer_key: KEYS.consumerKey, consumer_secret: KEYS.consumerSecret });
    const response = await fetch(`${server.url}/wp-json/wc/v3/products?${query}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "woocommerce_rest_cannot_view" });
  });

  it("refuses an unknown consumer key and a wrong secret", async () => {
    const unknown = wooClient(server.url, { keys: { consumerKey: "ck_unknown", consumerSecret: KEYS.consumerSecret } });
    expect(await refusal(unknown.get("orders"))).toMatchObject({
      status: 401,
      data: { code: "woocommerce_rest_authentication_error", message: "Consumer key is invalid." },
    });
    const wrong = wooClient(server.url, { keys: { ...KEYS, consumerSecret: "cs_wrong" } });
    expect(await refusal(wrong.get("orders"))).toMatchObject({
      status: 401,
      data: { message: "Invalid signature - provided signature does not match." },
    });
  });
});
