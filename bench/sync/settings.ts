// The sync benchmark's parameters (issue 6's figures), and the shorter --quick variant.

export type SyncSettings = {
  runs: number;
  /** SKUs in both stores: enough for (b)'s 1,000 listing changes. */
  catalogSize: number;
  /** Units of every SKU in both stores at the start (Shopify: available at its one location). */
  openingStock: number;
  propagation: {
    /** Orders placed per second, one random SKU each, on one channel at a time. */
    ordersPerSecond: number;
    durationMs: number;
    /** After the last order, how long a push may still take before the order counts as never propagated. */
    arrivalTimeoutMs: number;
  };
  calls: { listings: number; delta: number };
  reconcile: { listings: number; drifted: number };
  /** Longest wait for the engine to go quiet (nothing pending, queued or unfinished) between measurements. */
  quietTimeoutMs: number;
  /** Longest wait for each store's first backfill. */
  backfillTimeoutMs: number;
  goals: { propagationP95Ms: number; reconcileMs: number; reconcileListings: number };
};

const GOALS = { propagationP95Ms: 2_000, reconcileMs: 60_000, reconcileListings: 50_000 };

export function syncSettings(quick: boolean): SyncSettings {
  return {
    runs: quick ? 1 : 3,
    catalogSize: 1_000,
    openingStock: 500,
    propagation: { ordersPerSecond: 2, durationMs: quick ? 15_000 : 30_000, arrivalTimeoutMs: 60_000 },
    calls: { listings: 1_000, delta: 5 },
    reconcile: { listings: GOALS.reconcileListings, drifted: quick ? 100 : 300 },
    quietTimeoutMs: 120_000,
    backfillTimeoutMs: 180_000,
    goals: GOALS,
  };
}

/** The fewest stock-write calls that can carry n listing changes: one per full batch. */
export const lowerBound = {
  shopify: (n: number) => Math.ceil(n / 250),
  woocommerce: (n: number) => Math.ceil(n / 100),
};
