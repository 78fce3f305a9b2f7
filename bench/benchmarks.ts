// The benchmarks `npm run bench` knows. A new one adds an entry here; its module is loaded only when it runs.
import type { BenchArgs } from "./lib/args.ts";

export type Benchmark = {
  name: string;
  summary: string;
  /** Resolves false when the benchmark found something wrong (the process then exits 1). */
  run: (args: BenchArgs) => Promise<boolean>;
};

export const BENCHMARKS: Benchmark[] = [
  {
    name: "ledger",
    summary: "webhook ack rate/latency and orders processed per second, SQLite and PostgreSQL, vs a bare HMAC server",
    run: async (args) => (await import("./ledger/index.ts")).runLedgerBenchmark(args),
  },
  {
    name: "sync",
    summary: "order-to-other-channel stock propagation, stock-write calls per 1,000 changes, 50,000-listing reconcile",
    run: async (args) => (await import("./sync/index.ts")).runSyncBenchmark(args),
  },
  {
    name: "flash-sale",
    summary: "units oversold in a seeded flash sale on both stores: event-driven push vs every 60 s and 900 s",
    run: async (args) => (await import("./flash-sale/index.ts")).runFlashSaleBenchmark(args),
  },
];
