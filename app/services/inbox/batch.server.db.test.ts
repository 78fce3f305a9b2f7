import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../../jobs/in-process-queue.ts";
import type { JobQueue } from "../../../jobs/queue.ts";
import { pollUntil } from "../../../jobs/timing.ts";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { silentLogger, TEST_RETRY } from "../../../test/support/inbox.ts";
import { makeItem } from "../../../test/support/ledger-fixtures.ts";
import { shopifyFixture } from "../../../test/support/shopify-fixtures.ts";
import { verifyLedger } from "../ledger/verify.server";
import { ensureShopifyShop } from "../shopify-install.server";
import { releaseStaleClaims } from "./batch.server";
import { registerInboxJobs } from "./jobs.server";
import { receiveInboxEvent } from "./receive.server";

function orderPayload(id: number, sku: string, quantity: number) {
  const order = shopifyFixture("orders-create");
  const lines = order.line_items as Record<string, unknown>[];
  return JSON.stringify({
    ...order,
    id,
    name: `#B${id}`,
    updated_at: "2026-03-01T10:00:00Z",
    line_items: [{ ...lines[0], id: id * 10, sku, quantity, current_quantity: quantity }],
  });
}

describe("batched processing of order webhooks", () => {
  let t: TestDb;
  let queue: JobQueue;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterEach(() => queue?.close());
  afterAll(() => t.drop());

  async function start(domain: string) {
    const { shop, channel } = await ensureShopifyShop(t.db, { domain });
    const location = await t.db.location.create({ data: { shopId: shop.id, name: "Warehouse" } });
    queue = createInProcessQueue({ logger: silentLogger });
    registerInboxJobs(queue, { db: () => t.db, retry: TEST_RETRY, logger: silentLogger });
    const receive = (eventId: string, payload: string) =>
      receiveInboxEvent(
        t.db,
        queue,
        {
          shopId: shop.id,
          channelId: channel.id,
          source: `shopify:${domain}`,
          eventId,
          topic: "orders/create",
          payload,
          headers: {},
        },
        { retry: TEST_RETRY, logger: silentLogger },
      );
    return { shop, channel, location, receive };
  }

  it("applies a burst in shared transactions, and a bad payload in it alone is quarantined", async () => {
    const { shop, location, receive } = await start("batch-shop.myshopify.com");
    const item = await makeItem(t.db, shop.id, "BATCH-1", [{ locationId: location.id, onHand: 1000 }]);
    for (let n = 1; n <= 120; n++) await receive(`e-${n}`, orderPayload(n, "BATCH-1", 2));
    await receive("e-bad", "{ not json");
    await queue.startWorkers({ concurrency: 4 });
    await pollUntil(
      async () =>
        (await t.db.inboxEvent.count({ where: { shopId: shop.id, status: { in: ["pending", "processing"] } } })) === 0,
      {
        timeoutMs: 30_000,
        describe: () => "inbox still has pending events",
      },
    );

    expect(await t.db.inboxEvent.count({ where: { shopId: shop.id, status: "done" } })).toBe(120);
    expect(await t.db.inboxEvent.findFirst({ where: { eventId: "e-bad" } })).toMatchObject({ status: "quarantined" });
    expect(await t.db.order.count({ where: { shopId: shop.id } })).toBe(120);
    const level = await t.db.stockLevel.findUniqueOrThrow({
      where: { itemId_locationId: { itemId: item.id, locationId: location.id } },
    });
    expect(level.committed).toBe(240);
    // Fewer transactions than orders: the timeline names batches, not single webhooks.
    const sources = await t.db.timelineEvent.groupBy({ by: ["source"], where: { shopId: shop.id } });
    expect(sources.length).toBeLessThan(120);
    expect((await verifyLedger(t.db, { shopId: shop.id })).mismatches).toEqual([]);
  });

  it("gives claims of a batch that died back to the queue's sweep", async () => {
    const { shop, receive } = await start("stale-claims.myshopify.com");
    const stored = await receive("stale-1", orderPayload(9001, "NONE", 1));
    await t.db.inboxEvent.update({
      where: { id: stored.inboxEventId },
      data: { status: "processing", claimToken: "dead", claimedAt: new Date(Date.now() - 10 * 60_000) },
    });
    expect(await releaseStaleClaims(t.db)).toBe(1);
    expect(await t.db.inboxEvent.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({
      status: "pending",
      claimToken: null,
    });
  });
});
