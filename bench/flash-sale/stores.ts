// Both simulated stores for the sale, in this process behind their own local HTTP servers, holding the scenario's
// SKUs with each SKU's whole physical pool on show: Shopify with one location and every variant on "deny" (Shopify's
// default: no checkout beyond what is available), WooCommerce with managed stock and no backorders (its default).
// The sync benchmark's stores (openStores), so its quiet and convergence checks apply as they are.
import { openStores, type Stores } from "../sync/stores.ts";
import type { CatalogItem } from "./scenario.ts";

export const SHOPIFY_DOMAIN = "bench-flash-sale.myshopify.com";
export const WOO_KEYS = {
  consumerKey: "ck_bench_flash_0123456789abcdef0123456789abcdef012345",
  consumerSecret: "cs_bench_flash_0123456789abcdef0123456789abcdef012345",
};

export async function startSaleStores(items: CatalogItem[]): Promise<Stores> {
  return openStores({
    domain: SHOPIFY_DOMAIN,
    name: "Flash Sale",
    storeName: "bench-flash-sale",
    keys: WOO_KEYS,
    priceMinor: 2999,
    inventoryPolicy: "deny",
    products: items.map(({ sku, stock }, index) => ({ sku, title: `Flash item ${index + 1}`, stock })),
  });
}
