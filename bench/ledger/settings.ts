// The ledger benchmark's parameters (the figures), and the shorter --quick variant.

export type LedgerSettings = {
  runs: number;
  openLoop: { rate: number; durationMs: number; maxSockets: number };
  closedLoop: { connections: number; durationMs: number; maxRequests: number };
  processing: { orders: number; connections: number; maxWaitMs: number; pollMs: number };
  /** Shopify gives up on a delivery after 5 s; so does the load generator (the request counts as an error). */
  requestTimeoutMs: number;
  /** Longest wait for the app's queue to empty between measurements. */
  drainTimeoutMs: number;
  goals: { ackP99Ms: number; ackRate: number; sqliteOrdersPerSecond: number };
};

const GOALS = { ackP99Ms: 50, ackRate: 500, sqliteOrdersPerSecond: 500 };

export function ledgerSettings(quick: boolean): LedgerSettings {
  return {
    runs: quick ? 1 : 3,
    openLoop: { rate: GOALS.ackRate, durationMs: quick ? 3_000 : 10_000, maxSockets: 64 },
    closedLoop: { connections: 32, durationMs: quick ? 3_000 : 8_000, maxRequests: 200_000 },
    processing: { orders: quick ? 1_000 : 3_000, connections: 32, maxWaitMs: quick ? 60_000 : 180_000, pollMs: 100 },
    requestTimeoutMs: 5_000,
    drainTimeoutMs: quick ? 60_000 : 180_000,
    goals: GOALS,
  };
}
