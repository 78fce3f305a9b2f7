// (a) Propagation: an order placed on one store, one at a time at a steady rate, each for a random SKU; timed from
// the placement until the other store receives a stock write that sets that SKU to the figure the order leaves (or
// lower). Both stores run in this process, so placement and arrival are read from the same clock.
import { performance } from "node:perf_hooks";
import { summarize, type LatencySummary } from "../lib/stats.ts";
import { sleep } from "../lib/sleep.ts";
import type { ChannelKind, StockWrite } from "./call-log.ts";
import type { SyncSettings } from "./settings.ts";
import type { Stores } from "./stores.ts";
import { seededRandom } from "../../app/seeded-random.ts";

export type Direction = { from: ChannelKind; to: ChannelKind };

export const DIRECTIONS: Direction[] = [
  { from: "shopify", to: "woocommerce" },
  { from: "woocommerce", to: "shopify" },
];

export const directionLabel = (direction: Direction) =>
  `${direction.from === "shopify" ? "Shopify" : "WooCommerce"} order -> ${direction.to === "shopify" ? "Shopify" : "WooCommerce"}`;

type Placement = {
  sku: string;
  /** The target store's id for the SKU's stock. */
  targetId: string;
  placedAt: number;
  /** The target's figure once this order is counted: a write at or below it carries the order. */
  expectedAtMost: number;
  arrivedAt?: number;
  error?: string;
};

export type PropagationRun = {
  direction: Direction;
  orders: number;
  arrived: number;
  /** Orders whose stock never reached the other store within the timeout (or could not be placed). */
  missing: { sku: string; placedAtMs: number; error?: string }[];
  /** Milliseconds, arrivals only. */
  latency: LatencySummary;
  /** How late the generator placed orders (ms): a large figure means this process, not the app, fell behind. */
  placementLagMaxMs: number;
  /** Each order: [ms since the run started, propagation ms or null]. */
  timeline: [number, number | null][];
};

export async function measurePropagation(
  stores: Stores,
  direction: Direction,
  settings: SyncSettings,
  run: number,
  appRunning: () => boolean,
): Promise<PropagationRun> {
  const { ordersPerSecond, durationMs, arrivalTimeoutMs } = settings.propagation;
  const count = Math.round((ordersPerSecond * durationMs) / 1000);
  const interval = 1000 / ordersPerSecond;
  const pick = seededRandom(run * 7919 + (direction.from === "shopify" ? 1 : 2));
  const figure = new Map<string, number>();
  const pending = new Map<string, Placement[]>();
  const placements: Placement[] = [];

  const stopWatching = stores.calls.onWrite((write: StockWrite) => {
    if (write.channel !== direction.to) return;
    for (const [id, quantity] of write.quantities) {
      const waiting = pending.get(id);
      if (!waiting) continue;
      for (const placement of waiting) {
        if (placement.arrivedAt === undefined && placement.placedAt <= write.at && quantity <= placement.expectedAtMost)
          placement.arrivedAt = write.at;
      }
      const left = waiting.filter((placement) => placement.arrivedAt === undefined);
      if (left.length > 0) pending.set(id, left);
      else pending.delete(id);
    }
  });

  const place = (placement: Placement) => {
    const lines = [{ sku: placement.sku, quantity: 1 }];
    const failed = (error: unknown) => {
      placement.error = error instanceof Error ? error.message : String(error);
      placement.arrivedAt = undefined;
      const left = (pending.get(placement.targetId) ?? []).filter((other) => other !== placement);
      if (left.length > 0) pending.set(placement.targetId, left);
      else pending.delete(placement.targetId);
    };
    try {
      if (direction.from === "shopify") {
        // Resolves once the store's webhooks for it are delivered; the schedule does not wait for that.
        stores.shopify.placeOrder({ lines, email: "bench@example.com" }).catch(failed);
      } else stores.woo.placeOrder({ lines, email: "bench@example.com" });
    } catch (error) {
      failed(error);
    }
  };

  let placementLagMaxMs = 0;
  const start = performance.now();
  const startedAt = Date.now();
  try {
    for (let index = 0; index < count; index += 1) {
      const due = start + index * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      placementLagMaxMs = Math.max(placementLagMaxMs, performance.now() - due);
      const entry = stores.catalog[Math.floor(pick() * stores.catalog.length)]!;
      const targetId = direction.to === "shopify" ? entry.shopifyItemId : entry.wooProductId;
      const before = figure.get(entry.sku) ?? stores.shows(entry.sku)[direction.to] ?? 0;
      figure.set(entry.sku, before - 1);
      const placement: Placement = { sku: entry.sku, targetId, placedAt: Date.now(), expectedAtMost: before - 1 };
      placements.push(placement);
      pending.set(targetId, [...(pending.get(targetId) ?? []), placement]);
      place(placement);
    }
    const deadline = performance.now() + arrivalTimeoutMs;
    while (pending.size > 0 && performance.now() < deadline && appRunning()) await sleep(100);
  } finally {
    stopWatching();
  }

  const latencies = placements.flatMap((placement) =>
    placement.arrivedAt === undefined ? [] : [placement.arrivedAt - placement.placedAt],
  );
  return {
    direction,
    orders: placements.length,
    arrived: latencies.length,
    missing: placements
      .filter((placement) => placement.arrivedAt === undefined)
      .map((placement) => ({
        sku: placement.sku,
        placedAtMs: placement.placedAt - startedAt,
        ...(placement.error ? { error: placement.error } : {}),
      })),
    latency: summarize(latencies),
    placementLagMaxMs,
    timeline: placements.map((placement) => [
      placement.placedAt - startedAt,
      placement.arrivedAt === undefined ? null : placement.arrivedAt - placement.placedAt,
    ]),
  };
}
