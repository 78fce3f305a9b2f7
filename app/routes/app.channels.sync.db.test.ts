import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue";
import type { JobQueue } from "../../jobs/queue";
import { createTestDb, type TestDb } from "../../test/db";
import { commitOperatorSession } from "../auth/operator.server";
import { SYNC_PUSH_JOB } from "../services/sync/jobs.server";
import { seedSyncStates, type SeededSyncStates } from "../services/sync/status-test-support";
import { action, loader } from "./app.channels._index";

describe("/app/channels: stock sync status and the dead-letter retry", () => {
  let t: TestDb;
  let queue: JobQueue;
  let cookie: string;
  let seeded: SeededSyncStates;
  const pushes: unknown[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    queue = createInProcessQueue();
    queue.register(SYNC_PUSH_JOB, async (payload) => {
      pushes.push(payload);
    });
    global.channelLedgerQueue = queue;
    seeded = await seedSyncStates(t.db);
    const setCookie = await commitOperatorSession(new Request("http://localhost/app"), {
      operator: "operator@example.com",
      shopId: seeded.shop.id,
    });
    cookie = setCookie.split(";")[0]!;
  });

  afterAll(async () => {
    await queue.close();
    await t.drop();
    global.channelLedgerDb = undefined;
    global.channelLedgerQueue = undefined;
  });

  const load = () =>
    loader({
      request: new Request("http://localhost/app/channels", { headers: { Cookie: cookie } }),
      params: {},
      context: {},
    });

  const act = async (form: Record<string, string>) => {
    const request = new Request("http://localhost/app/channels", {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    const result = await action({ request, params: {}, context: {} });
    if (result instanceof Response) throw new Error(`unexpected response ${result.status}`);
    return "init" in result && result.init
      ? { status: result.init.status, data: result.data }
      : { status: 200, data: result };
  };

  it("shows each channel's health, figures, dead letters and drift", async () => {
    const { channels } = await load();
    const [shopify, woo] = channels;
    expect(shopify?.sync).toMatchObject({
      health: "failing",
      reason: "2 listings parked after failed pushes: retry them",
      total: 7,
      inStep: 2,
      queueDepth: 2,
      failed: 1,
      dead: 2,
      drift24h: 6,
      lastReconcile: null,
    });
    expect(shopify?.sync?.lagSeconds).toBeGreaterThanOrEqual(600);
    expect(shopify?.sync?.deadLetters.map((row) => row.sku)).toEqual(["DEAD-NEW", "DEAD-OLD"]);
    expect(shopify?.sync?.retrying).toEqual([
      expect.objectContaining({ sku: "FAILED-1", error: "429 Too Many Requests" }),
    ]);
    expect(shopify?.sync?.driftRows[0]).toMatchObject({
      sku: "OK-2",
      cause: "Found by reconciliation",
      action: "Imported as an adjustment",
    });
    expect(shopify?.sync?.driftRows[1]).toMatchObject({
      cause: "Changed on the channel",
      action: "Set back to the ledger",
      detail: "edited in the Shopify admin",
    });
    expect(woo?.sync).toMatchObject({ health: "healthy", dead: 0, deadLetters: [], driftRows: [] });
  });

  it("refuses a retry without a channel, or for another shop's channel", async () => {
    expect(await act({ intent: "retry-dead-pushes" })).toMatchObject({
      status: 400,
      data: { ok: false, intent: "retry-dead-pushes", fieldErrors: { channelId: [expect.any(String)] } },
    });
    expect(await act({ intent: "retry-dead-pushes", channelId: seeded.other.channel.id })).toMatchObject({
      status: 404,
      data: { ok: false, fieldErrors: { channelId: ["No such channel"] }, toast: expect.any(String) },
    });
    expect(await t.db.channelListing.count({ where: { channelId: seeded.other.channel.id, syncState: "dead" } })).toBe(
      1,
    );
  });

  it("queues the channel's dead letters again and asks for a push at once", async () => {
    expect(await act({ intent: "retry-dead-pushes", channelId: seeded.shopify.id })).toEqual({
      status: 200,
      data: {
        ok: true,
        intent: "retry-dead-pushes",
        channelId: seeded.shopify.id,
        retried: 2,
        toast: "2 listings queued to push again",
      },
    });
    const retried = await t.db.channelListing.findMany({
      where: { id: { in: [seeded.deadOld.id, seeded.deadNew.id] } },
      select: { syncState: true, pushAttempts: true, lastError: true, nextPushAt: true },
    });
    expect(retried).toEqual([
      { syncState: "queued", pushAttempts: 0, lastError: null, nextPushAt: null },
      { syncState: "queued", pushAttempts: 0, lastError: null, nextPushAt: null },
    ]);
    await queue.startWorkers({ concurrency: 1 });
    await queue.drain();
    expect(pushes).toEqual([{ channelId: seeded.shopify.id }]);

    const { channels } = await load();
    expect(channels[0]?.sync).toMatchObject({ dead: 0, deadLetters: [], queueDepth: 4, health: "degraded" });
    // Nothing left to retry: no push is asked for.
    expect(await act({ intent: "retry-dead-pushes", channelId: seeded.shopify.id })).toMatchObject({
      data: { ok: true, retried: 0, toast: "Nothing was parked any more" },
    });
    await queue.drain();
    expect(pushes).toHaveLength(1);
  });
});
