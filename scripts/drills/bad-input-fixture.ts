import { configuredEncryptionKey, decryptSecret } from "../../app/crypto.server.ts";
import { createApiKey, revokeApiKey } from "../../app/services/api-keys.server.ts";
import { signSessionToken } from "../../test/sim/shopify/session-token.ts";
import { BROWSER_UA, type Credentials } from "./bad-input-probe.ts";
import type { Cluster } from "./support/cluster.ts";
import { SHOPIFY_DOMAIN, type World } from "./support/world.ts";

// What drill:bad-input aims at: the world's shop with its three principals (a REST API key, the embedded admin's
// session token, the standalone operator's login), a revoked key, the ids a corpus needs to reach past "not found",
// the WooCommerce channel's webhook secret, and real webhook payloads to mutate. Everything here is set up before the
// "before" snapshot, so none of it counts as a change.

export type ShopifyApp = { apiKey: string; apiSecret: string };

export type Fixture = {
  url: string;
  shopId: string;
  shopDomain: string;
  app: ShopifyApp;
  credentials: Credentials & { apiKeyId: string };
  revokedKey: string;
  encryptionKey: Buffer;
  wooStoreUrl: string;
  wooSecret: string;
  ids: {
    openOrder: { id: string; lineIds: string[] };
    shippedOrder: { id: string; lineIds: string[] };
    fulfillmentId: string;
    item: { id: string; sku: string };
    locationId: string;
    shopifyChannelId: string;
    wooChannelId: string;
  };
  samples: { shopifyOrder: string; wooOrder: string };
};

export function shopifyAppOf(cluster: Cluster): ShopifyApp {
  return { apiKey: cluster.env.SHOPIFY_API_KEY!, apiSecret: cluster.env.SHOPIFY_API_SECRET! };
}

/** Signs the standalone operator in (POST /login) and returns the session cookie. */
export async function operatorCookie(cluster: Cluster): Promise<string> {
  const response = await fetch(`${cluster.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER_UA },
    body: new URLSearchParams({ email: cluster.env.OPERATOR_EMAIL!, password: cluster.env.OPERATOR_PASSWORD! }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 302 || !cookie) throw new Error(`the operator login answered ${response.status}`);
  return cookie;
}

/** A shop's three principals; the API key is used once so its lastUsedAt is set before any snapshot. */
export async function credentialsFor(
  cluster: Cluster,
  shop: { id: string; domain: string },
  name = "drill",
): Promise<Credentials & { apiKeyId: string }> {
  const { key, apiKey } = await createApiKey(cluster.db, { shopId: shop.id, name });
  const warmed = await fetch(`${cluster.url}/api/v1/orders?limit=1`, { headers: { authorization: `Bearer ${key}` } });
  if (warmed.status !== 200) throw new Error(`the drill's API key answered ${warmed.status}`);
  const app = shopifyAppOf(cluster);
  return {
    apiKey: key,
    apiKeyId: apiKey.id,
    sessionToken: () => signSessionToken(shop.domain, app),
    operatorCookie: await operatorCookie(cluster),
  };
}

async function lineIdsOf(cluster: Cluster, orderId: string) {
  const lines = await cluster.db.orderLine.findMany({
    where: { orderId },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  return lines.map((line) => line.id);
}

export async function buildFixture(world: World): Promise<Fixture> {
  const { cluster, shopId } = world;
  const db = cluster.db;
  const credentials = await credentialsFor(cluster, { id: shopId, domain: SHOPIFY_DOMAIN });
  const revoked = await createApiKey(db, { shopId, name: "drill-revoked" });
  await revokeApiKey(db, { shopId, id: revoked.apiKey.id });
  const encryptionKey = configuredEncryptionKey({ ENCRYPTION_KEY: cluster.env.ENCRYPTION_KEY });
  const woo = await db.channel.findUniqueOrThrow({ where: { id: world.woo.channelId } });
  // One order on each store, so each channel's inbox holds a real order delivery to mutate.
  await world.shopify.store.placeOrder({ lines: [{ sku: "MUG-12", quantity: 1 }], email: "sample@example.com" });
  world.woo.store.placeOrder({ lines: [{ sku: "MUG-12", quantity: 1 }], email: "sample@example.com" });
  await world.settled();

  const open = await db.order.findFirstOrThrow({
    where: { shopId, status: "open", fulfillmentStatus: "unfulfilled", channelId: world.shopify.channelId },
    orderBy: { id: "asc" },
  });
  const shipped = await db.order.findFirstOrThrow({
    where: { shopId, fulfillmentStatus: "fulfilled", channelId: world.shopify.channelId },
    orderBy: { id: "asc" },
  });
  const fulfillment = await db.fulfillment.findFirstOrThrow({ where: { shopId }, orderBy: { id: "asc" } });
  const item = await db.inventoryItem.findFirstOrThrow({ where: { shopId }, orderBy: { sku: "asc" } });
  const location = await db.location.findFirstOrThrow({ where: { shopId, name: "Warehouse" } });
  const shopifyOrder = await db.inboxEvent.findFirstOrThrow({
    where: { channelId: world.shopify.channelId, topic: { in: ["orders/updated", "orders/create"] } },
  });
  const wooOrder = await db.inboxEvent.findFirstOrThrow({
    where: { channelId: world.woo.channelId, topic: { startsWith: "order." } },
  });

  return {
    url: cluster.url,
    shopId,
    shopDomain: SHOPIFY_DOMAIN,
    app: shopifyAppOf(cluster),
    credentials,
    revokedKey: revoked.key,
    encryptionKey,
    wooStoreUrl: world.woo.server.storeUrl,
    wooSecret: decryptSecret(woo.webhookSecret!, encryptionKey),
    ids: {
      openOrder: { id: open.id, lineIds: await lineIdsOf(cluster, open.id) },
      shippedOrder: { id: shipped.id, lineIds: await lineIdsOf(cluster, shipped.id) },
      fulfillmentId: fulfillment.id,
      item: { id: item.id, sku: item.sku },
      locationId: location.id,
      shopifyChannelId: world.shopify.channelId,
      wooChannelId: world.woo.channelId,
    },
    samples: { shopifyOrder: shopifyOrder.payload, wooOrder: wooOrder.payload },
  };
}
