import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { resetConfigForTests } from "../config.server";
import { parseExposition } from "../services/metrics/exposition-test-support";
import { seedSyncStates, type SeededSyncStates } from "../services/sync/status-test-support";
import { loader } from "./metrics";

const TOKEN = "metrics-token-for-tests-0123";

describe("GET /metrics", () => {
  let t: TestDb;
  let queue: JobQueue;
  let seeded: SeededSyncStates;
  const saved = process.env.METRICS_TOKEN;

  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    queue = createInProcessQueue();
    global.channelLedgerQueue = queue;
    seeded = await seedSyncStates(t.db);
    const { shop, shopify, failed } = seeded;
    const inbox = (eventId: string, status: string) =>
      t.db.inboxEvent.create({
        data: { shopId: shop.id, source: "test", eventId, topic: "orders/updated", payload: "{}", status },
      });
    await inbox("1", "done");
    await inbox("2", "done");
    await inbox("3", "quarantined");
    const command = (state: string) =>
      t.db.channelCommand.create({
        data: { shopId: shop.id, channelId: shopify.id, kind: "fulfillment.create", subjectId: "f1", state },
      });
    await command("pending");
    await command("dead");
    await t.db.oversell.createMany({
      data: [
        { shopId: shop.id, itemId: failed.itemId, quantityShort: 2 },
        { shopId: shop.id, itemId: failed.itemId, quantityShort: 1, resolvedAt: new Date() },
      ],
    });
  });

  afterEach(() => {
    if (saved === undefined) delete process.env.METRICS_TOKEN;
    else process.env.METRICS_TOKEN = saved;
    resetConfigForTests();
  });

  afterAll(async () => {
    global.channelLedgerDb = undefined;
    global.channelLedgerQueue = undefined;
    await queue.close();
    await t.drop();
  });

  const get = (token: string | undefined, headers: Record<string, string> = {}) => {
    if (token === undefined) delete process.env.METRICS_TOKEN;
    else process.env.METRICS_TOKEN = token;
    resetConfigForTests();
    return loader({ request: new Request("http://localhost/metrics", { headers }), params: {}, context: {} });
  };

  it("does not exist while METRICS_TOKEN is unset, whatever the request carries", async () => {
    for (const headers of [{}, { Authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
      const response = await get(undefined, headers);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe("Not Found");
    }
  });

  it("answers 401 without the token or with another", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: "Bearer not-the-token-at-all" },
      { Authorization: `Basic ${TOKEN}` },
    ];
    for (const headers of attempts) {
      const response = await get(TOKEN, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("WWW-Authenticate")).toBe('Bearer realm="metrics"');
      expect(await response.text()).not.toContain("channelledger");
    }
  });

  it("serves every metric in the exposition format, with HELP and TYPE", async () => {
    const response = await get(TOKEN, { Authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const parsed = parseExposition(await response.text());
    for (const name of [
      "channelledger_listings",
      "channelledger_push_last_success_timestamp_seconds",
      "channelledger_push_lag_seconds",
      "channelledger_drift_total",
      "channelledger_inbox_events",
      "channelledger_channel_commands",
      "channelledger_oversells_open",
      "channelledger_job_queue_jobs",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(parsed.types.has(name), name).toBe(true);
      expect(parsed.help.get(name), name).toBeTruthy();
    }
    expect(parsed.types.get("channelledger_drift_total")).toBe("counter");
    expect(parsed.find("process_resident_memory_bytes")[0]!.value).toBeGreaterThan(0);
  });

  it("reflects the database across every shop, labelled by channel id only", async () => {
    const text = await (await get(TOKEN, { Authorization: `Bearer ${TOKEN}` })).text();
    const parsed = parseExposition(text);
    const value = (name: string, labels: Record<string, string> = {}) => {
      const found = parsed.find(name, labels);
      expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
      return found[0]!.value;
    };
    const { shopify, woo, other, now } = seeded;

    const states = { pending: 1, queued: 1, ok: 2, failed: 1, dead: 2 };
    for (const [state, count] of Object.entries(states)) {
      expect(value("channelledger_listings", { channel: shopify.id, kind: "shopify", state })).toBe(count);
    }
    expect(value("channelledger_listings", { channel: other.channel.id, state: "dead" })).toBe(1);
    expect(value("channelledger_listings", { channel: woo.id, state: "dead" })).toBe(0);

    expect(value("channelledger_push_last_success_timestamp_seconds", { channel: woo.id })).toBe(
      (now.getTime() - 5 * 60_000) / 1000,
    );
    expect(parsed.find("channelledger_push_last_success_timestamp_seconds", { channel: other.channel.id })).toEqual([]);
    // The queued listing has waited ten minutes (plus the test's own time).
    const lag = value("channelledger_push_lag_seconds", { channel: shopify.id });
    expect(lag).toBeGreaterThanOrEqual(600);
    expect(lag).toBeLessThan(660);
    expect(value("channelledger_push_lag_seconds", { channel: woo.id })).toBe(0);

    // Every drift row counts, not only the last day's.
    expect(value("channelledger_drift_total", { channel: shopify.id, cause: "channel_edit", action: "set_back" })).toBe(
      5,
    );
    expect(value("channelledger_drift_total", { channel: shopify.id, cause: "reconcile", action: "imported" })).toBe(2);
    expect(value("channelledger_drift_total", { channel: other.channel.id, cause: "channel_edit" })).toBe(1);

    expect(value("channelledger_inbox_events", { status: "done" })).toBe(2);
    expect(value("channelledger_inbox_events", { status: "quarantined" })).toBe(1);
    expect(value("channelledger_inbox_events", { status: "pending" })).toBe(0);
    expect(value("channelledger_channel_commands", { state: "pending" })).toBe(1);
    expect(value("channelledger_channel_commands", { state: "dead" })).toBe(1);
    expect(value("channelledger_oversells_open")).toBe(1);
    expect(value("channelledger_job_queue_jobs", { driver: "in-process", state: "waiting" })).toBe(0);

    // Shop names, SKUs and error texts stay out of the labels.
    expect(text).not.toContain("Test shop");
    expect(text).not.toContain("DEAD-NEW");
    expect(text).not.toContain("Too Many Requests");
  });
});
