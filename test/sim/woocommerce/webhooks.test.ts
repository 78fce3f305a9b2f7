import { createHmac } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startWooSimMsw } from "./msw";
import { createWooSim } from "./sim";
import { KEYS, webhookReceiver, wooClient } from "./test-kit";

// Webhooks as WooCommerce sends them: an unsigned form-encoded ping on create, signed JSON deliveries after the
// response, one per resource for a burst of changes, never retried, and the webhook disabled after repeated failures.

const URL = "https://hooks.example";
const RECEIVER = "https://app.example/webhooks/woocommerce";
const FAILING = "https://app.example/webhooks/failing";
const SECRET = "s3cretWebhookKey";

const sim = createWooSim({ webhooks: { auto: false } });
const store = sim.createStore({ url: URL, keys: [KEYS] });
const ok = webhookReceiver(RECEIVER);
const failing = webhookReceiver(FAILING, () => 500);
const server = startWooSimMsw(sim, { extraHandlers: [ok.handler, failing.handler] });
afterAll(() => server.close());
const api = wooClient(URL);

const sign = (raw: string, secret = SECRET) => createHmac("sha256", secret).update(raw, "utf8").digest("base64");
const topics = () => ok.received.map((r) => `${r.headers.get("x-wc-webhook-topic")}:${JSON.parse(r.raw).id}`);

store.addProduct({ name: "Mug", sku: "MUG", price: "12.30", stock: 10 });
const tee = store.addProduct({
  type: "variable",
  name: "Tee",
  variations: ["S", "M", "L"].map((size) => ({
    sku: `TEE-${size}`,
    price: "19.99",
    stock: 5,
    attributes: { Size: size },
  })),
});

beforeEach(async () => {
  await sim.flushWebhooks();
  ok.received.length = 0;
});

describe("creating a webhook", () => {
  it("pings the delivery URL with an unsigned form body and answers 201 with the secret", async () => {
    for (const topic of ["order.created", "order.updated", "product.updated", "product.deleted"]) {
      const { status, data } = await api.post("webhooks", {
        name: topic,
        topic,
        delivery_url: RECEIVER,
        secret: SECRET,
      });
      expect(status).toBe(201);
      expect(data).toMatchObject({ topic, status: "active", secret: SECRET, delivery_url: RECEIVER });
      expect(data.resource).toBe(topic.split(".")[0]);
    }
    expect(ok.received).toHaveLength(4);
    const ping = ok.received[0]!;
    expect(ping.raw).toMatch(/^webhook_id=\d+$/);
    expect(ping.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(ping.headers.get("x-wc-webhook-signature")).toBeNull();
    const listed = await api.get("webhooks");
    expect(listed.data[0].secret).toBeUndefined();
  });
});

describe("deliveries", () => {
  it("sends nothing until the deferred delivery runs, then a signed body of the resource", async () => {
    const order = store.placeOrder({ lines: [{ sku: "MUG", quantity: 1 }], email: "ada@example.com" });
    expect(ok.received).toHaveLength(0);
    await sim.flushWebhooks();
    const created = ok.received.find((r) => r.headers.get("x-wc-webhook-topic") === "order.created")!;
    expect(created.headers.get("x-wc-webhook-signature")).toBe(sign(created.raw));
    expect(created.headers.get("x-wc-webhook-resource")).toBe("order");
    expect(created.headers.get("x-wc-webhook-event")).toBe("created");
    expect(created.headers.get("x-wc-webhook-source")).toBe(`${URL}/`);
    expect(created.headers.get("x-wc-webhook-id")).toMatch(/^\d+$/);
    expect(created.headers.get("x-wc-webhook-delivery-id")).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(created.raw)).toMatchObject({ id: order.id, billing: { email: "ada@example.com" } });
    // PHP escapes slashes: a receiver that re-serialises before verifying gets a different signature.
    expect(created.raw).toContain("https:\\/\\/hooks.example");
    expect(sign(JSON.stringify(JSON.parse(created.raw)))).not.toBe(sign(created.raw));
    // The stock the order took is a product change too.
    expect(topics()).toContain(`product.updated:${store.product("MUG").id}`);
  });

  it("builds the body at delivery time and sends one delivery for repeated changes", async () => {
    const id = store.product("MUG").id;
    await api.put(`products/${id}`, { stock_quantity: 3 });
    await api.put(`products/${id}`, { stock_quantity: 4 });
    await sim.flushWebhooks();
    expect(topics()).toEqual([`product.updated:${id}`]);
    expect(JSON.parse(ok.received[0]!.raw).stock_quantity).toBe(4);
  });

  it("delivers a batch as one delivery per resource, variations as type variation plus their parent", async () => {
    const [small, medium, large] = tee.variationIds as [number, number, number];
    await api.post(`products/${tee.id}/variations/batch`, {
      update: [small, medium, large].map((id) => ({ id, stock_quantity: 9 })),
    });
    await sim.flushWebhooks();
    expect(topics().sort()).toEqual([tee.id, small, medium, large].map((id) => `product.updated:${id}`).sort());
    const variationBody = JSON.parse(ok.received.find((r) => JSON.parse(r.raw).id === small)!.raw);
    expect(variationBody).toMatchObject({ type: "variation", parent_id: tee.id, stock_quantity: 9 });
  });

  it("sends only the id for a deletion", async () => {
    const id = store.addProduct({ name: "Old", sku: "OLD", price: "1.00" }).id;
    store.deleteProduct("OLD");
    await sim.flushWebhooks();
    const deleted = ok.received.find((r) => r.headers.get("x-wc-webhook-topic") === "product.deleted")!;
    expect(deleted.raw).toBe(`{"id":${id}}`);
  });

  it("sends nothing for a paused webhook", async () => {
    const hook = [...store.state.webhooks.values()].find((w) => w.topic === "product.updated")!;
    await api.put(`webhooks/${hook.id}`, { status: "paused" });
    store.setStock("MUG", 20);
    await sim.flushWebhooks();
    expect(topics()).toEqual([]);
    await api.put(`webhooks/${hook.id}`, { status: "active" });
  });
});

describe("failing receivers", () => {
  it("never retries, and disables the webhook when failures are already above 5 (the 7th in a row)", async () => {
    const hook = await store.addWebhook({
      topic: "product.updated",
      delivery_url: FAILING,
      secret: SECRET,
      ping: false,
    });
    for (let attempt = 1; attempt <= 6; attempt++) {
      store.setStock("MUG", attempt);
      await sim.flushWebhooks();
    }
    expect(failing.received).toHaveLength(6);
    expect(hook).toMatchObject({ status: "active", failureCount: 6 });
    store.setStock("MUG", 7);
    await sim.flushWebhooks();
    expect(hook.status).toBe("disabled");
    expect((await api.get(`webhooks/${hook.id}`)).data.status).toBe("disabled");
    store.setStock("MUG", 8);
    await sim.flushWebhooks();
    expect(failing.received).toHaveLength(7);
    // The working webhook kept receiving throughout.
    expect(ok.received.length).toBeGreaterThanOrEqual(8);
  });

  it("delivers on its own shortly after the change when automatic delivery is on", async () => {
    const auto = createWooSim({ webhooks: { delayMs: 5 } });
    const other = auto.createStore({ url: "https://auto.example" });
    const receiver = webhookReceiver("https://app.example/auto");
    server.use(receiver.handler);
    await other.addWebhook({ topic: "order.created", delivery_url: "https://app.example/auto", ping: false });
    other.addProduct({ name: "Pen", sku: "PEN", price: "1.00", stock: 5 });
    other.placeOrder({ lines: [{ sku: "PEN", quantity: 1 }] });
    expect(receiver.received).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(1);
  });
});
