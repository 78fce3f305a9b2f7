import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWooSimMsw } from "../../test/sim/woocommerce/msw";
import { createWooSim } from "../../test/sim/woocommerce/sim";
import { webhookReceiver, type Received } from "../../test/sim/woocommerce/test-kit";
import { signWooWebhook, verifyWooWebhook } from "./webhook";

// Deliveries and pings exactly as the simulated store sends them (PHP-escaped JSON, WooCommerce's headers), then
// everything that must be refused: a wrong secret, a changed body, a re-serialised body, missing headers.

const SECRET = "q7Vd2LmX9pR4tK8wZ1nB";
const RECEIVER = "https://ledger.example/webhooks/woocommerce/ch_hooks";
const sim = createWooSim({ webhooks: { auto: false } });
const store = sim.createStore({ url: "https://hooks-shop.example" });
const receiver = webhookReceiver(RECEIVER);
const server = startWooSimMsw(sim, { extraHandlers: [receiver.handler], onUnhandledRequest: "error" });
afterAll(() => server.close());

let ping: Received;
let delivery: Received;
let webhookId: number;

beforeAll(async () => {
  const webhook = await store.addWebhook({ topic: "product.updated", delivery_url: RECEIVER, secret: SECRET });
  webhookId = webhook.id;
  ping = receiver.received.at(-1)!;
  // A name with a slash and an accent: PHP sends "Caf\u00e9 \/ Bar", which JSON.stringify would not.
  store.addProduct({ name: "Café / Bar Mug", sku: "MUG-CAFE", price: "9.50", stock: 4 });
  store.setStock("MUG-CAFE", 3);
  await store.flush();
  delivery = receiver.received.at(-1)!;
});

const verify = (received: Received, secret = SECRET, body = received.raw) =>
  verifyWooWebhook(Buffer.from(body, "utf8"), received.headers, secret);

describe("verifyWooWebhook", () => {
  it("recognises the unsigned creation ping", () => {
    expect(ping.raw).toBe(`webhook_id=${webhookId}`);
    expect(verify(ping)).toEqual({ kind: "ping", webhookId });
  });

  it("accepts a delivery signed over its PHP-escaped bytes", () => {
    expect(delivery.raw).toContain("Caf\\u00e9 \\/ Bar Mug");
    const verdict = verify(delivery);
    expect(verdict).toEqual({
      kind: "delivery",
      topic: "product.updated",
      resource: "product",
      event: "updated",
      webhookId,
      deliveryId: delivery.headers.get("x-wc-webhook-delivery-id"),
      source: "https://hooks-shop.example/",
      payload: expect.objectContaining({ sku: "MUG-CAFE", name: "Café / Bar Mug", stock_quantity: 3 }),
    });
  });

  it("refuses a wrong secret, a changed body and a re-serialised body with 401", () => {
    expect(verify(delivery, "another-secret")).toMatchObject({ kind: "rejected", status: 401 });
    const tampered = delivery.raw.replace('"stock_quantity":3', '"stock_quantity":300');
    expect(tampered).not.toBe(delivery.raw);
    expect(verify(delivery, SECRET, tampered)).toEqual({
      kind: "rejected",
      status: 401,
      reason: "x-wc-webhook-signature does not match the body",
    });
    expect(verify(delivery, SECRET, JSON.stringify(JSON.parse(delivery.raw)))).toMatchObject({ status: 401 });
    expect(verify(delivery, "")).toMatchObject({ kind: "rejected", status: 401 });
  });

  it("refuses a request without WooCommerce's headers with 400, naming them", () => {
    const body = Buffer.from(delivery.raw);
    expect(verifyWooWebhook(body, new Headers({ "content-type": "application/json" }), SECRET)).toEqual({
      kind: "rejected",
      status: 400,
      reason: "missing header x-wc-webhook-signature, x-wc-webhook-topic, x-wc-webhook-id, x-wc-webhook-delivery-id",
    });
    const withoutSignature = new Headers(delivery.headers);
    withoutSignature.delete("x-wc-webhook-signature");
    expect(verifyWooWebhook(body, withoutSignature, SECRET)).toMatchObject({
      status: 400,
      reason: "missing header x-wc-webhook-signature",
    });
    // A ping-shaped body that carries a topic is not a ping: it is a delivery without its signature.
    const fakePing = new Headers({ "x-wc-webhook-topic": "order.updated" });
    expect(verifyWooWebhook(Buffer.from("webhook_id=1"), fakePing, SECRET)).toMatchObject({ status: 400 });
    const badTopic = new Headers(delivery.headers);
    badTopic.set("x-wc-webhook-topic", "orders/create");
    expect(verifyWooWebhook(body, badTopic, SECRET)).toMatchObject({ status: 400 });
  });

  it("keeps a signed body that is not JSON, for the inbox to quarantine", () => {
    const body = Buffer.from("<br /><b>Warning</b>: something");
    const headers = new Headers(delivery.headers);
    headers.set("x-wc-webhook-signature", signWooWebhook(body, SECRET));
    expect(verifyWooWebhook(body, headers, SECRET)).toMatchObject({ kind: "delivery", payload: undefined });
  });

  it("signs with the secret's HTML entities decoded, as WooCommerce does", () => {
    const body = Buffer.from('{"id":1}');
    const signedByStore = createHmac("sha256", `a&b"c'd`).update(body).digest("base64");
    expect(signWooWebhook(body, "a&amp;b&quot;c&#039;d")).toBe(signedByStore);
    expect(signWooWebhook(body, SECRET)).toBe(createHmac("sha256", SECRET).update(body).digest("base64"));
  });
});
