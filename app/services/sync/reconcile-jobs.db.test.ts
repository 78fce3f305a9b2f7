import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWooClient } from "../../../connectors/woocommerce/client/client";
import { createInProcessQueue } from "../../../jobs/in-process-queue.ts";
import type { JobQueue, LoggerLike } from "../../../jobs/queue.ts";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startWooSimMsw } from "../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../test/sim/woocommerce/sim";
import { createWooStockSource } from "../woocommerce/level-reader-source.server";
import { createWooLevelReader } from "../woocommerce/level-reader.server";
import { createWooPusher } from "../woocommerce/pusher.server";
import { WOO_KEYS } from "../woocommerce/test-support";
import { registerSyncJobs } from "./jobs.server";
import { registerLevelReader, type LevelReader } from "./level-readers";
import { registerPusher } from "./pushers";
import {
  enqueueReconcile,
  reconcileIntervalMs,
  registerReconcileJobs,
  SYNC_RECONCILE_JOB,
} from "./reconcile-jobs.server";
import { readReconcileReport } from "./reconcile-report.server";
import { wooInStep } from "./reconcile-test-support";

// The sync.reconcile job: the schedule's run fans out one job per connected channel, each channel's job id keeps two
// reconciliations of it from overlapping, and what a reconciliation queues is pushed right after.

const quiet: LoggerLike = { info() {}, warn() {}, error() {} };

describe("sync.reconcile job", () => {
  let t: TestDb;
  let queue: JobQueue;
  const sim = createWooSim({ webhooks: { auto: false } });
  const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });
  const reads: string[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    queue = createInProcessQueue({ logger: quiet });
    registerReconcileJobs(queue, { db: () => t.db, logger: quiet });
    registerSyncJobs(queue, { db: () => t.db, logger: quiet });
  });
  afterAll(async () => {
    await queue.close();
    server.close();
    await t.drop();
  });

  /** Readers and pushers for every store, found by the channel's URL; reads are counted per channel. */
  function registerForAllStores() {
    const reader = createWooLevelReader({
      source: async (channel) => createWooStockSource({ url: channel.externalRef, ...WOO_KEYS }),
    });
    const counting: LevelReader = {
      kind: "woocommerce",
      read(db, channel, onPage) {
        reads.push(channel.id);
        return reader.read(db, channel, onPage);
      },
    };
    registerLevelReader(counting);
    registerPusher(
      createWooPusher({ client: async (channel) => createWooClient({ url: channel.externalRef, ...WOO_KEYS }) }),
    );
  }

  it("reconciles every connected channel in its own job and pushes what it queued", async () => {
    const one = await wooInStep(t.db, sim, ["A1", "A2"], { name: "job-one" });
    const two = await wooInStep(t.db, sim, ["B1"], { name: "job-two" });
    const off = await wooInStep(t.db, sim, ["C1"], { name: "job-off" });
    await t.db.channel.update({ where: { id: off.channel.id }, data: { status: "disconnected" } });
    const manual = await t.db.channel.create({
      data: { shopId: one.shop.id, kind: "manual", name: "Market stall", externalRef: "stall" },
    });
    registerForAllStores();
    one.store.setStock("A2", 0);
    two.store.setStock("B1", 12);

    await queue.enqueue(SYNC_RECONCILE_JOB, undefined);
    await queue.startWorkers({ concurrency: 4 });
    await queue.drain();

    expect(reads.sort()).toEqual([one.channel.id, two.channel.id].sort());
    for (const target of [one, two]) {
      const channel = await t.db.channel.findUniqueOrThrow({ where: { id: target.channel.id } });
      expect(readReconcileReport(channel.settings)).toMatchObject({ status: "done", drifted: 1, queued: 1 });
    }
    for (const id of [off.channel.id, manual.id]) {
      const channel = await t.db.channel.findUniqueOrThrow({ where: { id } });
      expect(readReconcileReport(channel.settings)).toBeUndefined();
    }
    // The push job that followed set the store back.
    expect(one.store.stock("A2").stock_quantity).toBe(5);
    expect(two.store.stock("B1").stock_quantity).toBe(5);
  });

  it("runs one reconciliation of a channel however often it is asked while one waits", async () => {
    const s = await wooInStep(t.db, sim, ["D1"], { name: "job-dedupe" });
    registerForAllStores();
    reads.length = 0;
    await Promise.all([enqueueReconcile(queue, s.channel.id), enqueueReconcile(queue, s.channel.id)]);
    await queue.drain();
    expect(reads).toEqual([s.channel.id]);
  });

  it("is scheduled every RECONCILE_MINUTES", () => {
    expect(reconcileIntervalMs({ RECONCILE_MINUTES: 60 })).toBe(60 * 60 * 1000);
  });
});
