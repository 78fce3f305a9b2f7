// The simulated stores as the demo's shoppers see them: a shelf (what each store shows in stock) and a checkout that
// goes through the store's own shopper path, the same as POST /_sim/shops/<domain>/orders and POST /_sim/orders.
// Each order then reaches the app the way a live store's would: by signed webhook.
import type { DemoStorefront } from "../app/services/demo/traffic.server.ts";
import { demoPopularity, demoSkus } from "../test/sim/demo-catalog.ts";
import type { ShopHandle } from "../test/sim/shopify/shop-handle.ts";
import type { StoreHandle } from "../test/sim/woocommerce/store-handle.ts";

const FIRST = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Rosalind", "Edsger", "Barbara", "Donald", "Frances"];
const LAST = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Johnson",
  "Torvalds",
  "Franklin",
  "Dijkstra",
  "Liskov",
  "Knuth",
  "Allen",
];

function shoppers(prefix: string) {
  let count = 0;
  return () => {
    count++;
    const firstName = FIRST[count % FIRST.length]!;
    const lastName = LAST[Math.floor(count / FIRST.length) % LAST.length]!;
    return { firstName, lastName, email: `${prefix}${count}@example.com` };
  };
}

/**
 * Shopify shows a variant in stock while a location has some; a basket is sent to the first location holding all of
 * it. Offering the best single location's figure keeps a one-line order from overselling anywhere.
 */
export function shopifyStorefront(shop: ShopHandle): DemoStorefront {
  const skus = demoSkus("shopify");
  const next = shoppers("shopify-shopper");
  return {
    name: "Shopify",
    shelf: () =>
      skus.map((sku) => ({
        sku,
        available: Math.max(0, ...Object.values(shop.levels(sku)).map((level) => level.available)),
        popularity: demoPopularity(sku),
      })),
    checkout: async (lines) => {
      const customer = next();
      await shop.placeOrder({ lines, email: customer.email, customer });
    },
  };
}

/** WooCommerce's shelf is each product's stock_quantity; its checkout refuses what is not in stock. */
export function wooStorefront(store: StoreHandle): DemoStorefront {
  const skus = demoSkus("woocommerce");
  const next = shoppers("woo-shopper");
  return {
    name: "WooCommerce",
    shelf: () =>
      skus.map((sku) => {
        const stock = store.stock(sku);
        return {
          sku,
          available: stock.manage_stock === true ? Math.max(0, stock.stock_quantity ?? 0) : 0,
          popularity: demoPopularity(sku),
        };
      }),
    checkout: async (lines) => {
      const customer = next();
      store.placeOrder({
        lines,
        email: customer.email,
        billing: { first_name: customer.firstName, last_name: customer.lastName },
      });
    },
  };
}
