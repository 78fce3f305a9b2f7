import { sleep } from "../../jobs/timing.ts";
import { seededRandom } from "../../app/seeded-random.ts";
import type { ShopHandle } from "../../test/sim/shopify/shop-handle.ts";
import type { StoreHandle } from "../../test/sim/woocommerce/store-handle.ts";
import type { World } from "./support/world.ts";

// The store activity of drill:chaos: one fixed script (and a seeded tail of shopper orders) on both stores, covering
// the lifecycle the simulators support. It reads nothing from the app and nothing the app's pushes change, so two
// worlds that run it make the same store-side changes whatever their deliveries do.

/** SKUs both stores sell, stocked in Shopify at the Warehouse only (the location WooCommerce stands for). */
export const DRILL_SKUS = ["DRL-JKT-M", "DRL-JKT-L", "DRL-BTL"] as const;

/** Before the app connects: the shared products, with the same figures on both stores. */
export function addDrillProducts(stores: { shopify: ShopHandle; woo: StoreHandle }) {
  stores.shopify.addProduct({
    title: "Drill Jacket",
    variants: [
      { sku: "DRL-JKT-M", title: "M", priceMinor: 8900, stock: { Warehouse: 60 } },
      { sku: "DRL-JKT-L", title: "L", priceMinor: 8900, stock: { Warehouse: 60 } },
    ],
  });
  stores.shopify.addProduct({
    title: "Drill Bottle",
    variants: [{ sku: "DRL-BTL", priceMinor: 2500, stock: { Warehouse: 80 } }],
  });
  stores.woo.addProduct({
    type: "variable",
    name: "Drill Jacket",
    variations: [
      { sku: "DRL-JKT-M", price: "89.00", stock: 60, attributes: { Size: "M" } },
      { sku: "DRL-JKT-L", price: "89.00", stock: 60, attributes: { Size: "L" } },
    ],
  });
  stores.woo.addProduct({ name: "Drill Bottle", sku: "DRL-BTL", price: "25.00", stock: 80 });
}

export type ScenarioFigures = { steps: number; shopifyOrders: number; wooOrders: number };

export async function runScenario(world: World, options: { seed: number; gapMs?: number }): Promise<ScenarioFigures> {
  const shopify = world.shopify.store;
  const woo = world.woo.store;
  const gap = () => sleep(options.gapMs ?? 150);
  let steps = 0;
  let shopifyOrders = 0;
  let wooOrders = 0;
  /** One store action, then a moment before the next (as people act). */
  const step = async <T>(action: () => T | Promise<T>): Promise<T> => {
    const result = await action();
    steps += 1;
    await gap();
    return result;
  };
  const shopifyLine = (orderId: number, sku: string) =>
    shopify.state.orders.get(orderId)!.lineItems.find((line) => line.sku === sku)!.id;
  const wooLine = (orderId: number, sku: string) =>
    woo
      .orderRecord(orderId)
      .lineItems.find((line) => woo.state.products.get(line.variationId || line.productId)?.sku === sku)!.id;
  const shopifyOrder = (lines: { sku: string; quantity: number }[], email: string) => {
    shopifyOrders += 1;
    return step(() =>
      shopify.placeOrder({ lines, email, customer: { firstName: "Drill", lastName: email.split("@")[0] } }),
    );
  };
  const wooOrder = (lines: { sku: string; quantity: number }[], email: string) => {
    wooOrders += 1;
    return step(() => woo.placeOrder({ lines, email }));
  };

  // Shopper orders on both stores, several lines, the same SKUs.
  const a = await shopifyOrder(
    [
      { sku: "DRL-JKT-M", quantity: 2 },
      { sku: "DRL-BTL", quantity: 1 },
      { sku: "MUG-12", quantity: 1 },
    ],
    "ana@example.com",
  );
  const w1 = await wooOrder(
    [
      { sku: "DRL-JKT-M", quantity: 1 },
      { sku: "DRL-BTL", quantity: 2 },
    ],
    "wes@example.com",
  );
  const b = await shopifyOrder(
    [
      { sku: "DRL-JKT-L", quantity: 3 },
      { sku: "DRL-BTL", quantity: 2 },
    ],
    "bo@example.com",
  );
  const w2 = await wooOrder(
    [
      { sku: "DRL-JKT-L", quantity: 2 },
      { sku: "MUG-12", quantity: 1 },
    ],
    "wil@example.com",
  );
  // An order edited in the Shopify admin (a line lowered), another cancelled there and one cancelled in WooCommerce.
  await step(() => shopify.editLineQuantity(a.id, shopifyLine(a.id, "DRL-JKT-M"), 1));
  const c = await shopifyOrder(
    [
      { sku: "DRL-BTL", quantity: 1 },
      { sku: "DRL-JKT-M", quantity: 1 },
    ],
    "cy@example.com",
  );
  const w3 = await wooOrder([{ sku: "DRL-BTL", quantity: 1 }], "wyn@example.com");
  await step(() => shopify.cancelOrder(c.id, { restock: true, reason: "customer" }));
  await step(() => woo.cancelOrder(w3.id));
  // Fulfilments made in the stores' admins: a whole order, a WooCommerce order completed, part of an order.
  const fulfilled = await step(() => shopify.fulfil(b.id, { tracking: { company: "UPS", number: "1ZDRILLB" } }));
  await step(() => woo.completeOrder(w1.id));
  // A return processed in Shopify (restocked, refunded) and a partial refund with restock in WooCommerce.
  const jacketLine = fulfilled.lineItems.find((line) => line.lineItemId === shopifyLine(b.id, "DRL-JKT-L"))!;
  const opened = await step(() => shopify.createReturn(b.id, [{ fulfillmentLineItemId: jacketLine.id, quantity: 1 }]));
  await step(() =>
    shopify.processReturn(opened.id, [
      {
        returnLineItemId: opened.lineItems[0]!.id,
        quantity: 1,
        dispositions: [{ quantity: 1, type: "RESTOCKED" }],
      },
    ]),
  );
  await step(() =>
    woo.refundOrder(w2.id, {
      reason: "too big",
      lines: [{ lineItemId: wooLine(w2.id, "DRL-JKT-L"), quantity: 1, refundTotal: "89.00" }],
    }),
  );
  await step(() => shopify.fulfil(a.id, { lines: [{ lineItemId: shopifyLine(a.id, "DRL-JKT-M"), quantity: 1 }] }));
  // Stock changed in the stores' admins (the ledger is the stock master: both are set back).
  await step(() => shopify.setAvailable({ sku: "DRL-BTL", location: "Warehouse", available: 70 }));
  await step(() => woo.setStock("DRL-JKT-M", 40));
  // A product added in the Shopify admin, and its stock counted there: its first figure, the item's opening stock,
  // whichever of its two deliveries comes first. It is not sold in the same burst: an order that reaches the ledger
  // more than the opening's wait (10 s) after a figure that already counts it is taken from the stock twice, a limit
  // of the app left as it is (see the drill's report).
  await step(() =>
    shopify.addProduct({
      title: "Drill Scarf",
      variants: [{ sku: "DRL-SCF", priceMinor: 3200, stock: { Warehouse: 12 } }],
    }),
  );
  await step(() => shopify.setAvailable({ sku: "DRL-SCF", location: "Warehouse", available: 14 }));
  await shopifyOrder(
    [
      { sku: "DRL-BTL", quantity: 1 },
      { sku: "DRL-JKT-L", quantity: 1 },
    ],
    "dee@example.com",
  );
  // A WooCommerce variation whose stock is its parent's.
  await wooOrder(
    [
      { sku: "DRL-JKT-M", quantity: 1 },
      { sku: "TOTE-BLK", quantity: 1 },
    ],
    "wat@example.com",
  );

  // A seeded tail of shoppers on both stores.
  const random = seededRandom(options.seed);
  for (let index = 0; index < 8; index++) {
    const lines = DRILL_SKUS.filter(() => random() < 0.6).map((sku) => ({
      sku,
      quantity: 1 + Math.floor(random() * 2),
    }));
    if (lines.length === 0) lines.push({ sku: "DRL-BTL", quantity: 1 });
    if (index % 2 === 0) await shopifyOrder(lines, `tail${index}@example.com`);
    else await wooOrder(lines, `tail${index}@example.com`);
  }
  return { steps, shopifyOrders, wooOrders };
}
