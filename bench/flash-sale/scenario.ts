// The sale, drawn from the seed before anything runs, so every run gets the same catalogue and the same shoppers:
// each SKU's physical pool (the only stock there is, shared by both channels), and every order's arrival time
// (Poisson: exponential gaps at the given rate), channel (either, evenly) and lines (1 to 3 distinct SKUs, picked by a
// Zipf popularity over a shuffled catalogue, 1 unit each or now and then 2).
import type { ChannelKind } from "../sync/call-log.ts";
import type { FlashSaleSettings } from "./settings.ts";

export type CatalogItem = { sku: string; stock: number };
export type PlannedLine = { sku: string; quantity: number };
export type PlannedOrder = { index: number; atMs: number; channel: ChannelKind; lines: PlannedLine[] };
export type Scenario = { catalog: CatalogItem[]; orders: PlannedOrder[]; totalStock: number };

/** A small seeded generator (a 32-bit counter through an integer hash): the same numbers from the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
    x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
    return ((x ^ (x >>> 15)) >>> 0) / 4294967296;
  };
}

export const flashSku = (index: number) => `FLASH-${String(index + 1).padStart(3, "0")}`;

/** Picks index k (0-based) with weight 1 / (k + 1)^skew. */
function zipf(count: number, skew: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < count; k += 1) cumulative.push((total += 1 / (k + 1) ** skew));
  return () => {
    const target = random() * total;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

export function buildScenario(settings: FlashSaleSettings): Scenario {
  const random = seededRandom(settings.seed);
  const { min, max } = settings.stock;
  const catalog = Array.from({ length: settings.skus }, (_, index) => ({
    sku: flashSku(index),
    stock: min + Math.floor(random() * (max - min + 1)),
  }));
  // Popularity is not the catalogue order: rank r is a shuffled SKU.
  const ranked = catalog.map((item) => item.sku);
  for (let index = ranked.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [ranked[index], ranked[other]] = [ranked[other]!, ranked[index]!];
  }
  const pick = zipf(ranked.length, settings.skew, random);
  const orders: PlannedOrder[] = [];
  let atMs = 0;
  for (;;) {
    atMs += (-Math.log(1 - random()) / settings.rate) * 1000;
    if (atMs >= settings.durationMs) break;
    const channel: ChannelKind = random() < 0.5 ? "shopify" : "woocommerce";
    const lineCount = 1 + Math.floor(random() * 3);
    const lines: PlannedLine[] = [];
    for (let attempt = 0; lines.length < lineCount && attempt < 20; attempt += 1) {
      const sku = ranked[pick()]!;
      if (lines.some((line) => line.sku === sku)) continue;
      lines.push({ sku, quantity: random() < 0.15 ? 2 : 1 });
    }
    orders.push({ index: orders.length, atMs, channel, lines });
  }
  return { catalog, orders, totalStock: catalog.reduce((sum, item) => sum + item.stock, 0) };
}
