// The sale itself: every planned order at its time on its channel. A shopper checks out the cart; the store accepts
// it only if its displayed quantity covers every line (Shopify "deny", WooCommerce without backorders). Refused, the
// shopper drops what the store shows sold out, takes what is left of a line, and checks out once more. The stores
// run in this process, so acceptance is decided synchronously and ordered in time. What both channels show is
// sampled every 25 ms (and after each order) for the time until both show 0.
import { performance } from "node:perf_hooks";
import { placeOrder as placeShopifyOrder } from "../../test/sim/shopify/orders.ts";
import { sleep } from "../lib/sleep.ts";
import type { ChannelKind } from "../sync/call-log.ts";
import type { Stores } from "../sync/stores.ts";
import type { PlannedLine, PlannedOrder, Scenario } from "./scenario.ts";

export type Accepted = { order: number; channel: ChannelKind; atMs: number; lines: PlannedLine[]; retried: boolean };

export type SaleLog = {
  /** Epoch ms of the sale's start: every atMs counts from it. */
  startedAt: number;
  accepted: Accepted[];
  /** Orders no checkout accepted (nothing the shopper wanted was on show any more). */
  unplaced: number;
  /** Checkouts the stores refused (a line beyond what they showed); the shopper then tried once more. */
  refusedCheckouts: Record<ChannelKind, number>;
  /** Per SKU: the moments what both channels show changed between "both 0" and not, [atMs, both 0]. */
  bothZero: Map<string, [number, boolean][]>;
  placementLagMaxMs: number;
  /** When the last order was placed and when watching stopped (ms after the start). */
  endedAtMs: number;
  watchedUntilMs: number;
};

const SAMPLE_MS = 25;

function place(stores: Stores, channel: ChannelKind, lines: PlannedLine[]): boolean {
  try {
    if (channel === "shopify") placeShopifyOrder(stores.shopify.ctx, { lines, email: "shopper@example.com" });
    else stores.woo.placeOrder({ lines, email: "shopper@example.com" });
    return true;
  } catch (error) {
    const name = (error as Error).name;
    if (name === "SimUserError" || name === "StoreError") return false;
    throw error;
  }
}

export async function runSale(
  stores: Stores,
  scenario: Scenario,
  options: { settleMs: number; appRunning: () => boolean },
): Promise<SaleLog> {
  const skus = scenario.catalog.map((item) => item.sku);
  const bothZero = new Map<string, [number, boolean][]>(skus.map((sku) => [sku, []]));
  const shown = (channel: ChannelKind, sku: string) => stores.shows(sku)[channel] ?? 0;
  const startedAt = Date.now();
  const start = performance.now();
  const sample = () => {
    const atMs = performance.now() - start;
    for (const sku of skus) {
      const zero = shown("shopify", sku) <= 0 && shown("woocommerce", sku) <= 0;
      const changes = bothZero.get(sku)!;
      if ((changes.at(-1)?.[1] ?? false) !== zero) changes.push([atMs, zero]);
    }
  };
  const sampler = setInterval(sample, SAMPLE_MS);
  const log: SaleLog = {
    startedAt,
    accepted: [],
    unplaced: 0,
    refusedCheckouts: { shopify: 0, woocommerce: 0 },
    bothZero,
    placementLagMaxMs: 0,
    endedAtMs: 0,
    watchedUntilMs: 0,
  };

  const checkout = (order: PlannedOrder) => {
    const atMs = performance.now() - start;
    if (place(stores, order.channel, order.lines)) {
      log.accepted.push({ order: order.index, channel: order.channel, atMs, lines: order.lines, retried: false });
      return;
    }
    log.refusedCheckouts[order.channel] += 1;
    const left = order.lines.flatMap((line) => {
      const showing = shown(order.channel, line.sku);
      return showing > 0 ? [{ sku: line.sku, quantity: Math.min(line.quantity, showing) }] : [];
    });
    if (left.length > 0 && place(stores, order.channel, left)) {
      log.accepted.push({ order: order.index, channel: order.channel, atMs, lines: left, retried: true });
    } else {
      if (left.length > 0) log.refusedCheckouts[order.channel] += 1;
      log.unplaced += 1;
    }
  };

  try {
    for (const order of scenario.orders) {
      const wait = order.atMs - (performance.now() - start);
      if (wait > 0) await sleep(wait);
      log.placementLagMaxMs = Math.max(log.placementLagMaxMs, performance.now() - start - order.atMs);
      if (!options.appRunning()) throw new Error("the app exited during the sale");
      checkout(order);
      sample();
    }
    log.endedAtMs = performance.now() - start;
    await sleep(options.settleMs);
    await stores.shopifySim.webhooks.flush();
    sample();
    log.watchedUntilMs = performance.now() - start;
  } finally {
    clearInterval(sampler);
  }
  return log;
}
