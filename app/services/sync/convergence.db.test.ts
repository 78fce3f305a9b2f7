import { writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WOO_LOCATION } from "../../../connectors/woocommerce/parse-product";
import { pollUntil, sleep } from "../../../jobs/timing";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent } from "../ledger/apply-channel-event.server";
import { recordMovements } from "../ledger/record-movements.server";
import {
  expectedBySku,
  quiet,
  startEngine,
  startSims,
  statesOf,
  twoChannelShop,
  type Tapped,
  type TwoChannelShop,
} from "./convergence-support";
import { enqueuePush } from "./jobs.server";
import { PUSH_MAX_ATTEMPTS, retryDeadPushes } from "./push.server";

// The sync engine end to end under faults: the real Shopify and WooCommerce pushers and clients, the real sync jobs,
// and simulated stores that answer 30% of calls with a 429 (Retry-After), a 5xx, THROTTLED (Shopify), a dropped
// connection or a request that hangs past the client's timeout (half of those carried out first). Stock moves and
// both stores sell while pushes are failing; once the engine is quiet every store shows the ledger's sellable
// quantity for every listing, and no push was lost or parked.

const COUNT = 300;
const BATCH = "/wp-json/wc/v3/products/batch";

describe("the sync engine under faults", () => {
  let t: TestDb;
  const sims = startSims();
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterEach(() => {
    sims.shopify.faults.clear();
    sims.woo.faults.clear();
  });
  afterAll(async () => {
    sims.server.close();
    await t.drop();
  });

  // Some 20 s on an idle machine; the timeout leaves room for a loaded one.
  it("converges on both channels under 30% faults without losing a push", { timeout: 90_000 }, async () => {
    const target = await twoChannelShop(t.db, sims, {
      count: COUNT,
      stock: 20,
      name: "converge",
      wooSettings: { safetyStock: 1 },
    });
    const engine = await startEngine(t.db, { shopify: [target.shopifyStore], woo: [target.wooStore] });
    const [shopifyBefore, wooBefore] = [sims.shopify.requests.length, sims.woo.requests.length];
    const faults = { retryAfterSeconds: 1, hangMs: 2_000, seed: 6 };
    sims.shopify.faults.set({
      rate429: 0.08,
      rate5xx: 0.08,
      rateThrottled: 0.07,
      rateNetwork: 0.03,
      rateTimeout: 0.04,
      ...faults,
    });
    sims.woo.faults.set({ rate429: 0.1, rate5xx: 0.1, rateNetwork: 0.05, rateTimeout: 0.05, ...faults });
    // Each kind at least once whatever the draws: the first calls meet one of each, a lost write among them.
    const timeout = { kind: "timeout", afterExecution: true, hangMs: 2_000 } as const;
    sims.shopify.faults.queue(
      { kind: "http5xx", status: 503 },
      timeout,
      { kind: "http429", retryAfterSeconds: 1 },
      { kind: "throttled" },
      { kind: "network" },
    );
    sims.woo.faults.queue(
      { kind: "http429", retryAfterSeconds: 1 },
      timeout,
      { kind: "http5xx", status: 503 },
      { kind: "network" },
    );

    const started = Date.now();
    try {
      for (let round = 0; round < 4; round++) {
        await moveStock(target, round);
        // Pushes are still failing and retrying when the next changes come.
        await sleep(250);
      }
      await quiet(t.db, engine.queue, target.shop.id);
    } finally {
      await engine.stop();
    }
    const convergedMs = Date.now() - started;

    expect(await outcomeOf(target.shopifyChannel.id)).toEqual({ states: { ok: COUNT }, errors: [] });
    expect(await outcomeOf(target.wooChannel.id)).toEqual({ states: { ok: COUNT }, errors: [] });
    await expectStoresShowLedger(target);

    const shopifyCalls = sims.shopify.requests.slice(shopifyBefore);
    const wooCalls = sims.woo.requests.slice(wooBefore);
    const shopifyFaults = shopifyCalls.filter((call) => call.status !== 200 || call.throttled);
    const wooFaults = wooCalls.filter((call) => call.status === 0 || call.status >= 429);
    // The faults did strike, and often: each store saw all of its kinds.
    expect(new Set(shopifyFaults.map((call) => (call.throttled ? "THROTTLED" : call.status)))).toEqual(
      new Set([0, 429, 503, "THROTTLED"]),
    );
    expect(new Set(wooFaults.map((call) => call.status))).toEqual(new Set([0, 429, 503]));
    // Every call sent again after a 429 waited out its Retry-After (client.test.ts checks the exact waits).
    const retryAfter = await retriesAfter429(sims.tapped.filter((call) => call.startedAt >= started));
    expect(retryAfter.early).toEqual([]);
    expect(retryAfter.checked).toBeGreaterThanOrEqual(2);

    // CONVERGENCE_REPORT=<file> keeps the run's figures.
    if (process.env.CONVERGENCE_REPORT) {
      const report = {
        convergedMs,
        shopify: {
          calls: shopifyCalls.length,
          faults: shopifyFaults.length,
          clientRetries: engine.stats.shopify.retries,
        },
        woo: { calls: wooCalls.length, faults: wooFaults.length, pusherThrottleWaits: engine.stats.woo.throttleWaits },
        pushesWithFailures: engine.stats.engine.incompletePushes,
        retriesAfter429: retryAfter.checked,
      };
      writeFileSync(process.env.CONVERGENCE_REPORT, JSON.stringify(report, null, 2));
    }
  });

  it(
    "parks a push the store keeps failing as dead, with its error, until its retry converges",
    { timeout: 60_000 },
    async () => {
      const target = await twoChannelShop(t.db, sims, { count: 20, stock: 5, name: "dead-letter" });
      const engine = await startEngine(t.db, { shopify: [target.shopifyStore], woo: [target.wooStore] });
      try {
        // The WooCommerce store's host fails every call; Shopify is fine.
        sims.woo.faults.set({ rate5xx: 1 });
        await receiveAll(target, 3, "dead-letter");
        await quiet(t.db, engine.queue, target.shop.id);

        expect(await statesOf(t.db, target.shopifyChannel.id)).toEqual({ ok: 20 });
        expect(await statesOf(t.db, target.wooChannel.id)).toEqual({ dead: 20 });
        const parked = await t.db.channelListing.findMany({ where: { channelId: target.wooChannel.id } });
        for (const listing of parked) {
          expect(listing).toMatchObject({ pushAttempts: PUSH_MAX_ATTEMPTS, nextPushAt: null, desiredQty: 8 });
          expect(listing.lastError).toMatch(/WooCommerce did not take the stock update: .*HTTP 503/);
        }
        // One batch call per attempt, and nothing once parked.
        expect(target.wooStore.countRequests("POST", BATCH)).toBe(PUSH_MAX_ATTEMPTS);
        expect(target.wooStore.stock(target.skus[0]!).stock_quantity).toBe(5);

        // The store is back; the dead-letter list's retry action queues them again.
        sims.woo.faults.clear();
        expect(await retryDeadPushes(t.db, target.shop.id, target.wooChannel.id)).toBe(20);
        await enqueuePush(engine.queue, target.wooChannel.id);
        await quiet(t.db, engine.queue, target.shop.id);
      } finally {
        await engine.stop();
      }
      expect(await statesOf(t.db, target.wooChannel.id)).toEqual({ ok: 20 });
      expect(target.wooStore.countRequests("POST", BATCH)).toBe(PUSH_MAX_ATTEMPTS + 1);
      await expectStoresShowLedger(target);
    },
  );

  it(
    "pushes again after a lost write even when the stock goes back to what was pushed before",
    { timeout: 60_000 },
    async () => {
      const target = await twoChannelShop(t.db, sims, { count: 5, stock: 5, name: "lost-write" });
      // Long enough a backoff that the stock goes back before the failed push is retried.
      const engine = await startEngine(
        t.db,
        { shopify: [target.shopifyStore], woo: [target.wooStore] },
        { pushBackoffMs: 1_500 },
      );
      try {
        // WooCommerce carries out the batch, but the answer never comes.
        sims.woo.faults.queue({ kind: "timeout", afterExecution: true, hangMs: 2_000, path: BATCH });
        await receiveAll(target, 3, "lost-up");
        await pollUntil(async () => (await statesOf(t.db, target.wooChannel.id)).failed === 5, {
          timeoutMs: 10_000,
          describe: () => "the push to fail",
        });
        expect(target.wooStore.stock(target.skus[0]!).stock_quantity).toBe(8);
        await receiveAll(target, -3, "lost-down");
        await quiet(t.db, engine.queue, target.shop.id);
      } finally {
        await engine.stop();
      }
      await expectStoresShowLedger(target);
    },
  );

  /** A channel's listings by state, and the errors of those not in sync (to say why, should any be left). */
  async function outcomeOf(channelId: string) {
    const failing = await t.db.channelListing.findMany({
      where: { channelId, lastError: { not: null } },
      distinct: ["lastError"],
      select: { lastError: true },
    });
    return { states: await statesOf(t.db, channelId), errors: failing.map((listing) => listing.lastError) };
  }

  /**
   * A round of stock changes on about half the items, and a few sales on each store. A sale reaches the ledger as the
   * store tells it: its order, then the level webhook with the store's new figure.
   */
  async function moveStock(target: TwoChannelShop, round: number) {
    const moved = target.items.filter((_, n) => (n + round) % 3 === 0 || n % 4 === round);
    await recordMovements(
      t.db,
      target.shop.id,
      moved.map((item, n) => ({
        itemId: item.id,
        locationId: target.location.id,
        kind: round % 2 === 0 ? ("receipt" as const) : ("adjustment" as const),
        onHandDelta: round % 2 === 0 ? 1 + ((n + round) % 5) : -1 - (n % 3),
        committedDelta: 0,
        source: "test",
        idempotencyKey: `round:${round}:${item.id}`,
      })),
    );
    for (let sale = 0; sale < 3; sale++) {
      const shopifySku = target.skus[(round * 37 + sale * 11) % COUNT]!;
      const shopifyOrder = await target.shopifyStore.placeOrder({ lines: [{ sku: shopifySku, quantity: 1 }] });
      await sold(target.shopifyChannel, String(shopifyOrder.id), shopifySku, 1, {
        externalInventoryItemId: target.inventoryItemIds.get(shopifySku)!,
        locationExternalId: String(target.shopifyStore.location("Warehouse").id),
        available: target.shopifyStore.levels(shopifySku).Warehouse!.available,
      });
      const wooSku = target.skus[(round * 53 + sale * 17 + 5) % COUNT]!;
      const wooOrder = target.wooStore.placeOrder({ lines: [{ sku: wooSku, quantity: 2 }] });
      await sold(target.wooChannel, `woo-${wooOrder.id}`, wooSku, 2, {
        externalInventoryItemId: target.wooRefs.get(wooSku)!,
        locationExternalId: WOO_LOCATION,
        available: target.wooStore.stock(wooSku).stock_quantity!,
      });
    }
  }

  async function sold(
    channel: TwoChannelShop["wooChannel"],
    orderId: string,
    sku: string,
    quantity: number,
    level: { externalInventoryItemId: string; locationExternalId: string; available: number },
  ) {
    const context = { source: "test" };
    await applyChannelEvent(
      t.db,
      channel,
      { type: "order.upserted", order: snapshot(orderId, 1, [{ sku, quantity }]) },
      context,
    );
    await applyChannelEvent(
      t.db,
      channel,
      { type: "inventory_level.changed", ...level, updatedAt: new Date() },
      context,
    );
  }

  async function receiveAll(target: TwoChannelShop, units: number, key: string) {
    await recordMovements(
      t.db,
      target.shop.id,
      target.items.map((item) => ({
        itemId: item.id,
        locationId: target.location.id,
        kind: units > 0 ? ("receipt" as const) : ("adjustment" as const),
        onHandDelta: units,
        committedDelta: 0,
        source: "test",
        idempotencyKey: `${key}:${item.id}`,
      })),
    );
  }

  /** Every listing wants the ledger's sellable quantity, and each store shows exactly that. */
  async function expectStoresShowLedger(target: TwoChannelShop) {
    const expected = await expectedBySku(t.db, target);
    const listings = await t.db.channelListing.findMany({
      where: { shopId: target.shop.id },
      select: { channelId: true, desiredQty: true, item: { select: { sku: true } } },
    });
    const mismatches: string[] = [];
    for (const listing of listings) {
      const sku = listing.item.sku;
      const want = expected.get(sku)!;
      if (listing.channelId === target.shopifyChannel.id) {
        // Shopify sells from the sum of its locations.
        const shows = Object.values(target.shopifyStore.levels(sku)).reduce((sum, level) => sum + level.available, 0);
        if (listing.desiredQty !== want.shopify || shows !== want.shopify)
          mismatches.push(`shopify ${sku}: ledger ${want.shopify}, desired ${listing.desiredQty}, store ${shows}`);
      } else {
        const shows = target.wooStore.stock(sku).stock_quantity;
        if (listing.desiredQty !== want.woo || shows !== want.woo)
          mismatches.push(`woocommerce ${sku}: ledger ${want.woo}, desired ${listing.desiredQty}, store ${shows}`);
      }
    }
    expect(mismatches).toEqual([]);
  }
});

/**
 * Calls sent again (the same host and body) after a 429, and those sent sooner than its Retry-After allowed. Timers
 * may fire a millisecond early, hence the tolerance.
 */
async function retriesAfter429(tapped: Tapped[]): Promise<{ checked: number; early: string[] }> {
  const bodies = await Promise.all(tapped.map((call) => call.body));
  const early: string[] = [];
  let checked = 0;
  tapped.forEach((call, index) => {
    if (call.status !== 429 || !call.retryAfter || call.endedAt === undefined) return;
    const waitMs = Number(call.retryAfter) * 1000;
    const again = tapped.findIndex(
      (later, laterIndex) =>
        laterIndex > index &&
        later.host === call.host &&
        later.path === call.path &&
        bodies[laterIndex] === bodies[index],
    );
    if (again < 0) return;
    checked += 1;
    const gap = tapped[again]!.startedAt - call.endedAt;
    if (gap < waitMs - 5)
      early.push(`${call.host}${call.path}: sent again ${gap} ms after a 429 asking for ${waitMs} ms`);
  });
  return { checked, early };
}
