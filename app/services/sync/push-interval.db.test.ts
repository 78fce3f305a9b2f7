import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../../jobs/in-process-queue.ts";
import type { JobQueue } from "../../../jobs/queue.ts";
import { pollUntil, sleep } from "../../../jobs/timing.ts";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { silentLogger } from "../../../test/support/inbox.ts";
import { makeShop } from "../../../test/support/ledger-fixtures.ts";
import { recordMovements } from "../ledger/record-movements.server";
import { enqueuePush, nextTickAt, registerSyncJobs, SYNC_SWEEP_JOB } from "./jobs.server";
import { registerPusher, type PushItem } from "./pushers";

// Interval mode (SYNC_PUSH_INTERVAL_SECONDS, ADR 0018): pushes wait for the tick, then every due listing goes once;
// event mode, the default, pushes as soon as the change is planned.

const INTERVAL_MS = 2_000;
const ITEMS = 250;

/** A channel taking 100 listings a call that remembers each call and when it came. */
function recordingChannel(kind: string) {
  const calls: { at: number; items: PushItem[] }[] = [];
  const shown = new Map<string, number>();
  registerPusher({
    kind,
    batchLimit: 100,
    async push(_db, _channel, items) {
      calls.push({ at: Date.now(), items });
      return items.map((item) => {
        shown.set(item.itemId, item.quantity);
        return { listingId: item.listingId, ok: true as const, pushedQuantity: item.quantity };
      });
    },
  });
  return { calls, shown };
}

describe("push interval", () => {
  let t: TestDb;
  let queue: JobQueue | undefined;
  let unsubscribe: (() => void) | undefined;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterEach(async () => {
    unsubscribe?.();
    await queue?.close();
  });
  afterAll(() => t.drop());

  async function setup(kind: string, pushIntervalMs: number | null) {
    const { shop, locations, channels } = await makeShop(t.db, { channels: [kind] });
    const channel = channels[0]!;
    await t.db.inventoryItem.createMany({
      data: Array.from({ length: ITEMS }, (_, n) => ({ shopId: shop.id, sku: `${kind}-${n}`, title: `Item ${n}` })),
    });
    const items = await t.db.inventoryItem.findMany({ where: { shopId: shop.id }, select: { id: true } });
    await t.db.channelListing.createMany({
      data: items.map((item) => ({ shopId: shop.id, channelId: channel.id, itemId: item.id, syncState: "ok" })),
    });
    queue = createInProcessQueue({ logger: silentLogger });
    unsubscribe = registerSyncJobs(queue, { db: () => t.db, logger: silentLogger, pushIntervalMs });
    await queue.startWorkers({ concurrency: 4 });
    const receive = (round: number, units: (n: number) => number) =>
      recordMovements(
        t.db,
        shop.id,
        items.map((item, n) => ({
          itemId: item.id,
          locationId: locations[0]!.id,
          kind: "receipt" as const,
          onHandDelta: units(n),
          committedDelta: 0,
          source: "test",
          idempotencyKey: `receipt:${round}:${item.id}`,
        })),
      );
    return { shop, channel, items, receive };
  }

  /** Until every listing of the channel is in this state. */
  const allIn = (channelId: string, syncState: string, timeoutMs: number) =>
    pollUntil(async () => (await t.db.channelListing.count({ where: { channelId, syncState } })) === ITEMS, {
      timeoutMs,
      intervalMs: 20,
      describe: () => `every listing ${syncState}`,
    });

  it("holds every push until the tick, then pushes each due listing once", { timeout: 20_000 }, async () => {
    const fake = recordingChannel("interval-fake");
    const { channel, items, receive } = await setup("interval-fake", INTERVAL_MS);
    await queue!.enqueue(SYNC_SWEEP_JOB, {}); // As the schedule does at start: it queues the first tick.
    // Start just after a tick, so a whole interval lies ahead.
    const firstTick = nextTickAt(INTERVAL_MS);
    await sleep(firstTick - Date.now() + 150);
    const tick = nextTickAt(INTERVAL_MS);

    await receive(1, (n) => 1 + (n % 5));
    // Planned (queued with the figure) within the coalescing window, yet nothing goes out: neither planning, nor a
    // push asked for by someone else (a backfill's end, a reconciliation), nor the sweep.
    await allIn(channel.id, "queued", 1_500);
    await enqueuePush(queue!, channel.id);
    await queue!.enqueue(SYNC_SWEEP_JOB, {});
    await sleep(300);
    expect(Date.now()).toBeLessThan(tick);
    expect(fake.calls).toHaveLength(0);

    await allIn(channel.id, "ok", INTERVAL_MS + 2_000);
    expect(fake.calls.map((call) => call.items.length)).toEqual([100, 100, 50]);
    expect(fake.calls.every((call) => call.at >= tick)).toBe(true);
    for (const [n, item] of items.entries()) expect(fake.shown.get(item.id)).toBe(1 + (n % 5));

    // A change after the tick's pushes waits for the next tick too.
    await receive(2, () => 1);
    await allIn(channel.id, "queued", 1_500);
    expect(Date.now()).toBeLessThan(tick + INTERVAL_MS);
    expect(fake.calls).toHaveLength(3);
    await allIn(channel.id, "ok", INTERVAL_MS + 2_000);
    expect(fake.calls).toHaveLength(6);
    expect(fake.calls.slice(3).every((call) => call.at >= tick + INTERVAL_MS)).toBe(true);
    for (const [n, item] of items.entries()) expect(fake.shown.get(item.id)).toBe(2 + (n % 5));
  });

  it("pushes on events without waiting for any tick when no interval is set", async () => {
    const fake = recordingChannel("event-fake");
    const { channel, items, receive } = await setup("event-fake", null);
    await queue!.enqueue(SYNC_SWEEP_JOB, {});
    const changedAt = Date.now();
    await receive(1, (n) => 1 + (n % 3));
    await allIn(channel.id, "ok", 5_000);
    expect(fake.calls.map((call) => call.items.length)).toEqual([100, 100, 50]);
    // The coalescing window and three calls, far inside any interval.
    expect(Math.max(...fake.calls.map((call) => call.at)) - changedAt).toBeLessThan(1_500);
    for (const [n, item] of items.entries()) expect(fake.shown.get(item.id)).toBe(1 + (n % 3));
    expect((await queue!.stats()).delayed).toBe(0); // No tick queued.
  });
});
