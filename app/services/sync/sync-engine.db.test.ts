import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../../jobs/in-process-queue.ts";
import type { JobQueue } from "../../../jobs/queue.ts";
import { pollUntil } from "../../../jobs/timing.ts";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { silentLogger } from "../../../test/support/inbox.ts";
import { makeShop } from "../../../test/support/ledger-fixtures.ts";
import { recordMovements } from "../ledger/record-movements.server";
import { registerSyncJobs } from "./jobs.server";
import { registerPusher, type ChannelPusher, type PushItem } from "./pushers";

/** A channel that remembers what it shows and fails as often as it is told to. */
function fakeChannel(kind: string, batchLimit: number, failureRate = 0) {
  const shown = new Map<string, number>();
  const calls: PushItem[][] = [];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pusher: ChannelPusher = {
    kind,
    batchLimit,
    async push(_db, _channel, items) {
      calls.push(items);
      if (random() < failureRate / 3) throw new Error("HTTP 503 from the channel");
      return items.map((item) => {
        if (random() < failureRate / 2)
          return { listingId: item.listingId, ok: false, retryable: true, error: "429 Too Many Requests" };
        shown.set(item.itemId, item.quantity);
        return { listingId: item.listingId, ok: true, pushedQuantity: item.quantity };
      });
    },
  };
  registerPusher(pusher);
  return { shown, calls };
}

describe("sync engine", () => {
  let t: TestDb;
  let queue: JobQueue;
  let unsubscribe: () => void;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterEach(async () => {
    unsubscribe?.();
    await queue?.close();
  });
  afterAll(() => t.drop());

  async function setup(kind: string, items: number, settings?: object) {
    const { shop, locations, channels } = await makeShop(t.db, { channels: [kind] });
    const channel = channels[0]!;
    if (settings) await t.db.channel.update({ where: { id: channel.id }, data: { settings } });
    const created = [];
    for (let n = 0; n < items; n++) created.push({ shopId: shop.id, sku: `${kind}-${n}`, title: `Item ${n}` });
    await t.db.inventoryItem.createMany({ data: created });
    const rows = await t.db.inventoryItem.findMany({ where: { shopId: shop.id }, select: { id: true } });
    await t.db.channelListing.createMany({
      data: rows.map((row) => ({ shopId: shop.id, channelId: channel.id, itemId: row.id, syncState: "ok" })),
    });
    queue = createInProcessQueue({ logger: silentLogger });
    unsubscribe = registerSyncJobs(queue, { db: () => t.db, logger: silentLogger, pushBackoffMs: 20 });
    await queue.startWorkers({ concurrency: 4 });
    return { shop, location: locations[0]!, channel, items: rows };
  }

  const settled = (channelId: string) =>
    pollUntil(async () => (await t.db.channelListing.count({ where: { channelId, syncState: { not: "ok" } } })) === 0, {
      timeoutMs: 60_000,
      intervalMs: 50,
      describe: () => "listings still not in sync",
    });

  it("coalesces 1,000 stock changes on 1,000 listings into ceil(1000/250) pushes", async () => {
    const fake = fakeChannel("coalesce-250", 250);
    const { shop, location, channel, items } = await setup("coalesce-250", 1000);
    await recordMovements(
      t.db,
      shop.id,
      items.map((item, n) => ({
        itemId: item.id,
        locationId: location.id,
        kind: "receipt" as const,
        onHandDelta: 1 + (n % 7),
        committedDelta: 0,
        source: "test",
        idempotencyKey: `receipt:${item.id}`,
      })),
    );
    await settled(channel.id);
    expect(fake.calls).toHaveLength(4);
    expect(fake.calls.every((call) => call.length === 250)).toBe(true);
    expect(fake.shown.size).toBe(1000);
  });

  it("applies the channel's rules and converges under 30% faults without losing a push", async () => {
    const fake = fakeChannel("faulty-100", 100, 0.3);
    const { shop, location, channel, items } = await setup("faulty-100", 300, {
      safetyStock: 2,
      percentOfAvailable: 50,
    });
    for (let round = 0; round < 3; round++) {
      await recordMovements(
        t.db,
        shop.id,
        items.map((item, n) => ({
          itemId: item.id,
          locationId: location.id,
          kind: "adjustment" as const,
          onHandDelta: ((n + round) % 5) + 1,
          committedDelta: 0,
          source: "test",
          idempotencyKey: `adjust:${round}:${item.id}`,
        })),
      );
    }
    await settled(channel.id);
    const levels = await t.db.stockLevel.findMany({
      where: { shopId: shop.id },
      select: { itemId: true, onHand: true },
    });
    for (const level of levels) {
      expect(fake.shown.get(level.itemId)).toBe(Math.floor(Math.max(0, level.onHand - 2) / 2));
    }
    expect(fake.calls.length).toBeGreaterThan(3);
  });
});
