import { afterAll, describe, expect, it } from "vitest";
import { startWooSimMsw } from "./msw";
import { createWooSim } from "./sim";
import { KEYS, refusal, wooClient } from "./test-kit";

// Injected faults as a client meets them: a host's 429 with Retry-After, 5xx for the next N calls to a route, a 502
// after the write went through, a delay past the client's timeout, a dropped connection, and seeded random rates.

const URL = "https://faulty.example";
const sim = createWooSim({ webhooks: { auto: false } });
const store = sim.createStore({ url: URL, keys: [KEYS] });
const mug = store.addProduct({ name: "Mug", sku: "MUG", price: "12.30", stock: 10 });
const server = startWooSimMsw(sim);
afterAll(() => server.close());
const api = wooClient(URL);

describe("scripted faults", () => {
  it("answers 429 with Retry-After, then recovers", async () => {
    sim.faults.queue({ kind: "http429", retryAfterSeconds: 7 });
    const throttled = await refusal(api.get("products"));
    expect(throttled.status).toBe(429);
    expect(throttled.headers["retry-after"]).toBe("7");
    expect((await api.get("products")).status).toBe(200);
  });

  it("fails the next N calls to one route only", async () => {
    sim.faults.repeat({ kind: "http5xx", status: 503, path: "/wp-json/wc/v3/orders" }, 2);
    expect((await api.get("products")).status).toBe(200);
    expect((await refusal(api.get("orders"))).status).toBe(503);
    expect((await refusal(api.get("orders"))).status).toBe(503);
    expect((await api.get("orders")).status).toBe(200);
  });

  it("can fail a write after carrying it out", async () => {
    sim.faults.queue({ kind: "http5xx", status: 502, afterExecution: true });
    expect((await refusal(api.put(`products/${mug.id}`, { stock_quantity: 3 }))).status).toBe(502);
    expect(store.stock("MUG").stock_quantity).toBe(3);
  });

  it("answers a 500 as WordPress's critical-error JSON", async () => {
    sim.faults.queue({ kind: "http5xx", status: 500 });
    expect(await refusal(api.get("products"))).toMatchObject({
      status: 500,
      data: { code: "internal_server_error", data: { status: 500 } },
    });
  });

  it("times a slow answer out on the client, and drops a connection", async () => {
    sim.faults.queue({ kind: "delay", ms: 300 });
    const slow = await refusal(wooClient(URL, { timeout: 50 }).get("products"));
    expect(slow.code).toBe("ECONNABORTED");
    sim.faults.queue({ kind: "network" });
    const dropped = await refusal(api.get("products"));
    expect(dropped.status).toBe(0);
    expect(dropped.data).toBeUndefined();
  });
});

describe("random faults", () => {
  it("draws the same faults for the same seed", async () => {
    const run = async () => {
      sim.faults.set({ rate429: 0.3, rate5xx: 0.2, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push(
          await api.get("products", { per_page: 1 }).then(
            (r) => r.status,
            (e) => e.response.status,
          ),
        );
      }
      sim.faults.clear();
      return statuses;
    };
    const first = await run();
    expect(first).toContain(429);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});
