// Both simulated stores, in this process, each behind its own local HTTP server: a Shopify store with one location and
// a WooCommerce store of simple products, holding the same SKUs with the same stock. The app talks to them over HTTP
// like it talks to the real ones; the benchmark reads their state directly and watches every request they get.
import { startShopifySimServer, type SimServer } from "../../test/sim/shopify/http-server.ts";
import type { ShopHandle } from "../../test/sim/shopify/shop-handle.ts";
import { createShopifySim, type ShopifySim } from "../../test/sim/shopify/sim.ts";
import { levelKey } from "../../test/sim/shopify/state.ts";
import { startWooSimServer, type WooSimServer } from "../../test/sim/woocommerce/http-server.ts";
import { createWooSim, type WooSim } from "../../test/sim/woocommerce/sim.ts";
import type { StoreHandle } from "../../test/sim/woocommerce/store-handle.ts";
import { onCleanup } from "../lib/cleanup.ts";
import { SHOPIFY_APP } from "./app.ts";
import { CallLog } from "./call-log.ts";

export const SHOPIFY_DOMAIN = "bench-sync.myshopify.com";
export const SHOPIFY_LOCATION = "Warehouse";
export const WOO_KEYS = {
  consumerKey: "ck_bench_sync_0123456789abcdef0123456789abcdef012345",
  consumerSecret: "cs_bench_sync_0123456789abcdef0123456789abcdef012345",
};

export type CatalogEntry = {
  sku: string;
  /** The Shopify inventory item (numeric id) and the WooCommerce product that hold the SKU's stock. */
  shopifyItemId: string;
  wooProductId: string;
};

export type Stores = {
  shopifySim: ShopifySim;
  shopify: ShopHandle;
  shopifyServer: SimServer;
  wooSim: WooSim;
  woo: StoreHandle;
  wooServer: WooSimServer;
  catalog: CatalogEntry[];
  calls: CallLog;
  /** What each store shows for a SKU now: Shopify's available at its location, WooCommerce's stock_quantity. */
  shows: (sku: string) => { shopify: number | null; woocommerce: number | null };
  close: () => Promise<void>;
};

export const skuOf = (index: number) => `SYNC-${String(index + 1).padStart(5, "0")}`;

export async function startStores(size: number, stock: number): Promise<Stores> {
  const products = Array.from({ length: size }, (_, index) => ({
    sku: skuOf(index),
    title: `Bench item ${index + 1}`,
    stock,
  }));
  return openStores({
    domain: SHOPIFY_DOMAIN,
    name: "Bench Sync",
    storeName: "bench-sync",
    keys: WOO_KEYS,
    priceMinor: 1999,
    products,
  });
}

/** What openStores seeds: both stores hold each product under its SKU with the same stock. */
export type StoresSpec = {
  domain: string;
  name: string;
  storeName: string;
  keys: { consumerKey: string; consumerSecret: string };
  priceMinor: number;
  /** Shopify's policy for every variant; the simulator's default ("continue") when not given. */
  inventoryPolicy?: "deny" | "continue";
  products: { sku: string; title: string; stock: number }[];
};

/** Both simulated stores behind their local HTTP servers, seeded with the spec's products, with every call logged. */
export async function openStores(spec: StoresSpec): Promise<Stores> {
  const shopifySim = createShopifySim({ apiKey: SHOPIFY_APP.apiKey, apiSecret: SHOPIFY_APP.apiSecret });
  const shopify = shopifySim.createShop({ domain: spec.domain, name: spec.name, locations: [SHOPIFY_LOCATION] });
  const wooSim = createWooSim();
  const woo = wooSim.createStore({ name: spec.storeName });
  woo.createKeys("read_write", spec.keys);

  const catalog: CatalogEntry[] = [];
  const price = (spec.priceMinor / 100).toFixed(2);
  for (const { sku, title, stock } of spec.products) {
    const product = shopify.addProduct({
      title,
      variants: [
        {
          sku,
          priceMinor: spec.priceMinor,
          inventoryPolicy: spec.inventoryPolicy,
          stock: { [SHOPIFY_LOCATION]: stock },
        },
      ],
    });
    const variant = shopify.state.variants.get(product.variantIds[0]!)!;
    const wooProduct = woo.addProduct({ name: title, sku, price, stock });
    catalog.push({ sku, shopifyItemId: String(variant.inventoryItemId), wooProductId: String(wooProduct.id) });
  }
  // The products/update deliveries seeding raised were only recorded (no webhook URL yet): the backfill imports them.
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
