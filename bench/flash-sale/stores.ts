// Both simulated stores for the sale, in this process behind their own local HTTP servers, holding the scenario's
// SKUs with each SKU's whole physical pool on show: Shopify with one location and every variant on "deny" (Shopify's
// default: no checkout beyond what is available), WooCommerce with managed stock and no backorders (its default).
// The shape is the sync benchmark's, so its quiet and convergence checks apply as they are.
import { startShopifySimServer } from "../../test/sim/shopify/http-server.ts";
import { createShopifySim } from "../../test/sim/shopify/sim.ts";
import { levelKey } from "../../test/sim/shopify/state.ts";
import { startWooSimServer } from "../../test/sim/woocommerce/http-server.ts";
import { createWooSim } from "../../test/sim/woocommerce/sim.ts";
import { onCleanup } from "../lib/cleanup.ts";
import { SHOPIFY_APP } from "../sync/app.ts";
import { CallLog } from "../sync/call-log.ts";
import type { CatalogEntry, Stores } from "../sync/stores.ts";
import type { CatalogItem } from "./scenario.ts";

export const SHOPIFY_DOMAIN = "bench-flash-sale.myshopify.com";
export const SHOPIFY_LOCATION = "Warehouse";
export const WOO_KEYS = {
  consumerKey: "ck_bench_flash_0123456789abcdef0123456789abcdef012345",
  consumerSecret: "cs_bench_flash_0123456789abcdef0123456789abcdef012345",
};

export async function startSaleStores(items: CatalogItem[]): Promise<Stores> {
  const shopifySim = createShopifySim({ apiKey: SHOPIFY_APP.apiKey, apiSecret: SHOPIFY_APP.apiSecret });
  const shopify = shopifySim.createShop({ domain: SHOPIFY_DOMAIN, name: "Flash Sale", locations: [SHOPIFY_LOCATION] });
  const wooSim = createWooSim();
  const woo = wooSim.createStore({ name: "bench-flash-sale" });
  woo.createKeys("read_write", WOO_KEYS);

  const catalog: CatalogEntry[] = [];
  for (const [index, { sku, stock }] of items.entries()) {
    const title = `Flash item ${index + 1}`;
    const product = shopify.addProduct({
      title,
      variants: [{ sku, priceMinor: 2999, inventoryPolicy: "deny", stock: { [SHOPIFY_LOCATION]: stock } }],
    });
    const variant = shopify.state.variants.get(product.variantIds[0]!)!;
    const wooProduct = woo.addProduct({ name: title, sku, price: "29.99", stock });
    catalog.push({ sku, shopifyItemId: String(variant.inventoryItemId), wooProductId: String(wooProduct.id) });
  }
  // Seeding's products/update deliveries were only recorded (no webhook URL yet): the backfill imports the products.
  shopifySim.webhooks.deliveries.length = 0;

  const shopifyServer = await startShopifySimServer(shopifySim);
  const unregisterShopify = onCleanup("stop the Shopify simulator", () => shopifyServer.close());
  const wooServer = await startWooSimServer(wooSim, { host: "127.0.0.1", store: woo });
  const unregisterWoo = onCleanup("stop the WooCommerce simulator", () => wooServer.close());
  const calls = new CallLog();
  const stopWatching = calls.watch(shopifySim, wooSim);

  const locationId = shopify.location(SHOPIFY_LOCATION).id;
  const bySku = new Map(catalog.map((entry) => [entry.sku, entry]));
  const shows = (sku: string) => {
    const entry = bySku.get(sku);
    const level = entry ? shopify.state.levels.get(levelKey(Number(entry.shopifyItemId), locationId)) : undefined;
    const product = entry ? woo.state.products.get(Number(entry.wooProductId)) : undefined;
    return { shopify: level?.quantities.available ?? null, woocommerce: product?.stockQuantity ?? null };
  };
  return {
    shopifySim,
    shopify,
    shopifyServer,
    wooSim,
    woo,
    wooServer,
    catalog,
    calls,
    shows,
    close: async () => {
      stopWatching();
      unregisterShopify();
      unregisterWoo();
      await Promise.all([shopifyServer.close(), wooServer.close()]);
    },
  };
}
