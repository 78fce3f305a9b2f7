// Every request the simulated stores get, as it arrives (the simulators' onRequest hook, in this process): the stock
// writes (Shopify inventorySetQuantities, WooCommerce /products/batch and /variations/batch) with the quantity each
// sets per item, and every other call by name. Timestamps are Date.now() at arrival, the clock placements use too.
import type { ShopifySim } from "../../test/sim/shopify/sim.ts";
import type { WooSim } from "../../test/sim/woocommerce/sim.ts";

export type ChannelKind = "shopify" | "woocommerce";

export type StockWrite = {
  channel: ChannelKind;
  at: number;
  /** External stock id (Shopify inventory item, WooCommerce product or variation, numeric) -> quantity set. */
  quantities: Map<string, number>;
};

export type OtherCall = { channel: ChannelKind; at: number; what: string };

export type CallCounts = {
  writes: Record<ChannelKind, number>;
  /** Listings' quantities those writes carried. */
  quantities: Record<ChannelKind, number>;
  /** Distinct records (items, products) written. */
  records: Record<ChannelKind, number>;
  /** Quantities that set a record to the figure an earlier write in the window had already set it to. */
  repeats: Record<ChannelKind, number>;
  /** Writes carrying exactly the records and figures of an earlier write in the window: the same call sent again. */
  resent: Record<ChannelKind, number>;
  /** For each resent write, how long after the identical earlier one it arrived (ms). */
  resentAfterMs: number[];
  other: Record<ChannelKind, Record<string, number>>;
  lastAt: number;
};

const WOO_BATCH = /^\/wp-json\/wc\/v3\/products(?:\/\d+\/variations)?\/batch$/;
const SHOPIFY_GRAPHQL = /\/graphql\.json$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class CallLog {
  readonly writes: StockWrite[] = [];
  readonly others: OtherCall[] = [];
  /** Stock-write requests whose body could not be read as expected (counted as other calls), the first few kept. */
  readonly unreadable: string[] = [];
  private readonly listeners = new Set<(write: StockWrite) => void>();

  watch(shopify: ShopifySim, woo: WooSim): () => void {
    const stopShopify = shopify.onRequest((request, at) => void this.readShopify(request, at));
    const stopWoo = woo.onRequest((request, at) => void this.readWoo(request, at));
    return () => {
      stopShopify();
      stopWoo();
    };
  }

  /** Called with every stock write as soon as its body has been read. */
  onWrite(listener: (write: StockWrite) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls that arrived at or after `from` (and before `to`, if given). */
  counts(from: number, to = Number.POSITIVE_INFINITY): CallCounts {
    const inWindow = (at: number) => at >= from && at < to;
    const counts: CallCounts = {
      writes: { shopify: 0, woocommerce: 0 },
      quantities: { shopify: 0, woocommerce: 0 },
      records: { shopify: 0, woocommerce: 0 },
      repeats: { shopify: 0, woocommerce: 0 },
      resent: { shopify: 0, woocommerce: 0 },
      resentAfterMs: [],
      other: { shopify: {}, woocommerce: {} },
      lastAt: from,
    };
    const written = { shopify: new Map<string, number>(), woocommerce: new Map<string, number>() };
    const bodies = { shopify: new Map<string, number>(), woocommerce: new Map<string, number>() };
    for (const write of this.writes.filter((entry) => inWindow(entry.at))) {
      const body = [...write.quantities].sort(([a], [b]) => (a < b ? -1 : 1)).join(";");
      const earlier = bodies[write.channel].get(body);
      if (earlier !== undefined) {
        counts.resent[write.channel] += 1;
        counts.resentAfterMs.push(write.at - earlier);
      }
      bodies[write.channel].set(body, write.at);
      counts.writes[write.channel] += 1;
      counts.quantities[write.channel] += write.quantities.size;
      counts.lastAt = Math.max(counts.lastAt, write.at);
      for (const [id, quantity] of write.quantities) {
        if (written[write.channel].get(id) === quantity) counts.repeats[write.channel] += 1;
        written[write.channel].set(id, quantity);
      }
    }
    counts.records = { shopify: written.shopify.size, woocommerce: written.woocommerce.size };
    for (const call of this.others.filter((entry) => inWindow(entry.at))) {
      const named = counts.other[call.channel];
      named[call.what] = (named[call.what] ?? 0) + 1;
      counts.lastAt = Math.max(counts.lastAt, call.at);
    }
    return counts;
  }

  /** The stock writes in a window: [ms after `from`, channel, quantities carried]. */
  timeline(from: number, to = Number.POSITIVE_INFINITY): [number, ChannelKind, number][] {
    return this.writes
      .filter((write) => write.at >= from && write.at < to)
      .map((write) => [write.at - from, write.channel, write.quantities.size]);
  }

  /** When the last request of any kind arrived (0 before any). */
  lastCallAt(): number {
    return Math.max(this.writes.at(-1)?.at ?? 0, this.others.at(-1)?.at ?? 0);
  }

  private record(write: StockWrite) {
    this.writes.push(write);
    for (const listener of this.listeners) listener(write);
  }

  private noteUnreadable(text: string) {
    if (this.unreadable.length < 5) this.unreadable.push(text.slice(0, 300));
  }

  private other(channel: ChannelKind, at: number, what: string) {
    this.others.push({ channel, at, what });
  }

  private async readShopify(request: Request, at: number) {
    const path = new URL(request.url).pathname;
    if (request.method !== "POST" || !SHOPIFY_GRAPHQL.test(path)) {
      return this.other("shopify", at, `${request.method} ${path.replace(/\d+/g, ":n")}`);
    }
    const text = await request.text();
    const body = parseJson(text);
    const query = isObject(body) && typeof body.query === "string" ? body.query : "";
    const name = /\b(query|mutation)\s+(\w+)/.exec(query)?.[2] ?? "graphql";
    if (!/\binventorySetQuantities\s*\(/.test(query)) return this.other("shopify", at, name);
    const input = isObject(body) && isObject(body.variables) ? body.variables.input : undefined;
    const entries = isObject(input) && Array.isArray(input.quantities) ? (input.quantities as unknown[]) : null;
    if (!entries) {
      this.noteUnreadable(text);
      return this.other("shopify", at, `${name} (unreadable)`);
    }
    const quantities = new Map<string, number>();
    for (const entry of entries) {
      if (!isObject(entry) || typeof entry.inventoryItemId !== "string" || typeof entry.quantity !== "number") continue;
      const id = entry.inventoryItemId.split("/").at(-1)!;
      // Several locations would each carry a share; the benchmark's store has one, so this is the item's figure.
      quantities.set(id, (quantities.get(id) ?? 0) + entry.quantity);
    }
    this.record({ channel: "shopify", at, quantities });
  }

  private async readWoo(request: Request, at: number) {
    const path = new URL(request.url).pathname;
    if (request.method !== "POST" || !WOO_BATCH.test(path)) {
      return this.other("woocommerce", at, `${request.method} ${path.replace(/\d+/g, ":n")}`);
    }
    const text = await request.text();
    const body = parseJson(text);
    const name = `POST ${path.replace(/\d+/g, ":n")}`;
    // A batch without updates (connecting sends an empty one to prove the keys may write) sets no stock.
    if (isObject(body) && body.update === undefined) return this.other("woocommerce", at, `${name} (no update)`);
    const updates = isObject(body) && Array.isArray(body.update) ? (body.update as unknown[]) : null;
    if (!updates) {
      this.noteUnreadable(text);
      return this.other("woocommerce", at, `${name} (unreadable)`);
    }
    const quantities = new Map<string, number>();
    for (const update of updates) {
      if (!isObject(update)) continue;
      const quantity = Number(update.stock_quantity);
      if (update.id !== undefined && Number.isFinite(quantity)) quantities.set(String(update.id), quantity);
    }
    this.record({ channel: "woocommerce", at, quantities });
  }
}
