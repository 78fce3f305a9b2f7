import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signShopifyWebhook } from "../../connectors/shopify/webhook";
import { createInProcessQueue } from "../../jobs/in-process-queue";
import type { JobQueue } from "../../jobs/queue";
import { pollUntil } from "../../jobs/timing";
import { createTestDb, type TestDb } from "../../test/db";
import { shopifyFixtureText as fixtureText } from "../../test/support/shopify-fixtures";
import { resetConfigForTests } from "../config.server";
import { registerInboxJobs } from "../services/inbox/jobs.server";
import { recordMovements } from "../services/ledger/record-movements.server";
import { verifyLedger } from "../services/ledger/verify.server";
import { ensureShopifyShop } from "../services/shopify-install.server";
import { action, loader } from "./webhooks.shopify";

const SECRET = "shpss_route_test_secret";
const DOMAIN = "harbour-goods.myshopify.com";

describe("POST /webhooks/shopify", () => {
  let t: TestDb;
  let queue: JobQueue;
  let shopId: string;
  let deliveries = 0;
  const savedEnv = { key: process.env.SHOPIFY_API_KEY, secret: process.env.SHOPIFY_API_SECRET };

  beforeAll(async () => {
    process.env.SHOPIFY_API_KEY = "route-test-key";
    process.env.SHOPIFY_API_SECRET = SECRET;
    resetConfigForTests();
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    global.channelLedgerInboxDb = t.db;
    queue = createInProcessQueue();
    global.channelLedgerQueue = queue;
    // The real ledger behind the inbox: these tests go from the HTTP request to the order in the database.
    registerInboxJobs(queue);
    await queue.startWorkers({ concurrency: 2 });
    ({
      shop: { id: shopId },
    } = await ensureShopifyShop(t.db, { domain: DOMAIN }));
  });

  afterAll(async () => {
    await queue.close();
    await t.drop();
    global.channelLedgerDb = undefined;
    global.channelLedgerInboxDb = undefined;
    global.channelLedgerQueue = undefined;
    process.env.SHOPIFY_API_KEY = savedEnv.key;
    process.env.SHOPIFY_API_SECRET = savedEnv.secret;
    if (savedEnv.key === undefined) delete process.env.SHOPIFY_API_KEY;
    if (savedEnv.secret === undefined) delete process.env.SHOPIFY_API_SECRET;
    resetConfigForTests();
  });

  type Delivery = { topic?: string; domain?: string; eventId?: string; secret?: string; headers?: object };

  function request(body: string | Buffer, options: Delivery = {}) {
    const eventId = options.eventId ?? `event-${++deliveries}`;
    const headers: Record<string, string | undefined> = {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": signShopifyWebhook(body, options.secret ?? SECRET),
      "X-Shopify-Topic": options.topic ?? "orders/create",
      "X-Shopify-Shop-Domain": options.domain ?? DOMAIN,
      "X-Shopify-Webhook-Id": `webhook-${eventId}`,
      "X-Shopify-Event-Id": eventId,
      "X-Shopify-API-Version": "2026-07",
      ...options.headers,
    };
    const defined = Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const bytes = typeof body === "string" ? body : new Uint8Array(body);
    return new Request("http://localhost/webhooks/shopify", { method: "POST", body: bytes, headers: defined });
  }

  async function post(body: string | Buffer, options: Delivery = {}) {
    const eventId = options.eventId ?? `event-${++deliveries}`;
    const response = (await action({
      request: request(body, { ...options, eventId }),
      params: {},
      context: {},
    })) as Response;
    return { response, text: await response.text(), eventId };
  }

  async function stored(eventId: string, domain = DOMAIN) {
    return t.db.inboxEvent.findUnique({ where: { source_eventId: { source: `shopify:${domain}`, eventId } } });
  }

  async function settled(eventId: string) {
    await pollUntil(async () => !["pending", "processing"].includes((await stored(eventId))?.status ?? "pending"), {
      timeoutMs: 20_000,
      describe: () => `inbox event ${eventId} to leave pending`,
    });
    return (await stored(eventId))!;
  }

  it("answers 405 to anything but POST", async () => {
    const response = loader();
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
    const put = new Request("http://localhost/webhooks/shopify", { method: "PUT", body: "{}" });
    expect(((await action({ request: put, params: {}, context: {} })) as Response).status).toBe(405);
  });

  it("stores a signed delivery as received, answers 200, and the ledger imports the order", async () => {
    const location = await t.db.location.create({ data: { shopId, name: "Warehouse" } });
    const item = await t.db.inventoryItem.create({ data: { shopId, sku: "TEE-BLK-M", title: "Harbour Tee" } });
    await recordMovements(t.db, shopId, [
      {
        itemId: item.id,
        locationId: location.id,
        kind: "receipt",
        onHandDelta: 10,
        committedDelta: 0,
        source: "test",
        idempotencyKey: "route-test-receipt",
      },
    ]);

    const body = fixtureText("orders-create");
    const { response, text, eventId } = await post(body);
    expect(response.status).toBe(200);
    expect(text).toBe("Received");

    const event = await stored(eventId);
    expect(event).toMatchObject({ payload: body, topic: "orders/create", shopId });
    expect(event?.headers).toMatchObject({ "x-shopify-event-id": eventId, "x-shopify-api-version": "2026-07" });
    expect(JSON.stringify(event?.headers)).not.toMatch(/hmac/i);

    expect(await settled(eventId)).toMatchObject({ status: "done", lastError: null });
    const order = await t.db.order.findFirstOrThrow({
      where: { shopId, externalId: "5512003100001" },
      include: { lines: true },
    });
    expect(order).toMatchObject({ name: "#2041", currency: "USD", totalMinor: 6697, status: "open" });
    expect(order.lines.map((line) => [line.sku, line.quantity, line.priceMinor])).toEqual(
      expect.arrayContaining([
        ["TEE-BLK-M", 2, 1999],
        [null, 1, 2199],
      ]),
    );

    // The update (one unit shipped, the gift wrap removed) lands on the same order; an older one changes nothing.
    const updated = await post(fixtureText("orders-updated"), { topic: "orders/updated" });
    expect(await settled(updated.eventId)).toMatchObject({ status: "done" });
    const stale = await post(body, { topic: "orders/updated" });
    expect(await settled(stale.eventId)).toMatchObject({ status: "done" });
    const after = await t.db.order.findFirstOrThrow({ where: { id: order.id }, include: { lines: true } });
    expect(after.channelUpdatedAt).toEqual(new Date("2026-03-03T16:30:00Z"));
    expect(after.lines.find((line) => line.sku === null)?.removedQty).toBe(1);
    expect((await verifyLedger(t.db, { shopId })).mismatches).toEqual([]);
  });

  it("stores a duplicate delivery once and still answers 200", async () => {
    const body = fixtureText("orders-cancelled");
    const first = await post(body, { topic: "orders/cancelled", eventId: "dup-1" });
    const second = await post(body, { topic: "orders/cancelled", eventId: "dup-1" });
    expect([first.response.status, second.response.status]).toEqual([200, 200]);
    expect(second.text).toBe("Already received");
    expect(await t.db.inboxEvent.count({ where: { eventId: "dup-1" } })).toBe(1);
    expect(await settled("dup-1")).toMatchObject({ status: "done" });
    expect(await t.db.order.count({ where: { shopId, externalId: "5512003100002" } })).toBe(1);
  });

  it("answers 401 to a bad signature and stores nothing", async () => {
    const { response, eventId } = await post(fixtureText("orders-create"), { secret: "not-the-secret" });
    expect(response.status).toBe(401);
    expect(await stored(eventId)).toBeNull();
  });

  it.each(["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id"])(
    "answers 400 without %s and stores nothing",
    async (header) => {
      const { response, text, eventId } = await post("{}", { headers: { [header]: undefined } });
      expect(response.status).toBe(400);
      expect(text).toContain(header.toLowerCase());
      expect(await stored(eventId)).toBeNull();
    },
  );

  it("uses the webhook id as the event id when Shopify sends none", async () => {
    const { response } = await post("{}", { eventId: "no-event-id", headers: { "X-Shopify-Event-Id": undefined } });
    expect(response.status).toBe(200);
    expect(await stored("webhook-no-event-id")).not.toBeNull();
  });

  it("answers 413 to a body over 1 MB and stores nothing", async () => {
    const body = JSON.stringify({ padding: "x".repeat(1024 * 1024) });
    const { response, eventId } = await post(body);
    expect(response.status).toBe(413);
    expect(await stored(eventId)).toBeNull();
  });

  it("answers 200 and quarantines signed malformed JSON with a readable reason", async () => {
    const { response, eventId } = await post('{"id": 5512003100009, "name": "#2050",');
    expect(response.status).toBe(200);
    expect(await settled(eventId)).toMatchObject({
      status: "quarantined",
      lastError: "payload is not valid JSON (at character 38)",
      payload: '{"id": 5512003100009, "name": "#2050",',
    });
  });

  it.each([
    ["a negative quantity", -3, "invalid payload: line_items.0.quantity: must not be negative"],
    ["a fractional quantity", 0.5, "invalid payload: line_items.0.quantity: must be a whole number"],
  ])("answers 200 and quarantines a payload with %s, naming the field", async (_case, quantity, reason) => {
    const payload = JSON.parse(fixtureText("orders-create")) as { id: number; line_items: Array<{ quantity: number }> };
    payload.id = 5512003100099;
    payload.line_items[0]!.quantity = quantity;
    const { response, eventId } = await post(JSON.stringify(payload));
    expect(response.status).toBe(200);
    expect(await settled(eventId)).toMatchObject({ status: "quarantined", lastError: reason });
    expect(await t.db.order.count({ where: { externalId: "5512003100099" } })).toBe(0);
  });

  it("answers 200 to a topic no connector reads and marks it ignored", async () => {
    const { response, eventId } = await post('{"id": 1}', { topic: "collections/update" });
    expect(response.status).toBe(200);
    expect(await settled(eventId)).toMatchObject({ status: "ignored", topic: "collections/update" });
  });

  it("answers 200 to a shop it does not know and stores nothing", async () => {
    const { response, text, eventId } = await post("{}", { domain: "stranger.myshopify.com" });
    expect(response.status).toBe(200);
    expect(text).toBe("Unknown shop");
    expect(await stored(eventId, "stranger.myshopify.com")).toBeNull();
  });

  it("answers 400 to a signed body that is not UTF-8", async () => {
    const { response, eventId } = await post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(response.status).toBe(400);
    expect(await stored(eventId)).toBeNull();
  });

  // drill:bad-input: PostgreSQL refuses NUL in text, so storing such a body failed as a 500 there.
  it("answers 400 to a signed body holding a raw NUL byte, on every database", async () => {
    const { response, eventId } = await post(Buffer.from('{"note":"a\u0000b"}'));
    expect(response.status).toBe(400);
    expect(await stored(eventId)).toBeNull();
  });

  it("answers 503 while SHOPIFY_API_SECRET is not configured", async () => {
    process.env.SHOPIFY_API_KEY = "";
    process.env.SHOPIFY_API_SECRET = "";
    resetConfigForTests();
    try {
      const { response, eventId } = await post("{}");
      expect(response.status).toBe(503);
      expect(await stored(eventId)).toBeNull();
    } finally {
      process.env.SHOPIFY_API_KEY = "route-test-key";
      process.env.SHOPIFY_API_SECRET = SECRET;
      resetConfigForTests();
    }
  });
});
