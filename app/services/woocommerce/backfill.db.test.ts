import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../../jobs/in-process-queue.ts";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startWooSimMsw } from "../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../test/sim/woocommerce/sim";
import { silentLogger } from "../../../test/support/inbox.ts";
import { backfillView, type BackfillView } from "../channels/backfill-view.server";
import { readBackfillProgress } from "../shopify/backfill-progress.server";
import { runWooBackfill } from "./backfill.server";
import { readPollState, toWooGmt } from "./poll-state.server";
import { wooChannel, wooClientOf, wooStore } from "./test-support";

// The backfill against the simulated store over msw: every product (with variations) and the orders of the window
// into the inbox, progress in Channel.settings.backfill as the channels screen reads it, resumable at the page where
// a failure stopped it, and the poll's marks set where it started.

const PRODUCTS = /^\/wp-json\/wc\/v3\/products$/;

describe("WooCommerce backfill", () => {
  let t: TestDb;
  let now = Date.parse("2026-11-26T08:00:00Z");
  const clock = () => new Date(now);
  const sim = createWooSim({ now: () => now, webhooks: { auto: false } });
  const queue = createInProcessQueue({ logger: silentLogger });
  const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });

  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    server.close();
    await queue.close();
    await t.drop();
  });

  /** 230 simple products, a three-size tee, an order from 90 days ago and two recent ones. */
  async function seededStore() {
    const store = wooStore(sim, "backfill");
    for (let n = 0; n < 230; n++) store.addProduct({ name: `Item ${n}`, sku: `ITEM-${n}`, price: "3.00", stock: 50 });
    store.addProduct({
      type: "variable",
      name: "Tee",
      variations: ["S", "M", "L"].map((size) => ({
        sku: `TEE-${size}`,
        price: "19.00",
        stock: 5,
        attributes: { Size: size },
      })),
    });
    const old = store.placeOrder({ lines: [{ sku: "ITEM-1", quantity: 1 }], at: new Date(now - 90 * 86_400_000) });
    now += 60_000;
    const recent = [
      store.placeOrder({ lines: [{ sku: "ITEM-2", quantity: 1 }] }),
      store.placeOrder({ lines: [{ sku: "TEE-L", quantity: 2 }] }),
    ];
    now += 60_000;
    const target = await wooChannel(t.db, store);
    const inbox = () => t.db.inboxEvent.findMany({ where: { channelId: target.channel.id } });
    const settings = async () => (await t.db.channel.findUniqueOrThrow({ where: { id: target.channel.id } })).settings;
    return { store, old, recent, ...target, inbox, settings };
  }

  it("feeds every product, variation and recent order into the inbox, with progress the channels screen shows", async () => {
    const s = await seededStore();
    const views: BackfillView[] = [];
    const progress = await runWooBackfill(t.db, s.channel.id, {
      client: wooClientOf(s.store),
      queue,
      days: 60,
      now: clock,
      catalogWaitMs: 0,
      onPage: async () => {
        views.push(backfillView(await s.settings())!);
      },
    });
    expect(progress).toMatchObject({ status: "done", phase: "done", error: null });
    expect(progress.counts).toMatchObject({ listings: 233, orders: 2, skipped: 0 });

    const inbox = await s.inbox();
    // 231 products, 3 variations, 2 orders; the 90-day-old order is outside the window.
    expect(inbox).toHaveLength(236);
    expect(
      inbox
        .filter((row) => row.topic === "order.updated")
        .map((row) => JSON.parse(row.payload).id)
        .sort(),
    ).toEqual(s.recent.map((order) => order.id).sort());
    expect(new Set(inbox.map((row) => row.eventId)).size).toBe(236);
    expect(inbox.every((row) => (row.headers as Record<string, string>)["x-channelledger-via"] === "backfill")).toBe(
      true,
    );

    // Three product pages (per_page 100), one page of orders, the products again for the opening stock.
    expect(views.map((view) => `${view.label} ${view.percent}`)).toEqual([
      "Reading products and variants 29",
      "Reading products and variants 37",
      "Importing orders 60",
      "Matching stock after the import 80",
      "Matching stock after the import 89",
      "Matching stock after the import 97",
      "Done 100",
    ]);
    const view = backfillView(await s.settings())!;
    expect(view).toMatchObject({ status: "done", percent: 100, days: 60, error: null });
    expect(view.counts).toMatchObject({ listings: 233, orders: 2 });

    // The poll takes over from the moment the backfill started.
    expect(readPollState(await s.settings())).toEqual({
      ordersAfter: toWooGmt(new Date(progress.startedAt)),
      productsAfter: toWooGmt(new Date(progress.startedAt)),
      lastRunAt: null,
      lastError: null,
    });
  });

  it("resumes at the page where a failure stopped it", async () => {
    const s = await seededStore();
    const client = wooClientOf(s.store);
    const failOnPage = async () => {
      // After the first page: the next request for the product list fails.
      sim.faults.queue({ kind: "http5xx", status: 503, path: PRODUCTS });
    };
    await expect(
      runWooBackfill(t.db, s.channel.id, { client, queue, days: 60, now: clock, catalogWaitMs: 0, onPage: failOnPage }),
    ).rejects.toThrow(/HTTP 503/);
    sim.faults.clear();
    const stopped = readBackfillProgress(await s.settings())!;
    expect(stopped).toMatchObject({ status: "failed", phase: "catalog", cursor: "2" });
    expect(backfillView(await s.settings())).toMatchObject({
      status: "failed",
      label: "Stopped while reading products and variants",
    });
    // Page 1 (newest first): the tee with its three variations and 99 items.
    expect(await s.inbox()).toHaveLength(103);

    const done = await runWooBackfill(t.db, s.channel.id, { client, queue, days: 60, now: clock, catalogWaitMs: 0 });
    expect(done).toMatchObject({ status: "done", runId: stopped.runId });
    const pageRequests = (page: string) =>
      s.store.requests.filter((entry) => PRODUCTS.test(entry.path) && entry.query.page === page).length;
    // Page 1 once and page 2 twice for the catalogue, then each once more for the opening stock.
    expect(pageRequests("1")).toBe(2);
    expect(pageRequests("2")).toBe(3);
    expect(await s.inbox()).toHaveLength(236);
  });

  it("feeds the orders once the inbox has applied the catalogue, so their lines find their items", async () => {
    const s = await seededStore();
    let appliedAt = 0;
    const apply = setTimeout(async () => {
      // What the inbox's workers would do: the product events are processed.
      await t.db.inboxEvent.updateMany({ where: { channelId: s.channel.id }, data: { status: "done" } });
      appliedAt = Date.now();
    }, 300);
    await runWooBackfill(t.db, s.channel.id, {
      client: wooClientOf(s.store),
      queue,
      days: 60,
      now: clock,
      catalogWaitMs: 5_000,
    });
    clearTimeout(apply);
    const orders = (await s.inbox()).filter((row) => row.topic === "order.updated");
    expect(orders).toHaveLength(2);
    expect(appliedAt).toBeGreaterThan(0);
    for (const order of orders) expect(order.receivedAt.getTime()).toBeGreaterThanOrEqual(appliedAt - 5);
  });

  it("starts a new run once the last one is done, reading the same records as duplicates", async () => {
    const s = await seededStore();
    const client = wooClientOf(s.store);
    const first = await runWooBackfill(t.db, s.channel.id, { client, queue, days: 60, now: clock, catalogWaitMs: 0 });
    now += 60_000;
    const second = await runWooBackfill(t.db, s.channel.id, { client, queue, days: 120, now: clock, catalogWaitMs: 0 });
    expect(second.runId).not.toBe(first.runId);
    expect(second.counts.orders).toBe(3);
    // Only the older order is new: everything else is a version the inbox has.
    expect(await s.inbox()).toHaveLength(237);
  });
});
