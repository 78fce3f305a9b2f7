import { randomBytes } from "node:crypto";
import { http } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../../jobs/in-process-queue.ts";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startWooSimMsw } from "../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../test/sim/woocommerce/sim";
import type { StoreHandle } from "../../../test/sim/woocommerce/store-handle";
import { silentLogger } from "../../../test/support/inbox.ts";
import { encryptSecret } from "../../crypto.server";
import { runWooPoll } from "./poll.server";
import { wooEventKey } from "../../../connectors/woocommerce/event-key";
import { readPollState, savePollState, toWooGmt } from "./poll-state.server";
import { addMugAndTee, WOO_KEYS, wooChannel, wooClientOf, wooStore } from "./test-support";
import { handleWooWebhook } from "./webhook-receive.server";

// The polling safety net against the simulated store over msw: what webhooks lost (never retried, collapsed into one
// delivery per resource) reaches the inbox at the next poll, keyed like a delivery of the same version, so a polled
// copy of a delivered webhook is a duplicate.

const RECEIVER = "https://app.test/webhooks/woocommerce";
const SECRET = "pollTestWebhookSecret42";
const KEY = randomBytes(32);

describe("WooCommerce polling safety net", () => {
  let t: TestDb;
  let now = Date.parse("2026-11-26T08:00:00Z");
  const clock = () => new Date(now);
  const sim = createWooSim({ now: () => now, webhooks: { auto: false } });
  const queue = createInProcessQueue({ logger: silentLogger });
  let receiverStatus = 200;
  const receiver = http.post(`${RECEIVER}/:channelId`, async ({ request, params }) => {
    if (receiverStatus !== 200) return new Response("down", { status: receiverStatus });
    return handleWooWebhook(
      request,
      { channelId: String(params.channelId) },
      {
        db: t.db,
        queue,
        logger: silentLogger,
        encryptionKey: KEY,
      },
    );
  });
  const server = startWooSimMsw(sim, { onUnhandledRequest: "error", extraHandlers: [receiver] });

  beforeAll(async () => {
    t = await createTestDb();
  });
  beforeEach(() => {
    receiverStatus = 200;
    now += 60 * 60 * 1000;
  });
  afterAll(async () => {
    server.close();
    await queue.close();
    await t.drop();
  });

  /** A store with a mug and a two-size tee, a ledger channel for it whose poll starts now, and its webhooks. */
  async function polledStore() {
    const store = wooStore(sim, "poll");
    addMugAndTee(store);
    const target = await wooChannel(t.db, store);
    await t.db.channel.update({
      where: { id: target.channel.id },
      data: { webhookSecret: encryptSecret(SECRET, KEY) },
    });
    for (const topic of ["order.created", "order.updated", "product.updated"]) {
      await store.addWebhook({ topic, delivery_url: `${RECEIVER}/${target.channel.id}`, secret: SECRET, ping: false });
    }
    await savePollState(t.db, target.channel.id, {
      ordersAfter: toWooGmt(clock()),
      productsAfter: toWooGmt(clock()),
      lastRunAt: null,
      lastError: null,
    });
    now += 5 * 60 * 1000;
    const poll = () =>
      runWooPoll(t.db, target.channel.id, { client: wooClientOf(store), queue, now: clock, catalogWaitMs: 0 });
    const inbox = () =>
      t.db.inboxEvent.findMany({ where: { channelId: target.channel.id }, orderBy: { receivedAt: "asc" } });
    return { store, ...target, poll, inbox };
  }

  /** The inbox key a delivery of this body gets: the resource's version. */
  const versionOf = (body: object, resource: string) => {
    const { id, date_modified_gmt } = body as { id: number; date_modified_gmt: string };
    return `${resource}:${id}:${date_modified_gmt}`;
  };
  const modifiedOf = (body: object) => (body as { date_modified_gmt: string }).date_modified_gmt;

  function orderKeys(store: StoreHandle, ids: number[]) {
    return ids.map((id) => wooEventKey("order.updated", store.order(id))!);
  }

  it("brings in a burst whose webhooks were lost, each record at its latest version", async () => {
    const s = await polledStore();
    receiverStatus = 500;
    const first = s.store.placeOrder({ lines: [{ sku: "MUG", quantity: 2 }] });
    now += 1_000;
    const second = s.store.placeOrder({
      lines: [
        { sku: "MUG", quantity: 1 },
        { sku: "TEE-M", quantity: 1 },
      ],
    });
    now += 1_000;
    s.store.completeOrder(first.id);
    await s.store.flush();
    expect(await s.inbox()).toHaveLength(0);

    const outcome = await s.poll();
    expect(outcome.status).toBe("polled");
    const inbox = await s.inbox();
    const ids = inbox.map((row) => row.eventId);
    expect(ids).toEqual(expect.arrayContaining(orderKeys(s.store, [first.id, second.id])));
    expect(ids).toContain(versionOf(s.store.product("MUG"), "product"));
    expect(ids).toContain(versionOf(s.store.variation("TEE-M"), "product"));
    const mugEvent = inbox.find((row) => row.eventId === versionOf(s.store.product("MUG"), "product"))!;
    expect(mugEvent).toMatchObject({
      topic: "product.updated",
      source: `woocommerce:${s.channel.id}`,
      status: "pending",
    });
    expect(JSON.parse(mugEvent.payload)).toMatchObject({ sku: "MUG", stock_quantity: 17, type: "simple" });
    const completed = inbox.find((row) => row.eventId === orderKeys(s.store, [first.id])[0])!;
    expect(JSON.parse(completed.payload)).toMatchObject({ id: first.id, status: "completed" });
    const variation = inbox.find((row) => row.eventId === versionOf(s.store.variation("TEE-M"), "product"))!;
    expect(JSON.parse(variation.payload)).toMatchObject({
      type: "variation",
      parent_id: s.store.variation("TEE-M").parent_id,
    });

    // The marks moved to the newest version read; nothing new means only duplicates next time.
    const state = readPollState((await t.db.channel.findUniqueOrThrow({ where: { id: s.channel.id } })).settings)!;
    expect(state).toMatchObject({ ordersAfter: modifiedOf(s.store.order(first.id)), lastError: null });
    now += 30_000;
    const again = await s.poll();
    expect(again).toMatchObject({ status: "polled", orders: { fresh: 0 }, products: { fresh: 0 } });
    expect(await s.inbox()).toHaveLength(inbox.length);
  });

  it("treats a polled copy of a delivered webhook as a duplicate", async () => {
    const s = await polledStore();
    const order = s.store.placeOrder({ lines: [{ sku: "TEE-S", quantity: 2 }] });
    await s.store.flush();
    const delivered = await s.inbox();
    expect(delivered.map((row) => row.eventId)).toEqual(expect.arrayContaining(orderKeys(s.store, [order.id])));
    expect(delivered.every((row) => (row.headers as Record<string, string>)["x-wc-webhook-topic"])).toBe(true);

    const outcome = await s.poll();
    if (outcome.status !== "polled") throw new Error(`expected a poll, got ${outcome.status}`);
    expect(outcome.orders).toMatchObject({ read: 1, fresh: 0, duplicates: 1 });
    // The tee's variations are read with their parent: the one sold came by webhook, the other is new to the inbox.
    expect(outcome.products.duplicates).toBeGreaterThanOrEqual(2);
    const after = await s.inbox();
    expect(after.filter((row) => row.eventId.startsWith("order:"))).toHaveLength(1);
  });

  it("reads a change made in the same second as the mark again (modified_after is exclusive)", async () => {
    const s = await polledStore();
    s.store.placeOrder({ lines: [{ sku: "MUG", quantity: 1 }] });
    await s.poll();
    // Same second as the mark the poll just stored.
    const late = s.store.placeOrder({ lines: [{ sku: "MUG", quantity: 1 }] });
    const next = await s.poll();
    expect(next).toMatchObject({ status: "polled", orders: { fresh: 1 } });
    expect((await s.inbox()).map((row) => row.eventId)).toContain(orderKeys(s.store, [late.id])[0]);
  });

  it("brings in an order trashed on the store, whose deletion webhook names no version", async () => {
    const s = await polledStore();
    const order = s.store.placeOrder({ lines: [{ sku: "MUG", quantity: 1 }] });
    await s.poll();
    now += 60_000;
    const auth = Buffer.from(`${WOO_KEYS.consumerKey}:${WOO_KEYS.consumerSecret}`).toString("base64");
    const trashed = await fetch(`${s.store.url}/wp-json/wc/v3/orders/${order.id}`, {
      method: "DELETE",
      headers: { authorization: `Basic ${auth}` },
    });
    expect(trashed.status).toBe(200);
    const next = await s.poll();
    expect(next).toMatchObject({ status: "polled", orders: { fresh: 1 } });
    const row = (await s.inbox()).find((event) => event.eventId === orderKeys(s.store, [order.id])[0])!;
    expect(JSON.parse(row.payload)).toMatchObject({ id: order.id, status: "trash" });
  });

  it("keeps the marks and records the error when the store fails mid-poll", async () => {
    const s = await polledStore();
    s.store.placeOrder({ lines: [{ sku: "MUG", quantity: 1 }] });
    const before = readPollState((await t.db.channel.findUniqueOrThrow({ where: { id: s.channel.id } })).settings)!;
    sim.faults.queue({ kind: "http5xx", status: 502, path: "/wp-json/wc/v3/orders" });
    await expect(s.poll()).rejects.toThrow(/HTTP 502/);
    const state = readPollState((await t.db.channel.findUniqueOrThrow({ where: { id: s.channel.id } })).settings)!;
    expect(state.ordersAfter).toBe(before.ordersAfter);
    expect(state.lastError).toMatch(/HTTP 502/);
    expect((await s.poll()).status).toBe("polled");
  });

  it("asks for a backfill when the channel was never backfilled", async () => {
    const store = wooStore(sim, "fresh");
    const { channel } = await wooChannel(t.db, store);
    const outcome = await runWooPoll(t.db, channel.id, {
      client: wooClientOf(store),
      queue,
      now: clock,
      catalogWaitMs: 0,
    });
    expect(outcome).toEqual({ status: "needs_backfill" });
    expect(store.countRequests()).toBe(0);
  });
});
