import { describe, expect, it } from "vitest";
import { createWooDemoStore, DEMO_CATALOG, demoSkus, seedShopifyDemoStore } from "./demo-catalog";
import { createShopifySim } from "./shopify/sim";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 26, 12);

describe("the demo catalog", () => {
  it("has 50 SKUs, 12 of them sold on both stores", () => {
    const all = DEMO_CATALOG.flatMap((entry) => entry.variants.map((variant) => variant.sku));
    expect(new Set(all).size).toBe(50);
    const shopify = demoSkus("shopify");
    const woo = demoSkus("woocommerce");
    expect([shopify.length, woo.length]).toEqual([35, 27]);
    expect(shopify.filter((sku) => woo.includes(sku))).toHaveLength(12);
  });

  it("stocks both Shopify locations, and the same Warehouse figure on WooCommerce for a shared SKU", async () => {
    const shop = await seedShopifyDemoStore(createShopifySim(), { now: NOW });
    const { store } = createWooDemoStore({ now: NOW });
    const mug = DEMO_CATALOG.flatMap((entry) => entry.variants).find((variant) => variant.sku === "MUG-12")!;
    const levels = shop.levels("MUG-12");
    const shipped = [...shop.state.orders.values()]
      .filter((order) => order.fulfillmentIds.length > 0)
      .flatMap((order) => order.lineItems)
      .filter((line) => line.sku === "MUG-12")
      .reduce((sum, line) => sum + line.quantity, 0);
    expect(levels.Warehouse!.on_hand).toBe(mug.warehouse - shipped);
    expect(levels.Storefront!.on_hand).toBe(mug.storefront);
    const sold = [...store.state.orders.values()]
      .filter((order) => order.status !== "cancelled")
      .flatMap((order) => order.lineItems)
      .filter((line) => line.name.startsWith("Enamel Mug - 12 oz"))
      .reduce((sum, line) => sum + line.quantity, 0);
    expect(store.stock("MUG-12").stock_quantity).toBe(mug.warehouse - sold);
  });

  it("writes a month of history, none of it today, and completes old WooCommerce orders back then", async () => {
    const shop = await seedShopifyDemoStore(createShopifySim(), { now: NOW });
    const { store } = createWooDemoStore({ now: NOW });
    const shopifyOrders = [...shop.state.orders.values()];
    const wooOrders = [...store.state.orders.values()];
    expect([shopifyOrders.length, wooOrders.length]).toEqual([40, 25]);
    for (const placed of [
      ...shopifyOrders.map((order) => order.createdAt.getTime()),
      ...wooOrders.map((o) => o.createdAt),
    ])
      expect(NOW - placed).toBeGreaterThan(DAY);
    const completed = wooOrders.filter((order) => order.status === "completed");
    expect(completed.length).toBeGreaterThan(15);
    for (const order of completed) expect(order.completedAt! - order.createdAt).toBeLessThan(2 * DAY);
  });

  it("is the same store on every run", async () => {
    const first = createWooDemoStore({ now: NOW }).store;
    const second = createWooDemoStore({ now: NOW }).store;
    const view = (store: typeof first) =>
      [...store.state.orders.values()].map((order) => [order.status, order.lineItems.map((line) => line.quantity)]);
    expect(view(second)).toEqual(view(first));
  });
});
