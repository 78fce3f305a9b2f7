import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { ensureShopifyShop } from "../shopify-install.server";
import { storeInboxRow } from "./group-insert.server";

describe("group commit of webhook deliveries", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it("stores a burst once per event, answering duplicates with the stored event's id", async () => {
    const { shop, channel } = await ensureShopifyShop(t.db, { domain: "group.myshopify.com" });
    const row = (n: number) => ({
      shopId: shop.id,
      channelId: channel.id,
      source: "shopify:group.myshopify.com",
      eventId: `event-${n % 150}`,
      topic: "orders/create",
      payload: `{"id":${n % 150}}`,
      headers: { "x-shopify-topic": "orders/create" },
    });
    const results = await Promise.all(Array.from({ length: 300 }, (_, n) => storeInboxRow(t.db, row(n))));
    expect(await t.db.inboxEvent.count({ where: { shopId: shop.id } })).toBe(150);
    expect(results.filter((result) => !result.duplicate)).toHaveLength(150);
    for (let n = 0; n < 150; n++) {
      expect(results[n + 150]).toEqual({ inboxEventId: results[n]!.inboxEventId, duplicate: true });
    }
    const stored = await t.db.inboxEvent.findUniqueOrThrow({ where: { id: results[7]!.inboxEventId } });
    expect(stored).toMatchObject({
      payload: '{"id":7}',
      status: "pending",
      attempts: 0,
      headers: { "x-shopify-topic": "orders/create" },
    });
  });
});
