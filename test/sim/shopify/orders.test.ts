import { describe, expect, it } from "vitest";
import { SimUserError } from "./context";
import { createShopifySim } from "./sim";

// A shopper's checkout against the variant's inventory policy: "deny" sells no more than what the store shows
// available (Shopify's default for new variants), "continue" (the simulator's default) keeps selling past zero.

function store() {
  const sim = createShopifySim({ apiKey: "key", apiSecret: "secret" });
  const shop = sim.createShop({ domain: "orders-test.myshopify.com", name: "Orders test", locations: ["Warehouse"] });
  shop.addProduct({
    title: "Scarce",
    variants: [{ sku: "DENY", inventoryPolicy: "deny", stock: { Warehouse: 2 } }],
  });
  shop.addProduct({ title: "Backorderable", variants: [{ sku: "CONTINUE", stock: { Warehouse: 1 } }] });
  const available = (sku: string) => shop.levels(sku).Warehouse?.available;
  return { shop, available };
}

describe("placing an order", () => {
  it("refuses a deny variant beyond what is available, and takes nothing", async () => {
    const { shop, available } = store();
    await expect(shop.placeOrder({ lines: [{ sku: "DENY", quantity: 3 }] })).rejects.toThrow(SimUserError);
    // Two lines of the same variant count together.
    await expect(
      shop.placeOrder({
        lines: [
          { sku: "DENY", quantity: 1 },
          { sku: "DENY", quantity: 2 },
        ],
      }),
    ).rejects.toThrow(/2 available, 3 requested/);
    expect(available("DENY")).toBe(2);
    expect(shop.state.orders.size).toBe(0);

    await shop.placeOrder({ lines: [{ sku: "DENY", quantity: 2 }] });
    expect(available("DENY")).toBe(0);
    await expect(shop.placeOrder({ lines: [{ sku: "DENY", quantity: 1 }] })).rejects.toThrow(/0 available/);
    expect(shop.state.orders.size).toBe(1);
  });

  it("refuses the whole order when one deny line is short", async () => {
    const { shop, available } = store();
    await expect(
      shop.placeOrder({
        lines: [
          { sku: "CONTINUE", quantity: 1 },
          { sku: "DENY", quantity: 5 },
        ],
      }),
    ).rejects.toThrow(SimUserError);
    expect(available("CONTINUE")).toBe(1);
    expect(shop.state.orders.size).toBe(0);
  });

  it("keeps selling a continue variant past zero", async () => {
    const { shop, available } = store();
    await shop.placeOrder({ lines: [{ sku: "CONTINUE", quantity: 3 }] });
    expect(available("CONTINUE")).toBe(-2);
  });
});
