import {
  cancelOrder as cancelShopifyOrder,
  editLineQuantity,
  placeOrder as placeShopifyOrder,
} from "../../../test/sim/shopify/orders.ts";
import type { ShopHandle } from "../../../test/sim/shopify/shop-handle.ts";
import type { ShopifySim } from "../../../test/sim/shopify/sim.ts";
import type { WooSim } from "../../../test/sim/woocommerce/sim.ts";
import type { StoreHandle } from "../../../test/sim/woocommerce/store-handle.ts";
import { sleep } from "../../../jobs/timing.ts";

// Shoppers and merchants on both simulated stores, for drills: a seeded stream of orders placed on either store, some
// of them cancelled or edited (Shopify) afterwards, at a steady rate, with a record of what was done so checks can
// compare the ledger with the stores. Store actions do not wait for their webhooks (the stores deliver them on their
// own, retrying or not as the real ones do), so the traffic keeps its rate while the app is down.

export type Random = () => number;

export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
export const between = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

export type StoreName = "shopify" | "woo";
export type Stores = { shopify: ShopHandle; woo: StoreHandle };
export type Sims = { shopify: ShopifySim; woo: WooSim };

/** An order the traffic placed: its store id and lines as placed, and what was done to it since. */
export type PlacedOrder = {
  store: StoreName;
  id: number;
  lines: { lineId: number; sku: string; quantity: number }[];
  cancelled: boolean;
  /** Store actions that lowered what the order needs (edits, the cancellation). */
  reductions: number;
};

/** Drill products: `shared` SKUs are sold on both stores from the same shelf, the others on one store only. */
export type DrillCatalog = { shared: string[]; shopifyOnly: string[]; wooOnly: string[]; stock: number };

export const skusOf = (catalog: DrillCatalog) => ({
  shopify: [...catalog.shared, ...catalog.shopifyOnly],
  woo: [...catalog.shared, ...catalog.wooOnly],
});

/**
 * Adds the catalogue to the stores (for a world's prepare hook): Shopify stocks each SKU at its Warehouse (and a
 * little at the Storefront), WooCommerce sells the Warehouse's figure, so both stores agree from the start.
 */
export function addCatalog(stores: Stores, catalog: DrillCatalog) {
  const skus = skusOf(catalog);
  stores.shopify.addProduct({
    title: "Drill stock",
    variants: skus.shopify.map((sku) => ({
      sku,
      title: sku,
      priceMinor: 1250,
      stock: { Warehouse: catalog.stock, Storefront: Math.floor(catalog.stock / 10) },
    })),
  });
  for (const sku of skus.woo)
    stores.woo.addProduct({ name: `Drill ${sku}`, sku, price: "12.50", stock: catalog.stock });
}

export type TrafficOptions = {
  random: Random;
  skus: { shopify: string[]; woo: string[] };
  /** Share of actions that cancel an open order placed earlier. */
  cancelShare: number;
  /** Share of actions that lower a line of an open Shopify order. */
  editShare: number;
  maxLines: number;
  maxQuantity: number;
  /** Cancellations and edits pick among the most recent orders (still flowing through the app). */
  recentWindow?: number;
};

export class ShopperTraffic {
  readonly orders: PlacedOrder[] = [];
  readonly counts = { shopify: 0, woo: 0, cancelled: 0, edited: 0 };
  /** Shopify deliveries before this index were raised before the traffic (or are tried already). */
  private shopifyDelivered: number;

  constructor(
    private readonly stores: Stores,
    private readonly sims: Sims,
    private readonly options: TrafficOptions,
  ) {
    // Deliveries the store recorded before it had a webhook address (its seed) are never sent.
    this.shopifyDelivered = sims.shopify.webhooks.deliveries.length;
  }

  /**
   * One shopper or merchant action on a store chosen at random: a cancellation, a Shopify edit, or else a new order.
   * A store not in `open` (its webhooks pile up) takes nothing this time, and the other store does not take its share:
   * each store keeps its own steady rate. Returns whether anything was done.
   */
  act(open: readonly StoreName[] = ["shopify", "woo"]): boolean {
    const { random } = this.options;
    const roll = random();
    const store: StoreName = random() < 0.5 ? "shopify" : "woo";
    if (!open.includes(store)) return false;
    if (roll < this.options.cancelShare && this.cancelOne(store)) return true;
    if (roll < this.options.cancelShare + this.options.editShare && store === "shopify" && this.editOne()) return true;
    this.placeOne(store);
    return true;
  }

  placeOne(store: StoreName): PlacedOrder {
    const { random, maxLines, maxQuantity } = this.options;
    const wanted = new Map<string, number>();
    const lineCount = between(random, 1, maxLines);
    for (let index = 0; index < lineCount; index++) {
      wanted.set(pick(random, this.options.skus[store]), between(random, 1, maxQuantity));
    }
    const lines = [...wanted].map(([sku, quantity]) => ({ sku, quantity }));
    const email = `shopper${this.orders.length + 1}@example.com`;
    let placed: PlacedOrder;
    if (store === "shopify") {
      const order = placeShopifyOrder(this.stores.shopify.ctx, { lines, email });
      placed = {
        store,
        id: order.id,
        lines: order.lineItems.map((line) => ({ lineId: line.id, sku: line.sku!, quantity: line.quantity })),
        cancelled: false,
        reductions: 0,
      };
    } else {
      const order = this.stores.woo.placeOrder({ lines, email });
      placed = {
        store,
        id: order.id,
        lines: order.lineItems.map((line, index) => ({
          lineId: line.id,
          sku: lines[index]!.sku,
          quantity: line.quantity,
        })),
        cancelled: false,
        reductions: 0,
      };
    }
    this.orders.push(placed);
    this.counts[store] += 1;
    return placed;
  }

  private recentOpen(filter: (order: PlacedOrder) => boolean): PlacedOrder | undefined {
    const window = this.orders.slice(-(this.options.recentWindow ?? 200)).filter((o) => !o.cancelled && filter(o));
    return window.length > 0 ? pick(this.options.random, window) : undefined;
  }

  private cancelOne(store: StoreName): boolean {
    const order = this.recentOpen((o) => o.store === store);
    if (!order) return false;
    if (order.store === "shopify") cancelShopifyOrder(this.stores.shopify.ctx, order.id, { restock: true });
    else this.stores.woo.cancelOrder(order.id);
    order.cancelled = true;
    order.reductions += 1;
    this.counts.cancelled += 1;
    return true;
  }

  private editOne(): boolean {
    const current = (order: PlacedOrder, lineId: number) =>
      this.stores.shopify.state.orders.get(order.id)!.lineItems.find((line) => line.id === lineId)!.currentQuantity;
    const order = this.recentOpen((o) => o.store === "shopify" && o.lines.some((l) => current(o, l.lineId) > 1));
    if (!order) return false;
    const line = order.lines.find((candidate) => current(order, candidate.lineId) > 1)!;
    const lowered = between(this.options.random, 0, current(order, line.lineId) - 1);
    editLineQuantity(this.stores.shopify.ctx, order.id, line.lineId, lowered);
    order.reductions += 1;
    this.counts.edited += 1;
    return true;
  }

  /** Webhooks raised and not yet sent (or, for Shopify, not yet tried), per store. */
  backlogs(): Record<StoreName, number> {
    const deliveries = this.sims.shopify.webhooks.deliveries;
    while (this.shopifyDelivered < deliveries.length && deliveries[this.shopifyDelivered]!.attempts > 0) {
      this.shopifyDelivered += 1;
    }
    return { shopify: deliveries.length - this.shopifyDelivered, woo: this.sims.woo.webhooks.pendingCount() };
  }

  backlog(): number {
    const { shopify, woo } = this.backlogs();
    return shopify + woo;
  }

  /**
   * Acts at a steady rate (half of it on each store) until `done()` says so. A store with more than `maxBacklog`
   * webhooks waiting to be sent gets nothing meanwhile (it does not pile up more than the app takes in, and a slow
   * machine does not overshoot); the shoppers pause when both do, or while `hold()` says so.
   */
  async run(options: {
    perSecond: number;
    maxBacklog: number;
    done: () => boolean;
    /** While true the shoppers wait (the app is behind with what it took in). */
    hold?: () => boolean;
    /** Also required of a store before it takes an action (say, its orders reach the ledger). */
    accepts?: (store: StoreName) => boolean;
    tickMs?: number;
  }): Promise<{ actions: number; seconds: number; pausedSeconds: number }> {
    const tickMs = options.tickMs ?? 50;
    const started = Date.now();
    let actions = 0;
    let credit = 0;
    let pausedMs = 0;
    let last = started;
    while (!options.done()) {
      await sleep(tickMs);
      const now = Date.now();
      const elapsed = now - last;
      last = now;
      const backlogs = this.backlogs();
      const open = (["shopify", "woo"] as const).filter(
        (store) => backlogs[store] <= options.maxBacklog && (options.accepts?.(store) ?? true),
      );
      if (open.length === 0 || options.hold?.()) {
        pausedMs += elapsed;
        continue;
      }
      credit += (elapsed / 1000) * options.perSecond;
      for (; credit >= 1; credit -= 1) if (this.act(open)) actions += 1;
    }
    return { actions, seconds: (Date.now() - started) / 1000, pausedSeconds: pausedMs / 1000 };
  }
}
