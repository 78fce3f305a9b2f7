import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { seededRandom } from "../../seeded-random";
import { createDemoTraffic, pickBasket, type DemoStorefront, type OrderLine } from "./traffic.server";

// A store whose shelf empties as shoppers buy, and which remembers every checkout.
function fakeStore(name: string, stock: Record<string, number>, share?: number) {
  const orders: OrderLine[][] = [];
  const shelf = { ...stock };
  const store: DemoStorefront = {
    name,
    share,
    shelf: () => Object.entries(shelf).map(([sku, available]) => ({ sku, available })),
    checkout: async (lines) => {
      for (const line of lines) {
        if ((shelf[line.sku] ?? 0) < line.quantity) throw new Error(`${line.sku} is not in stock`);
        shelf[line.sku]! -= line.quantity;
      }
      orders.push(lines);
    },
  };
  return { store, orders, shelf };
}

const plenty = () => ({ "MUG-12": 500, "CAP-NVY": 500, "SOCK-3P": 500, "TEE-M": 500 });

describe("demo traffic", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("places orders at the rate, the first at once, and follows a new rate from now", async () => {
    const shop = fakeStore("Shopify", plenty());
    const traffic = createDemoTraffic({ stores: [shop.store], ratePerMinute: 6 });
    traffic.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(shop.orders).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(shop.orders).toHaveLength(6);

    traffic.setRate(120);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(shop.orders).toHaveLength(16);
    expect(traffic.status()).toMatchObject({ running: true, ratePerMinute: 120, stores: [{ orders: 16 }] });
    await traffic.stop();
  });

  it("places nothing while paused and carries on after resume", async () => {
    const shop = fakeStore("Shopify", plenty());
    const traffic = createDemoTraffic({ stores: [shop.store], ratePerMinute: 60 });
    traffic.start();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(shop.orders).toHaveLength(3);

    traffic.pause();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(shop.orders).toHaveLength(3);
    expect(traffic.status().running).toBe(false);

    traffic.resume();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(shop.orders).toHaveLength(6);
    await traffic.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(shop.orders).toHaveLength(6);
  });

  it("only buys what the shelf shows in stock, never more units than it shows", async () => {
    const woo = fakeStore("WooCommerce", { "MUG-12": 3, "CAP-NVY": 0, "SOCK-3P": 1 });
    const traffic = createDemoTraffic({ stores: [woo.store], ratePerMinute: 600, seed: 3 });
    traffic.start();
    await vi.advanceTimersByTimeAsync(10_000);
    await traffic.stop();

    const bought = woo.orders.flat();
    expect(bought.some((line) => line.sku === "CAP-NVY")).toBe(false);
    expect(woo.shelf).toEqual({ "MUG-12": 0, "CAP-NVY": 0, "SOCK-3P": 0 });
    // Once the shelf is empty the shoppers leave: no failed checkouts, only turns without an order.
    expect(traffic.status()).toMatchObject({ lastError: null, stores: [{ orders: woo.orders.length }] });
    expect(traffic.status().soldOut).toBeGreaterThan(50);
  });

  it("splits orders across the stores by their shares", async () => {
    const shopify = fakeStore("Shopify", plenty(), 2);
    const woo = fakeStore("WooCommerce", plenty());
    const traffic = createDemoTraffic({ stores: [shopify.store, woo.store], ratePerMinute: 60 });
    traffic.start();
    await vi.advanceTimersByTimeAsync(0);
    // A shopper at every store as the doors open, then one order a second.
    expect([shopify.orders.length, woo.orders.length]).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(28_500);
    await traffic.stop();
    expect([shopify.orders.length, woo.orders.length]).toEqual([20, 10]);
  });

  it("is the same order for order with the same seed", async () => {
    const run = async (seed: number) => {
      const shopify = fakeStore("Shopify", plenty());
      const woo = fakeStore("WooCommerce", plenty());
      const traffic = createDemoTraffic({ stores: [shopify.store, woo.store], ratePerMinute: 60, seed });
      traffic.start();
      await vi.advanceTimersByTimeAsync(20_000);
      await traffic.stop();
      return { shopify: shopify.orders, woo: woo.orders };
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
    const lines = [...first.shopify, ...first.woo];
    expect(lines.every((order) => order.length >= 1 && order.length <= 3)).toBe(true);
  });

  it("refuses a rate of 0 or over 600 a minute", () => {
    const traffic = createDemoTraffic({ stores: [] });
    expect(() => traffic.setRate(0)).toThrow(RangeError);
    expect(() => traffic.setRate(601)).toThrow(RangeError);
    expect(() => createDemoTraffic({ stores: [], ratePerMinute: -1 })).toThrow(RangeError);
    traffic.setRate(600);
    expect(traffic.status().ratePerMinute).toBe(600);
  });

  it("makes deliveries on their own clock while running, none while paused", async () => {
    const run = vi.fn(async () => 2);
    const traffic = createDemoTraffic({
      stores: [fakeStore("Shopify", plenty()).store],
      restock: { everyMs: 60_000, run },
    });
    traffic.start();
    await vi.advanceTimersByTimeAsync(120_500);
    expect(run).toHaveBeenCalledTimes(2);
    traffic.pause();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(traffic.status().deliveries).toBe(4);
    await traffic.stop();
  });

  it("records a failed checkout and keeps going", async () => {
    const broken: DemoStorefront = {
      name: "WooCommerce",
      shelf: () => [{ sku: "MUG-12", available: 5 }],
      checkout: async () => {
        throw new Error("the store is down");
      },
    };
    const onError = vi.fn();
    const traffic = createDemoTraffic({ stores: [broken], ratePerMinute: 60, onError });
    traffic.start();
    await vi.advanceTimersByTimeAsync(2_000);
    await traffic.stop();
    expect(onError).toHaveBeenCalledTimes(3);
    expect(traffic.status().lastError).toBe("WooCommerce: the store is down");
  });
});

describe("a basket", () => {
  it("picks popular SKUs more often", () => {
    const random = seededRandom(11);
    const shelf = [
      { sku: "MUG-12", available: 1_000, popularity: 9 },
      { sku: "POSTER-PEAK", available: 1_000, popularity: 1 },
    ];
    const counts = { "MUG-12": 0, "POSTER-PEAK": 0 };
    for (let n = 0; n < 1_000; n++) counts[pickBasket(shelf, random)[0]!.sku as keyof typeof counts]++;
    expect(counts["MUG-12"]).toBeGreaterThan(counts["POSTER-PEAK"] * 4);
  });

  it("is empty when nothing shows in stock", () => {
    expect(pickBasket([{ sku: "MUG-12", available: 0 }], seededRandom(1))).toEqual([]);
  });
});
