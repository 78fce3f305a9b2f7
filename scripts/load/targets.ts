import type { Mode } from "../drills/support/cluster.ts";
import type { LoadWorld } from "./load-world.ts";
import type { Target } from "./measure.ts";

// What is measured in each mode. Webhooks: Shopify orders/create and WooCommerce order.created + order.updated.
// Screens: the dashboard, the order list, order pages (cycling through a sample of orders), inventory and returns,
// signed in as the operator. In scale-out mode the public address is the balancer; the Shopify webhook and the
// order list are measured a second time straight at the two web processes (autocannon spreading its connections
// over both), which shows what the balancer costs.

export const ORDER_PAGE_SAMPLE = 500;

export async function targetsFor(mode: Mode, load: LoadWorld, connections: number) {
  const { world } = load;
  const db = world.cluster.db;
  const ids = await db.order.findMany({ where: { shopId: world.shopId }, select: { id: true } });
  // A fixed stride through the orders: old and new, both channels, the same sample on every run.
  const stride = Math.max(1, Math.floor(ids.length / ORDER_PAGE_SAMPLE));
  const orderPaths = ids.filter((_, index) => index % stride === 0).map((order) => `/app/orders/${order.id}`);
  const publicUrl = [world.cluster.url];
  const via = mode === "embedded" ? "app" : "balancer";
  const page = (name: string, paths: string[], urls = publicUrl, by: Target["via"] = via): Target => ({
    name,
    via: by,
    job: { urls, connections, requests: { kind: "pages", paths, cookie: load.cookie } },
  });
  const shopifyWebhook = (urls: string[], by: Target["via"]): Target => ({
    name: "webhook Shopify orders/create",
    via: by,
    job: { urls, connections, requests: load.shopify },
    webhook: { topics: ["orders/create"], source: `shopify:${load.shopify.shopDomain}` },
  });
  const screens: Target[] = [
    page("screen /app?period=30d (dashboard)", ["/app?period=30d"]),
    page("screen /app/orders", ["/app/orders"]),
    page("screen /app/orders/:id", orderPaths),
    page("screen /app/inventory", ["/app/inventory"]),
    page("screen /app/returns", ["/app/returns"]),
  ];
  const webhooks: Target[] = [
    shopifyWebhook(publicUrl, via),
    {
      name: "webhook WooCommerce order.created+updated",
      via,
      job: { urls: publicUrl, connections, requests: load.woo },
      webhook: { topics: ["order.created", "order.updated"], source: `woocommerce:${load.woo.channelId}` },
    },
  ];
  if (mode === "scale-out") {
    screens.push(page("screen /app/orders", ["/app/orders"], load.webUrls, "direct"));
    webhooks.push(shopifyWebhook(load.webUrls, "direct"));
  }
  return { screens, webhooks };
}
