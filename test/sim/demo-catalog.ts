import { seededRandom } from "../../app/seeded-random";
import type { ShopHandle } from "./shopify/shop-handle";
import type { ShopifySim } from "./shopify/sim";
import { createWooSim, type WooSim } from "./woocommerce/sim";
import type { StoreHandle } from "./woocommerce/store-handle";

// The stores behind `npm run demo`: one outfitter selling 50 SKUs on a Shopify store (two locations) and a WooCommerce
// store, twelve of them on both, with a month of orders on each. Deterministic, so every demo and every training
// session starts from the same shelves. The Woo store's stock stands for the Shopify store's Warehouse: a shared SKU
// starts with the same figure on both, as a merchant who keeps the two in step by hand would have it.

export type DemoVariant = {
  sku: string;
  /** The variant's option (size, colour), when the product has several. */
  option?: string;
  priceMinor: number;
  /** How often shoppers pick it, relative to the others. */
  popularity: number;
  warehouse: number;
  /** Units on the Storefront location's shelf (Shopify only; zero when not stocked there). */
  storefront: number;
};

export type DemoProduct = {
  title: string;
  sells: "shopify" | "woocommerce" | "both";
  variants: DemoVariant[];
};

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

// Opening stock: varied but fixed, from the SKU's position in the catalog.
const warehouseUnits = (index: number) => 24 + ((index * 7) % 20);
const storefrontUnits = (index: number) => 4 + ((index * 3) % 7);

function product(
  title: string,
  sells: DemoProduct["sells"],
  priceMinor: number,
  popularity: number,
  variants: [sku: string, option?: string][],
): DemoProduct {
  return {
    title,
    sells,
    variants: variants.map(([sku, option]) => ({ sku, option, priceMinor, popularity, warehouse: 0, storefront: 0 })),
  };
}

const sizes = (code: string) => ["S", "M", "L", "XL"].map((size): [string, string] => [`${code}-${size}`, size]);

const PRODUCTS: DemoProduct[] = [
  // Apparel sells on Shopify only: sizes and colours as variants.
  product("Harbour Tee Black", "shopify", 2400, 3, sizes("TEE-BLK")),
  product("Harbour Tee White", "shopify", 2400, 3, sizes("TEE-WHT")),
  product("Harbour Tee Navy", "shopify", 2400, 2, sizes("TEE-NVY")),
  product("Ridge Hoodie Grey", "shopify", 6800, 2, sizes("HOOD-GRY")),
  product("Ridge Hoodie Forest", "shopify", 6800, 1, sizes("HOOD-FOR")),
  product("Field Jacket", "shopify", 12900, 1, [
    ["JKT-S", "S"],
    ["JKT-M", "M"],
    ["JKT-L", "L"],
  ]),
  // Sold on both stores from the same Warehouse shelf: where overselling would happen without the ledger.
  product("Enamel Mug", "both", 1400, 3, [
    ["MUG-12", "12 oz"],
    ["MUG-16", "16 oz"],
  ]),
  product("Five-panel Cap", "both", 2900, 2, [
    ["CAP-NVY", "Navy"],
    ["CAP-OLV", "Olive"],
  ]),
  product("Merino Socks", "both", 1600, 3, [
    ["SOCK-3P", "3-pack"],
    ["SOCK-HIKE", "Hiking"],
  ]),
  product("Ribbed Beanie", "both", 2500, 2, [
    ["BEAN-CHR", "Charcoal"],
    ["BEAN-RST", "Rust"],
  ]),
  product("Canvas Tote", "both", 3200, 2, [
    ["TOTE-NAT", "Natural"],
    ["TOTE-BLK", "Black"],
  ]),
  product("Steel Bottle", "both", 2800, 2, [
    ["BOTTLE-500", "500 ml"],
    ["BOTTLE-750", "750 ml"],
  ]),
  // Prints and small goods sell on WooCommerce only.
  product("Coast Poster A2", "woocommerce", 1800, 1, [["POSTER-COAST"]]),
  product("Peak Poster A2", "woocommerce", 1800, 1, [["POSTER-PEAK"]]),
  product("Forest Print A3", "woocommerce", 1200, 1, [["PRINT-FOREST"]]),
  product("Harbour Print A3", "woocommerce", 1200, 1, [["PRINT-HARBOUR"]]),
  product("Sticker Pack", "woocommerce", 600, 3, [["STICKER-PACK"]]),
  product("Compass Patch", "woocommerce", 800, 2, [["PATCH-COMPASS"]]),
  product("Pine Patch", "woocommerce", 800, 2, [["PATCH-PINE"]]),
  product("Cedar Candle", "woocommerce", 2200, 1, [["CANDLE-CEDAR"]]),
  product("Sea Salt Candle", "woocommerce", 2200, 1, [["CANDLE-SEA"]]),
  product("Trails Guidebook", "woocommerce", 2600, 1, [["BOOK-TRAILS"]]),
  product("North Trail Map", "woocommerce", 1100, 1, [["MAP-NORTH"]]),
  product("South Trail Map", "woocommerce", 1100, 1, [["MAP-SOUTH"]]),
  product("Enamel Pin", "woocommerce", 900, 2, [["PIN-ENAMEL"]]),
  product("Bandana", "woocommerce", 1300, 2, [
    ["BANDANA-RED", "Red"],
    ["BANDANA-NVY", "Navy"],
  ]),
];

export const DEMO_CATALOG: readonly DemoProduct[] = PRODUCTS.map((entry, productIndex) => ({
  ...entry,
  variants: entry.variants.map((variant, variantIndex) => {
    const index = productIndex * 4 + variantIndex;
    return {
      ...variant,
      warehouse: warehouseUnits(index),
      storefront: entry.sells === "woocommerce" ? 0 : storefrontUnits(index),
    };
  }),
}));

export const DEMO_LOCATIONS = ["Warehouse", "Storefront"] as const;
/** The Shopify location whose stock the WooCommerce store sells. */
export const WOO_STOCK_LOCATION = "Warehouse";

const sold = (on: "shopify" | "woocommerce") =>
  DEMO_CATALOG.filter((entry) => entry.sells === on || entry.sells === "both");

export const demoSkus = (on: "shopify" | "woocommerce"): string[] =>
  sold(on).flatMap((entry) => entry.variants.map((variant) => variant.sku));

/** How often shoppers pick a SKU, relative to the others (1 for one the catalog does not know). */
export function demoPopularity(sku: string): number {
  for (const entry of DEMO_CATALOG) {
    const found = entry.variants.find((variant) => variant.sku === sku);
    if (found) return found.popularity;
  }
  return 1;
}

type HistoryLine = { sku: string; quantity: number };

/** A month of orders, 1 to 30 days old (none today, so today's figures show only the live traffic). */
function history(skus: string[], count: number, seed: number, now: number) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(now - (30 - (index * 29) / count) * DAY - Math.floor(random() * (DAY / 2)));
    const lines: HistoryLine[] = [];
    const wanted = random() < 0.7 ? 1 : 2;
    while (lines.length < wanted) {
      const sku = skus[Math.floor(random() * skus.length)]!;
      if (!lines.some((line) => line.sku === sku)) lines.push({ sku, quantity: random() < 0.8 ? 1 : 2 });
    }
    return { at, lines, roll: random(), customer: index + 1 };
  });
}

/** The Shopify side: two locations, 35 SKUs, 40 orders (shipped after a day, a few cancelled, the newest open). */
export async function seedShopifyDemoStore(
  sim: ShopifySim,
  options: { domain?: string; now?: number } = {},
): Promise<ShopHandle> {
  const shop = sim.createShop({
    domain: options.domain ?? "demo-outfitters.myshopify.com",
    name: "Demo Outfitters",
    locations: [...DEMO_LOCATIONS],
  });
  for (const entry of sold("shopify")) {
    shop.addProduct({
      title: entry.title,
      variants: entry.variants.map((variant) => ({
        sku: variant.sku,
        title: variant.option,
        priceMinor: variant.priceMinor,
        stock: { Warehouse: variant.warehouse, Storefront: variant.storefront },
      })),
    });
  }
  const now = options.now ?? Date.now();
  for (const order of history(demoSkus("shopify"), 40, 2026, now)) {
    const placed = await shop.placeOrder({
      lines: order.lines,
      email: `customer${order.customer}@example.com`,
      customer: { firstName: "Customer", lastName: String(order.customer) },
      at: order.at,
    });
    if (order.roll < 0.06) await shop.cancelOrder(placed.id);
    else if (order.at.getTime() < now - 3 * DAY) {
      const shipped = new Date(order.at.getTime() + DAY);
      await shop.fulfil(placed.id, { tracking: { company: "UPS", number: `1Z${placed.number}` }, at: shipped });
    }
  }
  return shop;
}

/**
 * The WooCommerce side, on its own simulated platform: 27 SKUs (two variable products), 25 orders (completed a day or
 * two after they were placed, the newest open). Its clock is set back while the history is written, so an old order
 * was completed back then, not today: WooCommerce stamps a status change with the time it happens.
 */
export function createWooDemoStore(options: { url?: string; now?: number } = {}): { sim: WooSim; store: StoreHandle } {
  let setBackTo: number | null = null;
  const sim = createWooSim({ now: () => setBackTo ?? Date.now() });
  const store = sim.createStore({ url: options.url ?? "https://woo.demo-outfitters.example", name: "Demo Outfitters" });
  const price = (minor: number) => (minor / 100).toFixed(2);
  for (const entry of sold("woocommerce")) {
    const [first] = entry.variants;
    if (entry.variants.length === 1 && first) {
      store.addProduct({ name: entry.title, sku: first.sku, price: price(first.priceMinor), stock: first.warehouse });
      continue;
    }
    store.addProduct({
      type: "variable",
      name: entry.title,
      variations: entry.variants.map((variant) => ({
        sku: variant.sku,
        price: price(variant.priceMinor),
        stock: variant.warehouse,
        attributes: { Option: variant.option ?? variant.sku },
      })),
    });
  }
  const now = options.now ?? Date.now();
  for (const order of history(demoSkus("woocommerce"), 25, 2027, now)) {
    const placed = store.placeOrder({
      lines: order.lines,
      email: `shopper${order.customer}@example.com`,
      at: order.at,
    });
    if (order.roll < 0.05) {
      setBackTo = order.at.getTime() + HOUR;
      store.cancelOrder(placed.id);
    } else if (order.at.getTime() < now - 3 * DAY) {
      setBackTo = order.at.getTime() + DAY + (order.customer % 4) * 6 * HOUR;
      store.completeOrder(placed.id);
    }
    setBackTo = null;
  }
  return { sim, store };
}
