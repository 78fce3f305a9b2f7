// What one run's sale measured, from the benchmark's own records only (never from the app): units and orders
// accepted beyond each SKU's physical pool, when, how long after the last unit sold both channels showed 0, and the
// requests the app made to the stores meanwhile.
import { percentile } from "../lib/stats.ts";
import type { ChannelKind } from "../sync/call-log.ts";
import type { Stores } from "../sync/stores.ts";
import type { SaleLog } from "./sale.ts";
import type { Scenario } from "./scenario.ts";

export type RunFigures = {
  ordersAccepted: number;
  unitsSold: number;
  unitsOversold: number;
  ordersOversold: number;
  oversoldByChannel: Record<ChannelKind, number>;
  /** SKUs whose whole pool sold during the sale. */
  soldOut: number;
  /** From the last unit of a sold-out SKU selling until both channels showed 0, ms; Infinity when they never did. */
  toZero: { p50: number; p95: number; max: number; never: number };
  /** How long after its SKU's last unit sold each oversold unit was accepted, ms. */
  oversoldAfter: { p50: number; p95: number; max: number };
  calls: { total: number; stockWrites: number; byChannel: Record<ChannelKind, number> };
};

export type RunMeasurement = {
  figures: RunFigures;
  /** Cumulative units oversold: [ms after the sale started, units], one point per order that oversold. */
  oversoldTimeline: [number, number][];
  perSku: {
    sku: string;
    pool: number;
    sold: number;
    oversold: number;
    soldOutAtMs: number | null;
    toZeroMs: number | null;
  }[];
  calls: ReturnType<Stores["calls"]["counts"]>;
};

const finite = (value: number) => (Number.isFinite(value) ? value : null);

export function measureRun(scenario: Scenario, log: SaleLog, stores: Stores): RunMeasurement {
  const pool = new Map(scenario.catalog.map((item) => [item.sku, item.stock]));
  const sold = new Map<string, number>();
  const soldOutAt = new Map<string, number>();
  const oversoldBySku = new Map<string, number>();
  const oversoldAfter: number[] = [];
  const oversoldByChannel: Record<ChannelKind, number> = { shopify: 0, woocommerce: 0 };
  const timeline: [number, number][] = [];
  let unitsSold = 0;
  let unitsOversold = 0;
  let ordersOversold = 0;
  for (const order of log.accepted) {
    let over = 0;
    for (const line of order.lines) {
      const limit = pool.get(line.sku) ?? 0;
      const before = sold.get(line.sku) ?? 0;
      const after = before + line.quantity;
      sold.set(line.sku, after);
      unitsSold += line.quantity;
      const lineOver = Math.max(0, after - limit) - Math.max(0, before - limit);
      if (before < limit && after >= limit) soldOutAt.set(line.sku, order.atMs);
      if (lineOver > 0) {
        over += lineOver;
        oversoldBySku.set(line.sku, (oversoldBySku.get(line.sku) ?? 0) + lineOver);
        for (let unit = 0; unit < lineOver; unit += 1) oversoldAfter.push(order.atMs - soldOutAt.get(line.sku)!);
      }
    }
    if (over > 0) {
      unitsOversold += over;
      ordersOversold += 1;
      oversoldByChannel[order.channel] += over;
      timeline.push([order.atMs, unitsOversold]);
    }
  }

  const toZero = new Map<string, number>();
  for (const [sku, at] of soldOutAt) {
    const change = log.bothZero.get(sku)?.find(([changedAt, zero]) => zero && changedAt >= at);
    toZero.set(sku, change ? change[0] - at : Number.POSITIVE_INFINITY);
  }
  const delays = Float64Array.from(toZero.values()).sort();
  const lags = Float64Array.from(oversoldAfter).sort();

  const counts = stores.calls.counts(log.startedAt, log.startedAt + log.watchedUntilMs);
  const others = (kind: ChannelKind) => Object.values(counts.other[kind]).reduce((sum, count) => sum + count, 0);
  const byChannel = {
    shopify: counts.writes.shopify + others("shopify"),
    woocommerce: counts.writes.woocommerce + others("woocommerce"),
  };
  return {
    figures: {
      ordersAccepted: log.accepted.length,
      unitsSold,
      unitsOversold,
      ordersOversold,
      oversoldByChannel,
      soldOut: soldOutAt.size,
      toZero: {
        p50: percentile(delays, 50),
        p95: percentile(delays, 95),
        max: delays.length > 0 ? delays[delays.length - 1]! : Number.NaN,
        never: delays.filter((delay) => !Number.isFinite(delay)).length,
      },
      oversoldAfter: {
        p50: percentile(lags, 50),
        p95: percentile(lags, 95),
        max: lags.length > 0 ? lags[lags.length - 1]! : Number.NaN,
      },
      calls: {
        total: byChannel.shopify + byChannel.woocommerce,
        stockWrites: counts.writes.shopify + counts.writes.woocommerce,
        byChannel,
      },
    },
    oversoldTimeline: timeline,
    perSku: scenario.catalog.map((item) => ({
      sku: item.sku,
      pool: item.stock,
      sold: sold.get(item.sku) ?? 0,
      oversold: oversoldBySku.get(item.sku) ?? 0,
      soldOutAtMs: soldOutAt.get(item.sku) ?? null,
      toZeroMs: toZero.has(item.sku) ? finite(toZero.get(item.sku)!) : null,
    })),
    calls: counts,
  };
}
