import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ChannelEvent } from "../../../connectors/events";
import { createTestDb, type TestDb } from "../../../test/db";
import { applied, inboxHarness, shopifyFixtureText, silentLogger, TEST_RETRY } from "../../../test/support/inbox";
import { processInboxEvent, type ApplyChannelEvent } from "./process.server";
import { receiveInboxEvent } from "./receive.server";

describe("receiving and processing inbox events", () => {
  let t: TestDb;
  const inbox = inboxHarness(() => t.db);

  beforeAll(async () => {
    t = await createTestDb();
  });
  afterEach(() => inbox.closeQueue());
  afterAll(() => t.drop());

  it("stores the raw body, queues it, applies its events and marks it done", async () => {
    const apply = applied();
    await inbox.startQueue(apply);
    const target = await inbox.shop();
    const body = shopifyFixtureText("orders-create");
    const { inboxEventId, duplicate } = await inbox.receive(target, "orders/create", body);
    expect(duplicate).toBe(false);

    const done = await inbox.waitFor(inboxEventId, "done");
    expect(done).toMatchObject({
      payload: body,
      source: `shopify:${target.domain}`,
      shopId: target.shopId,
      channelId: target.channelId,
      attempts: 0,
      lastError: null,
      headers: { "x-shopify-topic": "orders/create" },
    });
    expect(done.processedAt).toBeInstanceOf(Date);
    expect(apply).toHaveBeenCalledTimes(1);
    const [db, channel, event, context] = apply.mock.calls[0] as [unknown, { id: string }, ChannelEvent, object];
    expect(db).toBe(t.db);
    expect(channel).toMatchObject({ id: target.channelId, shopId: target.shopId, kind: "shopify" });
    expect(event).toMatchObject({ type: "order.upserted", order: { externalId: "5512003100001" } });
    expect(context).toEqual({ source: `webhook:${inboxEventId}`, receivedAt: done.receivedAt });
  });

  it("stores a duplicate delivery once and applies it once", async () => {
    const apply = applied();
    const queue = await inbox.startQueue(apply);
    const target = await inbox.shop();
    const input = {
      shopId: target.shopId,
      channelId: target.channelId,
      source: `shopify:${target.domain}`,
      eventId: "same-event",
      topic: "orders/create",
      payload: shopifyFixtureText("orders-create"),
    };
    const first = await receiveInboxEvent(t.db, queue, input, { retry: TEST_RETRY });
    const second = await receiveInboxEvent(t.db, queue, input, { retry: TEST_RETRY });
    expect(second).toEqual({ inboxEventId: first.inboxEventId, duplicate: true });
    await inbox.waitFor(first.inboxEventId, "done");
    await queue.drain();
    expect(await t.db.inboxEvent.count({ where: { source: input.source } })).toBe(1);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it("keeps the event when queueing fails, for the recovery sweep", async () => {
    const queue = await inbox.startQueue(applied(), { start: false });
    vi.spyOn(queue, "enqueueMany").mockRejectedValueOnce(new Error("Redis is down"));
    const { inboxEventId } = await inbox.receive(await inbox.shop(), "orders/create", "{}");
    expect((await inbox.row(inboxEventId)).status).toBe("pending");
  });

  it("acknowledges and ignores a topic no connector reads", async () => {
    const apply = applied();
    await inbox.startQueue(apply);
    const { inboxEventId } = await inbox.receive(await inbox.shop(), "collections/update", '{"id":1}');
    const ignored = await inbox.waitFor(inboxEventId, "ignored");
    expect(ignored.processedAt).toBeInstanceOf(Date);
    expect(apply).not.toHaveBeenCalled();
  });

  it("quarantines a body that is not JSON at once, with a reason that does not quote it", async () => {
    const apply = applied();
    await inbox.startQueue(apply);
    const { inboxEventId } = await inbox.receive(
      await inbox.shop(),
      "orders/create",
      '{"email":"mira@example.com" oops',
    );
    const quarantined = await inbox.waitFor(inboxEventId, "quarantined");
    expect(quarantined.lastError).toBe("payload is not valid JSON (at character 28)");
    expect(quarantined.attempts).toBe(1);
    expect(apply).not.toHaveBeenCalled();
  });

  it.each([
    ["a negative quantity", -1, "invalid payload: line_items.0.quantity: must not be negative"],
    ["a fractional quantity", 1.5, "invalid payload: line_items.0.quantity: must be a whole number"],
  ])("quarantines a payload with %s at once, naming the field", async (_case, quantity, reason) => {
    const apply = applied();
    await inbox.startQueue(apply);
    const payload = JSON.parse(shopifyFixtureText("orders-create")) as { line_items: Array<{ quantity: number }> };
    payload.line_items[0]!.quantity = quantity;
    const { inboxEventId } = await inbox.receive(await inbox.shop(), "orders/create", JSON.stringify(payload));
    const quarantined = await inbox.waitFor(inboxEventId, "quarantined");
    expect(quarantined).toMatchObject({ lastError: reason, attempts: 1 });
    expect(apply).not.toHaveBeenCalled();
  });

  it("retries a failing event with backoff, then quarantines it with its error after the last attempt", async () => {
    const apply = vi.fn<ApplyChannelEvent>(async () => {
      throw new Error("order 5512003100001 is not imported yet");
    });
    await inbox.startQueue(apply);
    const body = shopifyFixtureText("orders-create");
    const { inboxEventId } = await inbox.receive(await inbox.shop(), "orders/create", body);
    const quarantined = await inbox.waitFor(inboxEventId, "quarantined");
    expect(quarantined).toMatchObject({
      attempts: TEST_RETRY.attempts,
      lastError: "order 5512003100001 is not imported yet",
      nextAttemptAt: null,
      processedAt: null,
    });
    expect(apply).toHaveBeenCalledTimes(TEST_RETRY.attempts);
    // Nothing is dropped: the body is still there for a replay.
    expect(quarantined.payload).toBe(body);
  });

  it("records a failed attempt and its next due time, then succeeds on the retry", async () => {
    const target = await inbox.shop();
    const event = await inbox.store(target, { topic: "refunds/create", payload: shopifyFixtureText("refunds-create") });
    const failing = vi.fn<ApplyChannelEvent>(async () => {
      throw new Error("database is busy");
    });
    const now = new Date("2026-03-05T20:00:00Z");
    const options = { apply: failing, retry: { attempts: 6, backoffMs: 2_000 }, logger: silentLogger, now: () => now };
    await expect(processInboxEvent(t.db, event.id, options)).rejects.toThrow("database is busy");
    await expect(processInboxEvent(t.db, event.id, options)).rejects.toThrow("database is busy");
    expect(await inbox.row(event.id)).toMatchObject({
      status: "pending",
      attempts: 2,
      lastError: "database is busy",
      nextAttemptAt: new Date(now.getTime() + 4_000),
    });

    const apply = applied();
    expect(await processInboxEvent(t.db, event.id, { ...options, apply })).toMatchObject({ status: "done" });
    expect(await inbox.row(event.id)).toMatchObject({
      status: "done",
      attempts: 2,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(apply.mock.calls[0]?.[2]).toMatchObject({ type: "refund.created", amountMinor: 3698 });
  });

  it("quarantines an event whose channel is gone", async () => {
    await inbox.startQueue(applied());
    const target = await inbox.shop();
    const { inboxEventId } = await inbox.receive(
      { ...target, channelId: "deleted-channel" },
      "orders/create",
      shopifyFixtureText("orders-create"),
    );
    const quarantined = await inbox.waitFor(inboxEventId, "quarantined");
    expect(quarantined.lastError).toBe("channel deleted-channel no longer exists");
  });

  it("skips an event that is already done, ignored or quarantined, or that does not exist", async () => {
    const apply = applied();
    const target = await inbox.shop();
    for (const status of ["done", "ignored", "quarantined"]) {
      const event = await inbox.store(target, { status });
      expect(await processInboxEvent(t.db, event.id, { apply, logger: silentLogger })).toEqual({
        status: "skipped",
        reason: `already ${status}`,
      });
    }
    const missing = await processInboxEvent(t.db, "no-such-id", { apply, logger: silentLogger });
    expect(missing).toMatchObject({ status: "skipped" });
    expect(apply).not.toHaveBeenCalled();
  });
});
