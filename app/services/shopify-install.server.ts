import type { Db } from "../db.server";

/**
 * Runs after Shopify authorises the app for a shop: the shop becomes a tenant and its Shopify store
 * its first channel. Idempotent, because Shopify re-runs auth on every reinstall and scope change.
 */
export async function ensureShopifyShop(db: Db, input: { domain: string; name?: string }) {
  const domain = input.domain.toLowerCase();
  const shop = await db.shop.upsert({
    where: { shopifyDomain: domain },
    create: { name: input.name ?? domain.replace(/\.myshopify\.com$/, ""), shopifyDomain: domain },
    update: { uninstalledAt: null },
  });
  const channel = await db.channel.upsert({
    where: { shopId_kind_externalRef: { shopId: shop.id, kind: "shopify", externalRef: domain } },
    create: { shopId: shop.id, kind: "shopify", name: "Shopify", externalRef: domain, status: "connected" },
    update: { status: "connected" },
  });
  return { shop, channel };
}
