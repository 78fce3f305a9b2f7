import { recordMovements } from "../services/ledger/record-movements.server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReturnChanged } from "../../connectors/events";
import { signShopifyWebhook } from "../../connectors/shopify/webhook";
import { createInProcessQueue } from "../../jobs/in-process-queue";
import type { JobQueue } from "../../jobs/queue";
import { pollUntil } from "../../jobs/timing";
import { createTestDb, type TestDb } from "../../test/db";
import { shopifyFixtureText as fixtureText } from "../../test/support/shopify-fixtures";
import { resetConfigForTests } from "../config.server";
import { registerReturnReader } from "../services/channels/return-readers";
import { registerInboxJobs } from "../services/inbox/jobs.server";
import { ensureShopifyShop } from "../services/shopify-install.server";
import { action } from "./webhooks.shopify";

// The new topics from the HTTP request to the database: a stock edit in the Shopify admin (inventory_levels/update)
// and a return request (returns/request), through the signature check, the inbox and the real ledger.

const SECRET = "shpss_stock_returns_secret";
const DOMAIN = "harbour-goods.myshopify.com";

/** Stands in for the Shopify return reader (another module): answers what the return is now, and remembers the ask. */
const asked: { orderExternalId: string; returnExternalId: string }[] = [];
function registerFakeReturnReader() {
  registerReturnReader({
    kind: "shopify",
    async readReturn(_db, _channel, ref): Promise<ReturnChanged> {
      asked.push(ref);
      return {
        type: "return.changed",
        ...ref,
        status: "requested",
        lines: [{ lineExternalId: "14001200300001", quantity: 1, reason: "size_too_small" }],
        updatedAt: new Date("2026-03-05T10:00:00Z"),
      };
    },
  });
}

describe("POST /webhooks/shopify: stock and returns topics", () => {
  let t: TestDb;
  let queue: JobQueue;
  let shopId: string;
  let channelId: string;
  let deliveries = 0;
  const savedEnv = { key: process.env.SHOPIFY_API_KEY, secret: process.env.SHOPIFY_API_SECRET };

  beforeAll(async () => {
    process.env.SHOPIFY_API_KEY = "stock-returns-key";
    process.env.SHOPIFY_API_SECRET = SECRET;
    resetConfigForTests();
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    global.channelLedgerInboxDb = t.db;
    queue = createInProcessQueue();
    global.channelLedgerQueue = queue;
    registerInboxJobs(queue);
    await queue.startWorkers({ concurrency: 2 });
    ({
      shop: { id: shopId },
      channel: { id: channelId },
    } = await ensureShopifyShop(t.db, { domain: DOMAIN }));
    registerFakeReturnReader();
  });

  afterAll(async () => {
    await queue.close();
    await t.drop();
    global.channelLedgerDb = undefined;
    global.channelLedgerInboxDb = undefined;
    global.channelLedgerQueue = undefined;
    for (const [name, value] of [
      ["SHOPIFY_API_KEY", savedEnv.key],
      ["SHOPIFY_API_SECRET", savedEnv.secret],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetConfigForTests();
  });

  async function post(topic: string, body: string) {
    const eventId = `stock-returns-${++deliveries}`;
    const request = new Request("http://localhost/webhooks/shopify", {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Hmac-Sha256": signShopifyWebhook(body, SECRET),
        "X-Shopify-Topic": topic,
        "X-Shopify-Shop-Domain": DOMAIN,
        "X-Shopify-Webhook-Id": `webhook-${eventId}`,
        "X-Shopify-Event-Id": eventId,
        "X-Shopify-API-Version": "2026-07",
      },
    });
    const response = (await action({ request, params: {}, context: {} })) as Response;
    expect(response.status).toBe(200);
    return settled(eventId);
  }

  async function settled(eventId: string) {
    const stored = () =>
      t.db.inboxEvent.findUnique({ where: { source_eventId: { source: `shopify:${DOMAIN}`, eventId } } });
    await pollUntil(async () => !["pending", "processing"].includes((await stored())?.status ?? "pending"), {
      timeoutMs: 20_000,
      describe: () => `inbox event ${eventId} to leave pending`,
    });
    return (await stored())!;
  }

  it("turns a stock edit in the Shopify admin into a drift row and a deferred set-back", async () => {
    const location = await t.db.location.create({ data: { shopId, name: "Warehouse" } });
    const item = await t.db.inventoryItem.create({ data: { shopId, sku: "TEE-BLK-M", title: "Harbour Tee" } });
    await t.db.channelLocation.create({
      data: { shopId, channelId, locationId: location.id, externalLocationId: "7700100200001" },
    });
    // Counted in the ledger (nine on the shelf), so Shopify's figure is drift, not the opening stock.
    await recordMovements(t.db, shopId, [
      {
        itemId: item.id,
        locationId: location.id,
        kind: "receipt",
        onHandDelta: 9,
        committedDelta: 0,
        source: "test",
        idempotencyKey: "tee-receipt",
      },
    ]);
    const listing = await t.db.channelListing.create({
      data: {
        shopId,
        channelId,
        itemId: item.id,
        externalProductId: "8801100200001",
        externalInventoryItemId: "45100200300001",
        desiredQty: 9,
        lastPushedQty: 9,
        lastPushedAt: new Date("2026-03-01T00:00:00Z"),
        syncState: "ok",
      },
    });

    expect(await post("inventory_levels/update", fixtureText("inventory_levels-update"))).toMatchObject({
      status: "done",
      lastError: null,
    });
    expect(await t.db.syncDrift.findMany({ where: { channelId } })).toEqual([
      expect.objectContaining({ listingId: listing.id, expectedQty: 9, channelQty: 7, action: "set_back" }),
    ]);
    expect(await t.db.channelListing.findUniqueOrThrow({ where: { id: listing.id } })).toMatchObject({
      lastSeenQty: 7,
      syncState: "queued",
      nextPushAt: expect.any(Date),
    });
  });

  it("reads a requested return through the return reader and records it on the order", async () => {
    expect(await post("orders/create", fixtureText("orders-create"))).toMatchObject({ status: "done" });
    expect(await post("returns/request", fixtureText("returns-request"))).toMatchObject({ status: "done" });
    expect(asked).toEqual([{ orderExternalId: "5512003100001", returnExternalId: "9400100200001" }]);
    const recorded = await t.db.return.findFirstOrThrow({ where: { shopId }, include: { lines: true } });
    expect(recorded).toMatchObject({ externalId: "9400100200001", status: "requested" });
    expect(recorded.lines).toEqual([expect.objectContaining({ quantity: 1, reason: "size_too_small" })]);
  });

  it("quarantines a returns payload whose ids are not Shopify's, naming the field", async () => {
    const payload = { ...JSON.parse(fixtureText("returns-approve")), order: { id: "order-1" } };
    expect(await post("returns/approve", JSON.stringify(payload))).toMatchObject({
      status: "quarantined",
      lastError: "invalid payload: order.id: must be a numeric id",
    });
  });
});
