import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { wooOrderProgress } from "../../connectors/woocommerce/order-version";
import { signWooWebhook } from "../../connectors/woocommerce/webhook";
import type { DeliveryRecord } from "../../test/sim/woocommerce/webhook-delivery";
import { wooClient } from "../../test/sim/woocommerce/test-kit";
import { createTestDb, type TestDb } from "../../test/db";
import { resetConfigForTests } from "../config.server";
import { decryptSecret } from "../crypto.server";
import { createShop } from "../services/shops.server";
import {
  APP_URL,
  ENCRYPTION_KEY,
  KEYS,
  startWooTestKit,
  STORE_URL,
  type WooTestKit,
} from "../services/woocommerce/connect-test-support";
import { connectWooCommerce, disconnectWooCommerce } from "../services/woocommerce/connect.server";
import { action, loader } from "./webhooks.woocommerce.$channelId";

// POST /webhooks/woocommerce/:channelId with the simulated store's own deliveries: the store signs and sends them
// to APP_URL, msw hands each request, bytes and headers untouched, to this route. Hand-made requests cover the rest.

const silent = { info() {}, warn() {}, error() {} };

describe("POST /webhooks/woocommerce/:channelId", () => {
  let t: TestDb;
  let kit: WooTestKit;
  let shopId: string;
  let channelId: string;

  const route = (request: Request) => {
    const channel = /\/webhooks\/woocommerce\/([^/]+)$/.exec(new URL(request.url).pathname)?.[1];
    return action({ request, params: { channelId: channel }, context: {} }) as Promise<Response>;
  };

  beforeAll(async () => {
    resetConfigForTests();
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    global.channelLedgerInboxDb = t.db;
    kit = startWooTestKit({ appHandler: route });
    // Stored events are left pending: this suite is about what the route accepts and stores, not the ledger.
    global.channelLedgerQueue = kit.queue;
    shopId = (await createShop(t.db, { name: "Harbour Goods" })).id;
    const options = { appUrl: APP_URL, encryptionKey: ENCRYPTION_KEY, logger: silent };
    channelId = (await connectWooCommerce(t.db, { shopId, url: STORE_URL, ...KEYS }, options)).channel.id;
    kit.store.addProduct({ name: "Mug", sku: "MUG", price: "12.30", stock: 10 });
    // CUP's stock is what the later tests move (MUG is deleted by the topic test).
    kit.store.addProduct({ name: "Cup", sku: "CUP", price: "9.00", stock: 10 });
    await kit.sim.flushWebhooks();
  });

  afterAll(async () => {
    await kit.close();
    await t.drop();
    global.channelLedgerDb = undefined;
    global.channelLedgerInboxDb = undefined;
    global.channelLedgerQueue = undefined;
  });

  beforeEach(async () => {
    await kit.sim.flushWebhooks();
    kit.sim.webhooks.deliveries.length = 0;
  });

  const stored = () => t.db.inboxEvent.findMany({ where: { source: `woocommerce:${channelId}` } });
  const events = (topic: string) => kit.sim.webhooks.deliveries.filter((d) => d.kind === "event" && d.topic === topic);

  function replay(delivery: DeliveryRecord, change: { body?: string; headers?: Record<string, string | null> } = {}) {
    const headers = new Headers(delivery.headers);
    for (const [name, value] of Object.entries(change.headers ?? {})) {
      if (value === null) headers.delete(name);
      else headers.set(name, value);
    }
    return route(new Request(delivery.url, { method: "POST", body: change.body ?? delivery.body, headers }));
  }

  it("answers the creation pings with 200 and stores nothing", async () => {
    const pings = kit.appRequests.filter((entry) => entry.body.startsWith("webhook_id="));
    expect(pings.length).toBeGreaterThanOrEqual(6);
    const response = await route(
      new Request(`${APP_URL}/webhooks/woocommerce/${channelId}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "webhook_id=7",
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
    // The product.created deliveries from beforeAll are the only events so far.
    expect((await stored()).map((event) => event.topic)).toEqual(["product.created", "product.created"]);
  });

  it("stores every topic's signed delivery as received, keyed by the resource's version", async () => {
    kit.store.addProduct({ name: "Bowl", sku: "BOWL", price: "15.00", stock: 3 });
    const order = kit.store.placeOrder({ lines: [{ sku: "MUG", quantity: 2 }] });
    await kit.sim.flushWebhooks();
    kit.store.completeOrder(order.id);
    kit.store.setStock("MUG", 4);
    await kit.sim.flushWebhooks();
    await wooClient(STORE_URL).delete(`orders/${order.id}`, { force: true });
    kit.store.deleteProduct("MUG");
    await kit.sim.flushWebhooks();

    const deliveries = kit.sim.webhooks.deliveries.filter((delivery) => delivery.kind === "event");
    expect(new Set(deliveries.map((delivery) => delivery.topic))).toEqual(
      new Set([
        "order.created",
        "order.updated",
        "order.deleted",
        "product.created",
        "product.updated",
        "product.deleted",
      ]),
    );
    expect(deliveries.every((delivery) => delivery.status === 200)).toBe(true);

    const rows = await stored();
    for (const delivery of deliveries) {
      const body = JSON.parse(delivery.body) as { id: number; date_modified_gmt?: string };
      const resource = delivery.topic.split(".")[0];
      // An order's version also carries its progress within the second (order-version.ts).
      const version =
        resource === "order"
          ? `${body.date_modified_gmt}.${String(wooOrderProgress(body as Record<string, unknown>)).padStart(3, "0")}`
          : body.date_modified_gmt;
      const eventId = delivery.topic.endsWith(".deleted")
        ? `${resource}:${body.id}:deleted`
        : `${resource}:${body.id}:${version}`;
      const row = rows.find((candidate) => candidate.eventId === eventId);
      expect(row, `${delivery.topic} ${eventId}`).toBeDefined();
      expect(row).toMatchObject({ shopId, channelId, status: "pending" });
    }
    const created = rows.find((row) => row.topic === "order.created")!;
    expect(created.payload).toBe(events("order.created")[0]!.body);
    expect(created.headers).toMatchObject({
      "x-wc-webhook-topic": "order.created",
      "x-wc-webhook-source": `${STORE_URL}/`,
    });
    expect(JSON.stringify(created.headers)).not.toContain("signature");
  });

  it("answers a duplicate delivery 200 and stores it once", async () => {
    kit.store.setStock("CUP", 9);
    await kit.sim.flushWebhooks();
    const delivery = events("product.updated")[0]!;
    const before = (await stored()).length;
    const again = await replay(delivery);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe("Already received");
    expect((await stored()).length).toBe(before);
  });

  it("refuses a bad signature with 401 and missing headers with 400, storing nothing", async () => {
    kit.store.setStock("CUP", 8);
    await kit.sim.flushWebhooks();
    const delivery = events("product.updated")[0]!;
    await t.db.inboxEvent.deleteMany({ where: { source: `woocommerce:${channelId}` } });

    const tampered = await replay(delivery, {
      body: delivery.body.replace('"stock_quantity":8', '"stock_quantity":80'),
    });
    expect(tampered.status).toBe(401);
    const wrongSecret = await replay(delivery, {
      headers: { "x-wc-webhook-signature": signWooWebhook(delivery.body, "not-the-secret") },
    });
    expect(wrongSecret.status).toBe(401);
    const unsigned = await replay(delivery, { headers: { "x-wc-webhook-signature": null } });
    expect(unsigned.status).toBe(400);
    const noTopic = await replay(delivery, { headers: { "x-wc-webhook-topic": null } });
    expect(noTopic.status).toBe(400);
    expect(await stored()).toEqual([]);
  });

  it("answers 404 for an unknown channel and 413 for a body over 1 MB, storing nothing", async () => {
    kit.store.setStock("CUP", 7);
    await kit.sim.flushWebhooks();
    const delivery = events("product.updated")[0]!;
    await t.db.inboxEvent.deleteMany({});
    const unknown = await route(
      new Request(`${APP_URL}/webhooks/woocommerce/no-such-channel`, {
        method: "POST",
        body: delivery.body,
        headers: delivery.headers,
      }),
    );
    expect(unknown.status).toBe(404);
    const huge = await replay(delivery, { body: `{"id":1,"pad":"${"x".repeat(1024 * 1024)}"}` });
    expect(huge.status).toBe(413);
    expect(await t.db.inboxEvent.count()).toBe(0);
  });

  // drill:bad-input: PostgreSQL refuses NUL in text, so storing such a body failed as a 500 there.
  it("answers 400 to a signed body holding a raw NUL byte, on every database, storing nothing", async () => {
    kit.store.setStock("CUP", 6);
    await kit.sim.flushWebhooks();
    const delivery = events("product.updated")[0]!;
    await t.db.inboxEvent.deleteMany({});
    const body = delivery.body.replace(/}$/, ',"note":"a\u0000b"}');
    const channel = await t.db.channel.findUniqueOrThrow({ where: { id: channelId } });
    const signature = signWooWebhook(body, decryptSecret(channel.webhookSecret!, ENCRYPTION_KEY));
    const response = await replay(delivery, { body, headers: { "x-wc-webhook-signature": signature } });
    expect(response.status).toBe(400);
    expect(await t.db.inboxEvent.count()).toBe(0);
  });

  it("answers 405 to anything but POST", async () => {
    const response = loader();
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
    const put = new Request(`${APP_URL}/webhooks/woocommerce/${channelId}`, { method: "PUT", body: "{}" });
    expect((await route(put)).status).toBe(405);
  });

  it("refuses deliveries for a disconnected channel with 410, so leftover webhooks get disabled", async () => {
    kit.store.setStock("CUP", 6);
    await kit.sim.flushWebhooks();
    const delivery = events("product.updated")[0]!;
    await t.db.inboxEvent.deleteMany({});
    await disconnectWooCommerce(t.db, shopId, channelId, {
      appUrl: APP_URL,
      encryptionKey: ENCRYPTION_KEY,
      logger: silent,
    });
    expect((await replay(delivery)).status).toBe(410);
    expect(await t.db.inboxEvent.count()).toBe(0);
  });
});
