import { describe, expect, it } from "vitest";
import { seedDemo } from "./seed";
import { createWooSim } from "./sim";

// The demo store main.ts serves: ten SKUs across simple and variable products, and orders in most states with the
// stock they took (and gave back) accounted for.

describe("seedDemo", () => {
  it("builds the same small store every time", () => {
    const sim = createWooSim({ webhooks: { auto: false } });
    const store = seedDemo(sim, { now: Date.parse("2026-11-26T08:00:00Z") });
    const skus = [...store.state.products.values()].map((p) => p.sku).filter(Boolean);
    expect(skus).toHaveLength(10); // nine sellable SKUs and the tote parent's; the gift wrap has none
    expect(store.stock("TEE-M").stock_quantity).toBe(18);
    expect(store.stock("TEE-L").stock_quantity).toBe(8); // cancelled order gave it back
    expect(store.stock("TOTE-BLK")).toEqual({ manage_stock: "parent", stock_quantity: 27, stock_status: "instock" });
    expect(store.stock("CAP-NVY").stock_quantity).toBe(1);
    expect(store.stock("SOCK-3P").stock_status).toBe("outofstock");
    expect(store.stock("POSTER-A2")).toEqual({ manage_stock: false, stock_quantity: null, stock_status: "instock" });
    const statuses = [...store.state.orders.values()].map((o) => o.status).sort();
    expect(statuses).toEqual(["cancelled", "completed", "completed", "on-hold", "processing", "processing"]);
    const refunded = [...store.state.orders.values()].find((o) => o.refundIds.length)!;
    expect(store.order(refunded.id).refunds[0]).toMatchObject({ total: "-12.50", reason: "Damaged in transit" });
  });
});
