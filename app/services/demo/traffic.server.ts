import { MAX_DEMO_RATE, type DemoTrafficController, type DemoTrafficStatus } from "./traffic-control.server";
import { seededRandom } from "../../seeded-random";

// The demo's shoppers: orders at a steady rate, split across the stores by their shares, 1 to 3 lines of what the
// store shows in stock (popular SKUs more often), as a real storefront lets people buy. Seeded, so a training session
// can be replayed order for order. Deliveries, when given, run on their own clock while the traffic runs.

export type ShelfItem = { sku: string; available: number; popularity?: number };
export type OrderLine = { sku: string; quantity: number };

/** A store as its shoppers see it: the shelf (what shows in stock) and the checkout. */
export type DemoStorefront = {
  name: string;
  /** Its share of the orders, relative to the other stores; 1 by default. */
  share?: number;
  shelf(): ShelfItem[] | Promise<ShelfItem[]>;
  checkout(lines: OrderLine[]): Promise<void>;
};

export type DemoTrafficOptions = {
  stores: DemoStorefront[];
  ratePerMinute?: number;
  seed?: number;
  /** Restocking, every `everyMs` while the traffic runs; `run` answers how many items it restocked. */
  restock?: { everyMs: number; run: () => Promise<number> };
  onError?: (error: unknown, store: string) => void;
};

export type DemoTraffic = DemoTrafficController & {
  /** Starts with an order at every store at once, then one per interval. */
  start(): void;
  /** Stops for good, once the orders being placed are in. */
  stop(): Promise<void>;
};

export const DEFAULT_DEMO_RATE = 6;
// A checkout that hangs (the app busy, a store slow) must not let turns pile up behind it.
const MAX_IN_FLIGHT = 4;

export function assertDemoRate(ratePerMinute: number): number {
  if (!Number.isFinite(ratePerMinute) || ratePerMinute <= 0 || ratePerMinute > MAX_DEMO_RATE) {
    throw new RangeError(`The demo's rate is more than 0 and at most ${MAX_DEMO_RATE} orders a minute`);
  }
  return ratePerMinute;
}

function weightedPick<T extends { popularity?: number }>(items: T[], draw: number): T {
  const total = items.reduce((sum, item) => sum + (item.popularity ?? 1), 0);
  let left = draw * total;
  for (const item of items) {
    left -= item.popularity ?? 1;
    if (left < 0) return item;
  }
  return items[items.length - 1]!;
}

/** One basket from a shelf: 1 line most often, up to 3; 1 unit most often, 2 sometimes, never more than shows. */
export function pickBasket(shelf: ShelfItem[], random: () => number): OrderLine[] {
  let pool = shelf.filter((item) => item.available > 0).sort((a, b) => (a.sku < b.sku ? -1 : 1));
  if (pool.length === 0) return [];
  const roll = random();
  const wanted = Math.min(pool.length, roll < 0.6 ? 1 : roll < 0.9 ? 2 : 3);
  const lines: OrderLine[] = [];
  while (lines.length < wanted) {
    const item = weightedPick(pool, random());
    pool = pool.filter((other) => other !== item);
    lines.push({ sku: item.sku, quantity: Math.min(item.available, random() < 0.25 ? 2 : 1) });
  }
  return lines;
}

export function createDemoTraffic(options: DemoTrafficOptions): DemoTraffic {
  const random = seededRandom(options.seed ?? 1);
  // Smooth weighted round robin: the split follows the shares exactly and the stores take turns.
  const stores = options.stores.map((store) => ({ store, share: store.share ?? 1, credit: 0, orders: 0 }));
  let rate = assertDemoRate(options.ratePerMinute ?? DEFAULT_DEMO_RATE);
  let running = false;
  let stopped = false;
  let turnTimer: NodeJS.Timeout | undefined;
  let restockTimer: NodeJS.Timeout | undefined;
  /** Orders being placed, and a delivery being made: what stop() waits for. */
  const inFlight = new Set<Promise<void>>();
  let ordersInFlight = 0;
  let soldOut = 0;
  let deliveries = 0;
  let lastError: string | null = null;

  const nextStore = () => {
    const total = stores.reduce((sum, entry) => sum + entry.share, 0);
    for (const entry of stores) entry.credit += entry.share;
    const chosen = stores.reduce((best, entry) => (entry.credit > best.credit ? entry : best));
    chosen.credit -= total;
    return chosen;
  };

  const failed = (error: unknown, store: string) => {
    lastError = `${store}: ${error instanceof Error ? error.message : String(error)}`;
    options.onError?.(error, store);
  };

  async function placeOne() {
    const entry = nextStore();
    try {
      const lines = pickBasket(await entry.store.shelf(), random);
      if (lines.length === 0) {
        soldOut++;
        return;
      }
      await entry.store.checkout(lines);
      entry.orders++;
    } catch (error) {
      failed(error, entry.store.name);
    }
  }

  function launchOrder() {
    if (stores.length === 0 || ordersInFlight >= MAX_IN_FLIGHT) return;
    ordersInFlight++;
    const placing: Promise<void> = placeOne().finally(() => {
      ordersInFlight--;
      inFlight.delete(placing);
    });
    inFlight.add(placing);
  }

  function turn() {
    scheduleTurn(60_000 / rate);
    launchOrder();
  }

  function scheduleTurn(delayMs: number) {
    clearTimeout(turnTimer);
    turnTimer = running ? setTimeout(turn, delayMs) : undefined;
  }

  function scheduleRestock() {
    clearTimeout(restockTimer);
    const restock = options.restock;
    if (!running || !restock) return;
    restockTimer = setTimeout(() => {
      const delivering: Promise<void> = restock
        .run()
        .then(
          (restocked) => void (deliveries += restocked),
          (error: unknown) => failed(error, "deliveries"),
        )
        .finally(() => inFlight.delete(delivering));
      inFlight.add(delivering);
      scheduleRestock();
    }, restock.everyMs);
  }

  const status = (): DemoTrafficStatus => ({
    running,
    ratePerMinute: rate,
    stores: stores.map((entry) => ({ name: entry.store.name, orders: entry.orders })),
    soldOut,
    deliveries,
    lastError,
  });

  return {
    status,
    start() {
      if (stopped || running) return;
      running = true;
      // The doors open with a shopper at every store, so each shows an order at once; then the steady rate.
      for (let n = 0; n < stores.length; n++) launchOrder();
      scheduleTurn(60_000 / rate);
      scheduleRestock();
    },
    resume() {
      if (stopped || running) return;
      running = true;
      scheduleTurn(60_000 / rate);
      scheduleRestock();
    },
    pause() {
      running = false;
      scheduleTurn(0);
      scheduleRestock();
    },
    setRate(ratePerMinute) {
      rate = assertDemoRate(ratePerMinute);
      // The next order follows the new rate from now, not after the old (maybe long) wait.
      if (running) scheduleTurn(60_000 / rate);
    },
    async stop() {
      stopped = true;
      running = false;
      scheduleTurn(0);
      scheduleRestock();
      await Promise.all([...inFlight]);
    },
  };
}
