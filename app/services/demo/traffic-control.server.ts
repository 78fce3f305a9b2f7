// How the dashboard reaches the demo's traffic generator. `npm run demo` runs the generator in its own module graph
// (tsx) and the screens in the Remix build's: two copies of every module, one process. A registry on globalThis under
// a well-known symbol is what both copies see. Nothing registers outside the demo, so the card stays hidden there.

export type DemoTrafficStatus = {
  running: boolean;
  ratePerMinute: number;
  /** Orders placed per store since the demo started, in the order the stores were given. */
  stores: { name: string; orders: number }[];
  /** Turns when the chosen store showed nothing in stock, so no one bought. */
  soldOut: number;
  /** Low-stock items restocked by a "delivery" (a stock adjustment in the ledger). */
  deliveries: number;
  lastError: string | null;
};

export type DemoTrafficController = {
  status(): DemoTrafficStatus;
  pause(): void;
  resume(): void;
  setRate(ordersPerMinute: number): void;
};

export const MAX_DEMO_RATE = 600;

const KEY: unique symbol = Symbol.for("channelledger.demo-traffic");
const registry = globalThis as typeof globalThis & { [KEY]?: DemoTrafficController };

/** Makes the generator reachable from the screens; the returned function takes it away again. */
export function registerDemoTraffic(controller: DemoTrafficController): () => void {
  registry[KEY] = controller;
  return () => {
    if (registry[KEY] === controller) delete registry[KEY];
  };
}

/** The running demo's generator; undefined outside `npm run demo` with stores, and always in production. */
export function getDemoTraffic(): DemoTrafficController | undefined {
  if (process.env.NODE_ENV === "production") return undefined;
  return registry[KEY];
}
