// The demo's two simulated stores, seeded with the demo catalog and served on local ports in this process: the
// Shopify platform (Admin API, token exchange, webhooks) and one WooCommerce site (REST API, webhooks).
import { createWooDemoStore, seedShopifyDemoStore } from "../test/sim/demo-catalog.ts";
import { startShopifySimServer, type SimServer } from "../test/sim/shopify/http-server.ts";
import type { ShopHandle } from "../test/sim/shopify/shop-handle.ts";
import { createShopifySim, type ShopifySim } from "../test/sim/shopify/sim.ts";
import { startWooSimServer, type WooSimServer } from "../test/sim/woocommerce/http-server.ts";
import type { WooSim } from "../test/sim/woocommerce/sim.ts";
import type { StoreHandle } from "../test/sim/woocommerce/store-handle.ts";

/** The app's client id and secret as the simulated Shopify knows them; the app is configured with the same. */
export const DEMO_SHOPIFY_APP = { apiKey: "demo-client-id", apiSecret: "demo-client-secret" };
export const DEMO_SHOPIFY_DOMAIN = "demo-outfitters.myshopify.com";
export const DEMO_WOO_KEYS = {
  consumerKey: "ck_demo_0123456789abcdef0123456789abcdef01234567",
  consumerSecret: "cs_demo_0123456789abcdef0123456789abcdef01234567",
};

export type DemoStores = {
  shopify: { sim: ShopifySim; shop: ShopHandle; server: SimServer };
  woo: { sim: WooSim; store: StoreHandle; server: WooSimServer };
  close(): Promise<void>;
};

export async function startDemoStores(): Promise<DemoStores> {
  const shopifySim = createShopifySim(DEMO_SHOPIFY_APP);
  // Seeded before any webhook address is set: the history is read by the backfill, not delivered as webhooks.
  const shop = await seedShopifyDemoStore(shopifySim, { domain: DEMO_SHOPIFY_DOMAIN });
  const shopifyServer = await startShopifySimServer(shopifySim);

  const { sim: wooSim, store } = createWooDemoStore();
  store.createKeys("read_write", { ...DEMO_WOO_KEYS, description: "ChannelLedger demo" });
  // 127.0.0.1, not localhost: over plain http the OAuth signature names the store's home URL, which is the server's.
  const wooServer = await startWooSimServer(wooSim, { host: "127.0.0.1", store });

  return {
    shopify: { sim: shopifySim, shop, server: shopifyServer },
    woo: { sim: wooSim, store, server: wooServer },
    close: async () => {
      await Promise.allSettled([shopifyServer.close(), wooServer.close()]);
    },
  };
}
