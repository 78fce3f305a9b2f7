import { afterAll, describe, expect, it } from "vitest";
import { startWooSimMsw } from "../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../test/sim/woocommerce/sim";
import { createWooClient } from "./client";
import { StoreLimiter, StoreLimiters } from "./limiter";

// The per-store limiter on its own (requests as promises we settle by hand, time on a fake clock), then through the
// client against the simulated store: a 429's Retry-After holds every client of that store.

function deferred() {
  let resolve = (): void => {};
  let reject = (_error: Error): void => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function fakeClock() {
  const clock = { time: 1_000_000, sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
}

describe("StoreLimiter", () => {
  it("keeps at most two requests in flight and starts the others in the order they came", async () => {
    const limiter = new StoreLimiter();
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    const runs = gates.map((gate, index) =>
      limiter.run(async () => {
        started.push(index);
        await gate.promise;
        return index;
      }),
    );
    const settled = Promise.allSettled(runs);
    await tick();
    expect(started).toEqual([0, 1]);
    expect(limiter.load()).toEqual({ active: 2, waiting: 3 });
    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.reject(new Error("timed out"));
    await tick();
    // A failed request frees its slot like any other.
    expect(started).toEqual([0, 1, 2, 3]);
    for (const gate of gates) gate.resolve();
    expect((await settled).map((result) => result.status)).toEqual(["rejected", ...Array(4).fill("fulfilled")]);
    expect(limiter.load()).toEqual({ active: 0, waiting: 0 });
  });

  it("holds the next requests for a short Retry-After, and not for a long one", async () => {
    const { clock, now, sleep } = fakeClock();
    const limiter = new StoreLimiter({ now, sleep, maxHoldMs: 5_000 });
    limiter.retryAfter(2_000);
    await limiter.run(async () => undefined);
    expect(clock.sleeps).toEqual([2_000]);
    await limiter.run(async () => undefined);
    expect(clock.sleeps).toEqual([2_000]);

    limiter.retryAfter(120_000);
    await limiter.run(async () => undefined);
    expect(clock.sleeps).toEqual([2_000]);
  });

  it("keeps one limiter per store host", () => {
    const limiters = new StoreLimiters();
    expect(limiters.for("Shop.example")).toBe(limiters.for("shop.example"));
    expect(limiters.for("shop.example")).not.toBe(limiters.for("other.example"));
  });
});

describe("the client behind the limiter", () => {
  const KEYS = { consumerKey: "ck_limiter_test_0123456789abcdef", consumerSecret: "cs_limiter_test_0123456789abcdef" };
  const sim = createWooSim({ webhooks: { auto: false } });
  const store = sim.createStore({ url: "https://limited-shop.example", keys: [KEYS] });
  store.addProduct({ name: "Mug", sku: "MUG", stock: 10 });
  const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });
  afterAll(() => server.close());

  it("sends no request to a store that said Retry-After until it has passed, whichever client sends it", async () => {
    const { clock, now, sleep } = fakeClock();
    const limiters = new StoreLimiters({ now, sleep });
    const poller = createWooClient({ url: store.url, ...KEYS }, { limiters });
    const pusher = createWooClient({ url: store.url, ...KEYS }, { limiters });
    sim.faults.queue({ kind: "http429", retryAfterSeconds: 3 });
    await expect(poller.listProducts({ page: 1 })).rejects.toMatchObject({ kind: "throttled", retryAfterMs: 3_000 });
    const page = await pusher.listProducts({ page: 1 });
    expect(page.items.map((product) => product.sku)).toEqual(["MUG"]);
    expect(clock.sleeps).toEqual([3_000]);
    expect(store.countRequests("GET")).toBe(2);
  });
});
