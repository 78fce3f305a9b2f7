import { http, HttpResponse } from "msw";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startWooSimMsw } from "../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../test/sim/woocommerce/sim";
import { createWooClient } from "./client";
import { WooError } from "./errors";

// How the client fails: every failure is a WooError whose kind the app branches on, with a message fit for the
// connect form, and no key in any message or log line. The simulator injects the host's bad days; msw stands in for
// stores that are not WooCommerce at all.

const KEYS = { consumerKey: "ck_failure_test_5f0c7e8a0b1d4c2e", consumerSecret: "cs_failure_test_0a1b2c3d4e5f6071" };
const SHOP = "https://failing-shop.example";
const API = `${SHOP}/wp-json/wc/v3`;

const sim = createWooSim({ webhooks: { auto: false } });
const store = sim.createStore({ url: SHOP, keys: [KEYS] });
const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });
afterEach(() => {
  server.resetHandlers();
  sim.faults.clear();
});
afterAll(() => server.close());

const logged: unknown[] = [];
const logger = { warn: (obj: object, msg?: string) => logged.push([obj, msg]) };
const client = createWooClient({ url: SHOP, ...KEYS }, { logger, timeoutMs: 200 });
store.addProduct({ name: "Mug", sku: "MUG", stock: 10 });

async function failure(call: Promise<unknown>): Promise<WooError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WooError);
  const woo = error as WooError;
  expect(woo.message).not.toContain(KEYS.consumerSecret);
  expect(woo.message).not.toContain(KEYS.consumerKey);
  return woo;
}

describe("refusals WooCommerce explains", () => {
  it("a wrong secret and an unknown key are auth failures, never retried", async () => {
    const wrong = await failure(createWooClient({ url: SHOP, ...KEYS, consumerSecret: "cs_wrong" }).checkAccess());
    expect(wrong).toMatchObject({ kind: "auth", status: 401, code: "woocommerce_rest_authentication_error" });
    expect(wrong.retryable).toBe(false);
    expect(wrong.message).toBe(
      "failing-shop.example (GET system_status) refused our keys: Consumer secret is invalid. [woocommerce_rest_authentication_error]",
    );
    const unknown = await failure(createWooClient({ url: SHOP, ...KEYS, consumerKey: "ck_unknown" }).checkAccess());
    expect(unknown).toMatchObject({ kind: "auth", code: "woocommerce_rest_cannot_view" });
  });

  it("a 413 from a store whose batch limit was lowered is too_large", async () => {
    server.use(
      http.post(`${API}/products/batch`, () =>
        HttpResponse.json(
          {
            code: "woocommerce_rest_request_entity_too_large",
            message: "Unable to accept more than 50 items for this request.",
            data: { status: 413 },
          },
          { status: 413 },
        ),
      ),
    );
    const updates = Array.from({ length: 60 }, (_, index) => ({ id: index + 1, stockQuantity: 1 }));
    expect(await failure(client.updateProductStock(updates))).toMatchObject({
      kind: "too_large",
      status: 413,
      code: "woocommerce_rest_request_entity_too_large",
      retryable: false,
    });
  });

  it("a WordPress site without WooCommerce is not a WooCommerce store", async () => {
    server.use(
      http.get(`${API}/system_status`, () =>
        HttpResponse.json(
          {
            code: "rest_no_route",
            message: "No route was found matching the URL and request method.",
            data: { status: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    expect(await failure(client.checkAccess())).toMatchObject({ kind: "not_woocommerce", code: "rest_no_route" });
  });
});

describe("a host's bad day", () => {
  it("429 with Retry-After is throttled, retryable after that long", async () => {
    sim.faults.queue({ kind: "http429", retryAfterSeconds: 7 });
    expect(await failure(client.listProducts({ page: 1 }))).toMatchObject({
      kind: "throttled",
      status: 429,
      retryAfterMs: 7000,
      retryable: true,
    });
  });

  it("502, 503 and WordPress's critical error are unavailable and retryable", async () => {
    sim.faults.queue(
      { kind: "http5xx", status: 503 },
      { kind: "http5xx", status: 502 },
      { kind: "http5xx", status: 500 },
    );
    expect(await failure(client.listOrders({ page: 1 }))).toMatchObject({
      kind: "unavailable",
      status: 503,
      retryAfterMs: 30_000,
      retryable: true,
    });
    expect(await failure(client.listOrders({ page: 1 }))).toMatchObject({ kind: "unavailable", status: 502 });
    const critical = await failure(client.listOrders({ page: 1 }));
    expect(critical).toMatchObject({
      kind: "unavailable",
      status: 500,
      code: "internal_server_error",
      retryable: true,
    });
    expect(critical.message).toContain("There has been a critical error on this website.");
    expect(critical.message).not.toContain("<p>");
  });

  it("a write the host failed after doing is still unavailable: the caller decides whether to repeat it", async () => {
    sim.faults.queue({ kind: "http5xx", status: 504, afterExecution: true });
    const mug = store.product("MUG");
    expect(await failure(client.updateProductStock([{ id: mug.id, stockQuantity: 4 }]))).toMatchObject({
      kind: "unavailable",
      status: 504,
    });
    expect(store.stock("MUG").stock_quantity).toBe(4);
  });

  it("an answer slower than the timeout, and a dropped connection, are unavailable", async () => {
    sim.faults.queue({ kind: "delay", ms: 400 });
    const slow = await failure(client.listProducts({ page: 1 }));
    expect(slow).toMatchObject({ kind: "unavailable", status: null, code: "timeout", retryable: true });
    expect(slow.message).toBe("failing-shop.example (GET products) did not answer within 200 ms");
    sim.faults.queue({ kind: "network" }, { kind: "network" });
    expect(await failure(client.listProducts({ page: 1 }))).toMatchObject({ kind: "unavailable", code: "network" });
  });

  it("sends a read again once when its connection dropped, but never a write", async () => {
    const before = store.countRequests("GET", "/wp-json/wc/v3/products");
    sim.faults.queue({ kind: "network" });
    expect(await client.listProducts({ page: 1 })).toMatchObject({ items: [{ sku: "MUG" }] });
    expect(store.countRequests("GET", "/wp-json/wc/v3/products") - before).toBe(2);

    const mug = store.product("MUG");
    sim.faults.queue({ kind: "network" });
    expect(await failure(client.updateProductStock([{ id: mug.id, stockQuantity: 3 }]))).toMatchObject({
      code: "network",
    });
    expect(store.stock("MUG").stock_quantity).not.toBe(3);
  });
});

describe("answers that are not WooCommerce's", () => {
  it("a web page at the API address names the page and the likely cause", async () => {
    server.use(
      http.get(
        `${API}/system_status`,
        () =>
          new HttpResponse("<!DOCTYPE html><html><head><title>Coming soon</title></head><body>Soon!</body></html>", {
            headers: { "Content-Type": "text/html; charset=UTF-8" },
          }),
      ),
    );
    const error = await failure(client.checkAccess());
    expect(error).toMatchObject({ kind: "not_woocommerce", status: 200, code: "html_answer", retryable: false });
    expect(error.message).toContain('a web page ("Coming soon")');
  });

  it("a redirect is not followed (it would carry the keys) and says where it pointed, without the query", async () => {
    server.use(
      http.get(
        `${API}/system_status`,
        ({ request }) =>
          new HttpResponse(null, {
            status: 301,
            headers: {
              Location: `https://www.failing-shop.example/wp-json/wc/v3/system_status${new URL(request.url).search}`,
            },
          }),
      ),
    );
    const error = await failure(client.checkAccess());
    expect(error).toMatchObject({ kind: "not_woocommerce", status: 301, code: "redirect" });
    expect(error.message).toContain("redirected to https://www.failing-shop.example/wp-json/wc/v3/system_status:");
  });

  it("an answer in a shape WooCommerce does not use names the item and the field", async () => {
    server.use(
      http.get(`${API}/products`, () =>
        HttpResponse.json([
          {
            id: 41,
            type: "simple",
            name: "Odd",
            status: "publish",
            manage_stock: "yes",
            date_modified_gmt: "2026-01-01T00:00:00",
          },
        ]),
      ),
    );
    const error = await failure(client.listProducts({ page: 1 }));
    expect(error).toMatchObject({ kind: "not_woocommerce", code: "unexpected_answer" });
    expect(error.message).toContain('an item (id 41): manage_stock must be true, false or "parent"');
  });

  it("pages without X-WP-Total headers (a cache stripped them) by whether the page came back full", async () => {
    const product = (id: number) => ({
      id,
      type: "simple",
      name: `Card ${id}`,
      sku: `CARD-${id}`,
      status: "publish",
      manage_stock: false,
      stock_quantity: null,
      date_modified_gmt: "2026-01-01T00:00:00",
    });
    server.use(
      http.get(`${API}/products`, ({ request }) =>
        HttpResponse.json(
          new URL(request.url).searchParams.get("page") === "1" ? [product(1), product(2)] : [product(3)],
        ),
      ),
    );
    expect(await client.listProducts({ page: 1, perPage: 2 })).toMatchObject({ total: 2, totalPages: 2, page: 1 });
    expect(await client.listProducts({ page: 2, perPage: 2 })).toMatchObject({ total: 3, totalPages: 2, page: 2 });
  });

  it("a URL that is not a store URL is refused before any call", () => {
    expect(() => createWooClient({ url: "ftp://shop.example", ...KEYS })).toThrow(WooError);
    expect(() => createWooClient({ url: SHOP, consumerKey: " ", consumerSecret: "x" })).toThrow(
      /consumer key is empty/,
    );
  });
});

describe("logs", () => {
  it("name the store, the call and the failure, never a key", () => {
    expect(logged.length).toBeGreaterThan(5);
    const text = JSON.stringify(logged);
    expect(text).not.toContain(KEYS.consumerSecret);
    expect(text).not.toContain(KEYS.consumerKey);
    expect(logged).toContainEqual([
      {
        store: "failing-shop.example",
        method: "get",
        endpoint: "products",
        status: 429,
        kind: "throttled",
        code: "http_429",
        attempt: 1,
      },
      "WooCommerce call failed",
    ]);
  });
});
