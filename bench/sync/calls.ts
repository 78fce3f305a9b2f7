// (b) API calls per 1,000 listing changes: with the engine quiet, the stock of 1,000 items moves at once and every
// request each store then gets until the engine is quiet again is counted. 999 receipts go into the ledger in one
// transaction through the benchmark's own database client (as bench/ledger/seed.ts does), which marks their listings
// pending; the 1,000th is a receipt through the REST API, whose in-process stock-change signal makes the app plan
// the shop at once (everything pending included) instead of at its next sweep (every 30 s).
import { performance } from "node:perf_hooks";
import { recordMovements } from "../../app/services/ledger/record-movements.server.ts";
import { type CallCounts } from "./call-log.ts";
import { checkConvergence, describeState, waitForQuiet, type Convergence } from "./quiet.ts";
import { lowerBound, type SyncSettings } from "./settings.ts";
import type { World } from "./world.ts";

export type CallsRun = {
  listings: number;
  counts: CallCounts;
  lowerBound: { shopify: number; woocommerce: number };
  /** From the change until the last stock write arrived, and until the engine was quiet. */
  lastWriteMs: number;
  quietMs: number;
  quiet: boolean;
  convergence: Convergence;
  /** Every stock write: [ms after the change, channel, quantities]. */
  timeline: [number, string, number][];
  /** Drift records the app wrote meanwhile (a store showing other than what the ledger expected), by kind. */
  drift: Record<string, number>;
};

export async function measureCalls(world: World, settings: SyncSettings, run: number): Promise<CallsRun> {
  const { db, shopId, stores } = world;
  const { listings, delta } = settings.calls;
  const skus = stores.catalog.slice(0, listings).map((entry) => entry.sku);
  // The whole shop's items (a thousand or so): an IN list that long passes SQLite's parameter limit.
  const items = await db.inventoryItem.findMany({ where: { shopId }, select: { id: true, sku: true } });
  const idOf = new Map(items.map((item) => [item.sku, item.id]));
  const missing = skus.filter((sku) => !idOf.has(sku));
  if (missing.length > 0) throw new Error(`(b): ${missing.length} SKUs have no inventory item (e.g. ${missing[0]})`);
  const last = skus.at(-1)!;

  const from = Date.now();
  const start = performance.now();
  await recordMovements(
    db,
    shopId,
    skus.slice(0, -1).map((sku) => ({
      itemId: idOf.get(sku)!,
      locationId: world.locationId,
      kind: "receipt" as const,
      onHandDelta: delta,
      committedDelta: 0,
      source: "system",
      reason: "Sync benchmark: 1,000 listings change at once",
      idempotencyKey: `bench-sync-calls:${run}:${sku}`,
    })),
  );
  const response = await fetch(`${world.app.url}/api/v1/inventory/adjustments`, {
    method: "POST",
    headers: { Authorization: `Bearer ${world.apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      sku: last,
      location_id: world.locationId,
      delta,
      reason: "Sync benchmark: the last of 1,000",
    }),
  });
  const answer = await response.text();
  if (response.status !== 201) throw new Error(`(b): the REST adjustment answered ${response.status}: ${answer}`);

  const quiet = await waitForQuiet(db, shopId, stores, settings.quietTimeoutMs);
  const quietMs = performance.now() - start;
  if (!quiet.quiet)
    console.log(
      `  ! (b) the engine was not quiet after ${settings.quietTimeoutMs / 1000} s: ${describeState(quiet.state)}`,
    );
  const counts = stores.calls.counts(from);
  const drifts = await db.syncDrift.groupBy({
    by: ["channelId", "cause", "action"],
    where: { shopId, createdAt: { gte: new Date(from) } },
    _count: { _all: true },
  });
  const kindOf = (channelId: string) => (channelId === world.channels.shopify ? "shopify" : "woocommerce");
  const drift = Object.fromEntries(
    drifts.map((row) => [`${kindOf(row.channelId)} ${row.cause} ${row.action}`, row._count._all]),
  );
  const lastWrite = Math.max(0, ...stores.calls.writes.filter((write) => write.at >= from).map((write) => write.at));
  return {
    listings,
    counts,
    lowerBound: { shopify: lowerBound.shopify(listings), woocommerce: lowerBound.woocommerce(listings) },
    lastWriteMs: lastWrite > 0 ? lastWrite - from : Number.NaN,
    quietMs,
    quiet: quiet.quiet,
    convergence: await checkConvergence(db, shopId, world.channels, stores),
    timeline: stores.calls.timeline(from),
    drift,
  };
}
