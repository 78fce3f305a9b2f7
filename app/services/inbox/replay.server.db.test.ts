import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db";
import { applied, inboxHarness, shopifyFixtureText, TEST_RETRY } from "../../../test/support/inbox";
import { INBOX_RECOVER_JOB } from "./jobs.server";
import { listInboxEvents } from "./list.server";
import type { ApplyChannelEvent } from "./process.server";
import { recoverPendingInboxEvents } from "./recovery.server";
import { replayInboxEvent, replayQuarantinedInboxEvents } from "./replay.server";

describe("replaying, recovering and listing inbox events", () => {
  let t: TestDb;
  const inbox = inboxHarness(() => t.db);

  beforeAll(async () => {
    t = await createTestDb();
  });
  afterEach(() => inbox.closeQueue());
  afterAll(() => t.drop());

  it("replays a quarantined event with fresh attempts, only within its shop", async () => {
    let failing = true;
    const apply = vi.fn<ApplyChannelEvent>(async () => {
      if (failing) throw new Error("ledger unavailable");
      return { outcome: "applied" };
    });
    const queue = await inbox.startQueue(apply);
    const target = await inbox.shop();
    const other = await inbox.shop();
    const { inboxEventId } = await inbox.receive(target, "orders/create", shopifyFixtureText("orders-create"));
    await inbox.waitFor(inboxEventId, "quarantined");

    expect(await replayInboxEvent(t.db, queue, { id: inboxEventId, shopId: other.shopId }, TEST_RETRY)).toBe(false);
    expect((await inbox.row(inboxEventId)).status).toBe("quarantined");

    failing = false;
    expect(await replayInboxEvent(t.db, queue, { id: inboxEventId, shopId: target.shopId }, TEST_RETRY)).toBe(true);
    expect((await inbox.waitFor(inboxEventId, "done")).attempts).toBe(0);
    expect(await replayInboxEvent(t.db, queue, { id: inboxEventId }, TEST_RETRY)).toBe(false);
  });

  it("replays every quarantined event of one shop", async () => {
    const queue = await inbox.startQueue(applied());
    const target = await inbox.shop();
    const other = await inbox.shop();
    const quarantined = { status: "quarantined", attempts: 3, lastError: "ledger unavailable" };
    const mine = [await inbox.store(target, quarantined), await inbox.store(target, quarantined)];
    const theirs = await inbox.store(other, quarantined);

    expect(await replayQuarantinedInboxEvents(t.db, queue, { shopId: target.shopId }, TEST_RETRY)).toBe(2);
    for (const event of mine) await inbox.waitFor(event.id, "done");
    expect((await inbox.row(theirs.id)).status).toBe("quarantined");
    expect(await replayQuarantinedInboxEvents(t.db, queue, { shopId: target.shopId }, TEST_RETRY)).toBe(0);
  });

  it("re-queues events left pending for over a minute, and only those", async () => {
    const apply = applied();
    const target = await inbox.shop();
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const forgotten = await inbox.store(target, { receivedAt: ago(5 * 60_000) });
    const overdueRetry = await inbox.store(target, { receivedAt: ago(10 * 60_000), nextAttemptAt: ago(2 * 60_000) });
    const fresh = await inbox.store(target, { receivedAt: ago(10_000) });
    const backingOff = await inbox.store(target, {
      receivedAt: ago(5 * 60_000),
      nextAttemptAt: new Date(now.getTime() + 30_000),
    });

    // Workers not started yet: what the sweep queued waits, and can be counted.
    const queue = await inbox.startQueue(apply, { start: false });
    expect(await recoverPendingInboxEvents(t.db, queue, { now, retry: TEST_RETRY })).toEqual({ requeued: 2 });
    // Sweeping again while they wait changes nothing: their job ids are taken.
    await recoverPendingInboxEvents(t.db, queue, { now, retry: TEST_RETRY });
    expect(await queue.stats()).toMatchObject({ waiting: 2 });

    await queue.startWorkers({ concurrency: 2 });
    await inbox.waitFor(forgotten.id, "done");
    await inbox.waitFor(overdueRetry.id, "done");
    await queue.drain();
    expect((await inbox.row(fresh.id)).status).toBe("pending");
    expect((await inbox.row(backingOff.id)).status).toBe("pending");
    expect(apply).toHaveBeenCalledTimes(2);
  });

  it("runs the sweep as a job", async () => {
    const queue = await inbox.startQueue(applied());
    const stuck = await inbox.store(await inbox.shop(), {
      topic: "shop/redact",
      payload: shopifyFixtureText("shop-redact"),
      receivedAt: new Date(Date.now() - 2 * 60_000),
    });
    await queue.enqueue(INBOX_RECOVER_JOB, {});
    await inbox.waitFor(stuck.id, "done");
  });

  it("lists what needs attention without payloads, scoped by shop", async () => {
    const target = await inbox.shop();
    const base = { topic: "orders/updated", payload: '{"email":"secret@example.com"}' };
    const quarantined = await inbox.store(target, { ...base, status: "quarantined", attempts: 6, lastError: "boom" });
    const failing = await inbox.store(target, { ...base, status: "pending", attempts: 2, lastError: "retrying" });
    await inbox.store(target, { ...base, status: "pending" });
    const done = await inbox.store(target, { ...base, status: "done" });

    const attention = await listInboxEvents(t.db, { shopId: target.shopId });
    expect(attention.map((event) => event.id).sort()).toEqual([quarantined.id, failing.id].sort());
    expect(JSON.stringify(attention)).not.toContain("secret@example.com");
    expect(attention[0]).not.toHaveProperty("payload");
    const doneOnly = await listInboxEvents(t.db, { shopId: target.shopId, status: "done" });
    expect(doneOnly.map((event) => event.id)).toEqual([done.id]);
    expect(await listInboxEvents(t.db, { shopId: (await inbox.shop()).shopId })).toEqual([]);
  });
});
