import { afterAll, describe, expect, it } from "vitest";
import { startWooSimMsw } from "../../test/sim/woocommerce/msw";
import { createWooSim } from "../../test/sim/woocommerce/sim";
import { createWooClient } from "./client/client";
import { formatStockRef, parseStockRef, productStockRef, variationStockRef } from "./stock-ref";

// The record that holds a listing's stock, and that a push to it is seen where the shopper sees it.

describe("stock refs", () => {
  it("name the product, the variation, or the parent that holds the stock", () => {
    expect(productStockRef({ id: 93, manageStock: true })).toBe("product:93");
    expect(productStockRef({ id: 93, manageStock: false })).toBeNull();
    expect(variationStockRef({ id: 23, parentId: 22, manageStock: true })).toBe("variation:22:23");
    expect(variationStockRef({ id: 23, parentId: 22, manageStock: "parent" })).toBe("product:22");
    expect(variationStockRef({ id: 23, parentId: 22, manageStock: false })).toBeNull();
    expect(variationStockRef({ id: 23, parentId: 0, manageStock: true })).toBeNull();
  });

  it("parse back to what they were made from, and nothing else", () => {
    for (const ref of [
      { kind: "product", id: 22 },
      { kind: "variation", parentId: 22, id: 23 },
    ] as const) {
      expect(parseStockRef(formatStockRef(ref))).toEqual(ref);
    }
    for (const bad of ["", "product:", "product:0", "product:12a", "variation:22", "variation:0:23", "sku:TEE", "22"])
      expect(parseStockRef(bad), bad).toBeNull();
  });
});

describe("a push through the ref", () => {
  const KEYS = { consumerKey: "ck_stock_ref_test_0123456789", consumerSecret: "cs_stock_ref_test_0123456789" };
  const SHOP = "https://refs-shop.example";
  const sim = createWooSim({ webhooks: { auto: false } });
  const store = sim.createStore({ url: SHOP, keys: [KEYS] });
  const server = startWooSimMsw(sim);
  afterAll(() => server.close());
  const client = createWooClient({ url: SHOP, ...KEYS });

  it("changes what the shopper sees for parent-held and own stock alike", async () => {
    const tote = store.addProduct({
      type: "variable",
      name: "Tote",
      stock: 6,
      variations: [
        { sku: "TOTE-NAT", attributes: { Colour: "Natural" } },
        { sku: "TOTE-BLK", stock: 2, attributes: { Colour: "Black" } },
      ],
    });
    const { items } = await client.listVariations(tote.id, { page: 1 });
    for (const [sku, quantity] of [
      ["TOTE-NAT", 11],
      ["TOTE-BLK", 5],
    ] as const) {
      const variation = items.find((item) => item.sku === sku)!;
      const ref = parseStockRef(variationStockRef(variation)!)!;
      const update = [{ id: ref.id, stockQuantity: quantity }];
      const [result] =
        ref.kind === "product"
          ? await client.updateProductStock(update)
          : await client.updateVariationStock(ref.parentId, update);
      expect(result).toMatchObject({ ok: true, stockQuantity: quantity });
      expect(store.stock(sku).stock_quantity).toBe(quantity);
    }
    // The parent-managed variation did not become a stock holder of its own.
    expect(store.stock("TOTE-NAT").manage_stock).toBe("parent");
  });
});
