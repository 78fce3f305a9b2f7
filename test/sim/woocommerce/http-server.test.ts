import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWooSimServer, type WooSimServer } from "./http-server";
import { createWooSim } from "./sim";
import { KEYS } from "./test-kit";

// Plain fetch against the HTTP server (as a site behind a TLS proxy, so Basic auth works), real sockets for webhook
// and key-grant callbacks, and the /_sim/ control API.

type Hit = { path: string; raw: string; headers: Record<string, string | string[] | undefined> };

function startReceiver(status: (path: string) => number) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      hits.push({ path: req.url ?? "", raw: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      res.writeHead(status(req.url ?? "")).end();
    });
  });
  return new Promise<{ server: Server; url: string; hits: Hit[] }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits }),
    ),
  );
}

const sim = createWooSim({ webhooks: { auto: false } });
const store = sim.createStore({ keys: [KEYS], allowHttpAuthCallback: true });
for (let index = 1; index <= 12; index++)
  store.addProduct({ name: `P${index}`, sku: `P-${index}`, price: "3.00", stock: 5 });
const basic = `Basic ${Buffer.from(`${KEYS.consumerKey}:${KEYS.consumerSecret}`).toString("base64")}`;
let server: WooSimServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver((path) => (path.startsWith("/broken") ? 500 : 200));
  server = await startWooSimServer(sim, { port: 0, assumeHttps: true });
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => receiver.server.close(resolve));
});

const get = (path: string) => fetch(`${server.url}${path}`, { headers: { Authorization: basic } });
const control = (path: string, body: unknown) =>
  fetch(`${server.url}/_sim/${path}`, { method: "POST", body: JSON.stringify(body) });

describe("the REST API over HTTP", () => {
  it("pages with both Link relations on a middle page", async () => {
    const response = await get("/wp-json/wc/v3/products?per_page=5&page=2");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-wp-total")).toBe("12");
    expect(response.headers.get("x-wp-totalpages")).toBe("3");
    const link = response.headers.get("link") ?? "";
    expect(link).toContain('page=1>; rel="prev"');
    expect(link).toContain('page=3>; rel="next"');
    expect(await response.json()).toHaveLength(5);
  });

  it("answers PHP-encoded JSON", async () => {
    const text = await (await get(`/wp-json/wc/v3/products/${store.product("P-1").id}`)).text();
    expect(text).toContain('"permalink":"https:\\/\\/127.0.0.1');
  });
});

describe("the control API", () => {
  it("places an order as a shopper and sets stock as the merchant", async () => {
    const placed = await control("orders", { lines: [{ sku: "P-1", quantity: 2 }], email: "ada@example.com" });
    const order = (await placed.json()) as { id: number; total: string };
    expect(order.total).toBe("6.00");
    expect((await (await get(`/wp-json/wc/v3/orders/${order.id}`)).json()).status).toBe("processing");
    expect(store.stock("P-1").stock_quantity).toBe(3);
    await control("stock", { sku: "P-1", quantity: 40 });
    expect((await (await get(`/wp-json/wc/v3/products/${store.product("P-1").id}`)).json()).stock_quantity).toBe(40);
    const refused = await control("orders", { lines: [{ sku: "P-2", quantity: 99 }] });
    expect(refused.status).toBe(409);
    const stores = (await (await fetch(`${server.url}/_sim/stores`)).json()) as {
      stores: string[];
    };
    expect(stores.stores).toEqual([server.storeUrl]);
  });
});

describe("webhooks over real sockets", () => {
  it("delivers a signed body that verifies against the raw bytes", async () => {
    await store.addWebhook({ topic: "order.created", delivery_url: `${receiver.url}/hooks`, secret: "abc123" });
    expect(receiver.hits[0]).toMatchObject({ path: "/hooks", raw: expect.stringMatching(/^webhook_id=\d+$/) });
    store.placeOrder({ lines: [{ sku: "P-3", quantity: 1 }] });
    await sim.flushWebhooks();
    const delivery = receiver.hits[1]!;
    const expected = createHmac("sha256", "abc123").update(delivery.raw).digest("base64");
    expect(delivery.headers["x-wc-webhook-signature"]).toBe(expected);
    expect(delivery.headers["x-wc-webhook-topic"]).toBe("order.created");
    expect(delivery.headers["user-agent"]).toMatch(/^WooCommerce\/[\d.]+ Hookshot/);
  });
});

describe("/wc-auth/v1/authorize", () => {
  const authorizeUrl = (callback: string) => {
    const query = new URLSearchParams({
      app_name: "ChannelLedger",
      scope: "read_write",
      user_id: "channel-42",
      return_url: "https://app.example/woo/return?x=1",
      callback_url: callback,
    });
    return `${server.url}/wc-auth/v1/authorize?${query}`;
  };

  it("posts new keys to the callback, then redirects to return_url with success=1", async () => {
    const response = await fetch(authorizeUrl(`${receiver.url}/keys`), { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://app.example/woo/return?x=1&success=1&user_id=channel-42");
    const posted = JSON.parse(receiver.hits.find((hit) => hit.path === "/keys")!.raw);
    expect(posted).toMatchObject({ user_id: "channel-42", key_permissions: "read_write" });
    expect(posted.consumer_key).toMatch(/^ck_[0-9a-f]{40}$/);
    const withNewKeys = await fetch(`${server.url}/wp-json/wc/v3/system_status`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${posted.consumer_key}:${posted.consumer_secret}`).toString("base64")}`,
      },
    });
    expect(withNewKeys.status).toBe(200);
  });

  it("deletes the key again when the callback does not answer 200", async () => {
    const before = store.state.keys.list().length;
    const response = await fetch(authorizeUrl(`${receiver.url}/broken`), { redirect: "manual" });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("unable to send the consumer data");
    expect(store.state.keys.list()).toHaveLength(before);
  });

  it("refuses an http callback as WooCommerce does, and can wait for the merchant's approval", async () => {
    store.allowHttpAuthCallback = false;
    const refused = await fetch(authorizeUrl(`${receiver.url}/keys`), { redirect: "manual" });
    expect(await refused.text()).toContain("The callback_url needs to be over SSL");
    store.allowHttpAuthCallback = true;
    store.authApproval = "manual";
    const page = await fetch(authorizeUrl(`${receiver.url}/keys`), { redirect: "manual" });
    expect(page.status).toBe(200);
    const approve = store.pendingAuthorizations.at(-1)!.grantUrl.replace("https", "http");
    const granted = await fetch(approve, { redirect: "manual" });
    expect(granted.headers.get("location")).toContain("success=1");
    expect((await fetch(approve, { redirect: "manual" })).status).toBe(401);
  });
});
