import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeShop } from "../../../test/support/ledger-fixtures.ts";
import type { Db } from "../../db.server";
import { channelSyncStatus, readLastReconcile } from "./status.server";
import { seedSyncStates, type SeededSyncStates } from "./status-test-support";

const MINUTE = 60_000;

/** The same client, counting every model query it runs. */
function counting(db: Db) {
  const counter = { queries: 0 };
  const client = db.$extends({
    query: {
      $allModels: {
        $allOperations({ args, query }) {
          counter.queries += 1;
          return query(args);
        },
      },
    },
  }) as unknown as Db;
  return { client, counter };
}

describe("channel sync status", () => {
  let t: TestDb;
  let seeded: SeededSyncStates;
  beforeAll(async () => {
    t = await createTestDb();
    seeded = await seedSyncStates(t.db, new Date("2026-11-20T12:00:00Z"));
  });
  afterAll(() => t.drop());

  const statusOf = async (channelId: string) => {
    const statuses = await channelSyncStatus(t.db, seeded.shop.id, { now: seeded.now });
    return statuses.find((status) => status.channelId === channelId)!;
  };

  it("counts listings per state, the queue, the lag and the last push", async () => {
    const status = await statusOf(seeded.shopify.id);
    expect(status.listings).toEqual({ pending: 1, queued: 1, ok: 2, failed: 1, dead: 2 });
    expect(status.queueDepth).toBe(2);
    // The last push that landed, whatever state the listing is in now.
    expect(status.lastPushAt).toEqual(new Date(seeded.now.getTime() - 30 * MINUTE));
    // The oldest listing still to push is the queued one (dead ones wait for a person, not for a push).
    expect(status.lagMs).toBe(10 * MINUTE);
  });

  it("lists the failed listings being retried and the dead letters, newest first, with SKU and error", async () => {
    const status = await statusOf(seeded.shopify.id);
    expect(status.retrying).toEqual([
      expect.objectContaining({ sku: "FAILED-1", error: "429 Too Many Requests", attempts: 2 }),
    ]);
    expect(status.retrying[0]!.nextPushAt).toEqual(new Date(seeded.now.getTime() + MINUTE));
    expect(status.deadLetters.map((row) => [row.sku, row.error, row.nextPushAt])).toEqual([
      ["DEAD-NEW", 'Variant "blue" is gone\nfor good', null],
      ["DEAD-OLD", "HTTP 422: inventory item not found", null],
    ]);
    expect(status.health).toEqual({ level: "failing", reason: "2 listings parked after failed pushes: retry them" });
  });

  it("reports the last 24 hours of drift by cause, and the five latest rows with their SKU", async () => {
    const status = await statusOf(seeded.shopify.id);
    expect(status.drift.last24h).toBe(6);
    expect(status.drift.byCause).toEqual(
      expect.arrayContaining([
        { cause: "channel_edit", action: "set_back", count: 4 },
        { cause: "reconcile", action: "imported", count: 2 },
      ]),
    );
    expect(status.drift.recent).toHaveLength(5);
    expect(status.drift.recent[0]).toMatchObject({
      sku: "OK-2",
      expectedQty: 5,
      channelQty: 3,
      cause: "reconcile",
      action: "imported",
      detail: null,
    });
    expect(status.drift.recent.slice(1).map((row) => [row.sku, row.channelQty, row.detail])).toEqual([
      ["OK-1", 7, "edited in the Shopify admin"],
      ["OK-1", 8, "edited in the Shopify admin"],
      ["OK-1", 9, "edited in the Shopify admin"],
      ["OK-1", 10, "edited in the Shopify admin"],
    ]);
  });

  it("calls a channel with everything pushed healthy, and shows only the shop's own channels", async () => {
    const statuses = await channelSyncStatus(t.db, seeded.shop.id, { now: seeded.now });
    expect(statuses.map((status) => status.channelId)).toEqual([seeded.shopify.id, seeded.woo.id]);
    const woo = statuses[1]!;
    expect(woo).toMatchObject({
      queueDepth: 0,
      lagMs: 0,
      retrying: [],
      deadLetters: [],
      drift: { last24h: 0, byCause: [], recent: [] },
      lastReconcile: null,
      health: { level: "healthy", reason: "The channel shows the ledger's quantities" },
    });
    const theirs = await channelSyncStatus(t.db, seeded.other.shop.id, { now: seeded.now });
    expect(theirs.map((status) => [status.channelId, status.listings.dead])).toEqual([[seeded.other.channel.id, 1]]);
  });

  it("reads the last reconciliation from the channel's report, and ignores a report it cannot read", async () => {
    const report = {
      channelId: seeded.woo.id,
      status: "done",
      startedAt: "2026-11-20T10:59:00.000Z",
      finishedAt: "2026-11-20T11:00:00.000Z",
      listings: 40,
      read: 40,
      matched: 37,
      drifted: 2,
      missing: 1,
      skipped: 0,
      unlinked: 0,
      queued: 2,
      imported: 0,
      durationMs: 800,
      calls: 1,
      missingSample: [],
      error: null,
    };
    expect(readLastReconcile({ reconcile: report })).toEqual({
      at: new Date(report.finishedAt),
      status: "done",
      listings: 40,
      drifted: 2,
      missing: 1,
      error: null,
    });
    for (const settings of [null, {}, { reconcile: "yesterday" }, { reconcile: { ...report, finishedAt: "soon" } }]) {
      expect(readLastReconcile(settings)).toBeNull();
    }

    const failed = { ...report, status: "failed", error: "HTTP 503 from the store" };
    await t.db.channel.update({
      where: { id: seeded.woo.id },
      data: { settings: { stockMaster: "ledger", reconcile: failed } },
    });
    const woo = await statusOf(seeded.woo.id);
    expect(woo.lastReconcile).toMatchObject({ at: new Date(report.finishedAt), error: "HTTP 503 from the store" });
    expect(woo.health).toEqual({
      level: "degraded",
      reason: "The last reconciliation failed: HTTP 503 from the store",
    });
    await t.db.channel.update({ where: { id: seeded.woo.id }, data: { settings: {} } });
  });

  it("reads counts with a fixed number of queries, however many healthy channels and listings", async () => {
    const { shop, channels } = await makeShop(t.db, { channels: ["shopify", "woocommerce", "manual"] });
    const measure = async () => {
      const { client, counter } = counting(t.db);
      const statuses = await channelSyncStatus(client, shop.id);
      return { statuses, queries: counter.queries };
    };
    const empty = await measure();
    expect(empty.statuses).toHaveLength(3);
    // The channels, the listings grouped by channel and state, the drift grouped by channel and cause.
    expect(empty.queries).toBe(3);

    for (const channel of channels) {
      for (let n = 0; n < 20; n++) {
        const item = await t.db.inventoryItem.upsert({
          where: { shopId_sku: { shopId: shop.id, sku: `SKU-${n}` } },
          create: { shopId: shop.id, sku: `SKU-${n}`, title: `Item ${n}` },
          update: {},
        });
        await t.db.channelListing.create({
          data: { shopId: shop.id, channelId: channel.id, itemId: item.id, syncState: n % 2 ? "ok" : "queued" },
        });
      }
    }
    const full = await measure();
    expect(full.statuses.map((status) => status.queueDepth)).toEqual([10, 10, 10]);
    expect(full.queries).toBe(3);

    // A channel with dead letters adds one bounded read for them; a healthy one adds nothing.
    await t.db.channelListing.updateMany({
      where: { channelId: channels[0]!.id, syncState: "queued" },
      data: { syncState: "dead", lastError: "gone" },
    });
    const troubled = await measure();
    expect(troubled.queries).toBe(4);
    expect(troubled.statuses[0]!.deadLetters).toHaveLength(10);
    expect(troubled.statuses[0]!.listings.dead).toBe(10);
  });
});
