import { redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { shopify } from "../shopify.server";
import { ensureShopifyShop } from "../services/shopify-install.server";
import { getSelectedShopId, requireOperator } from "./operator.server";

export type ShopContext = {
  shop: { id: string; name: string; currency: string };
  mode: "embedded" | "standalone";
  /** Who acts, for movement and timeline records. */
  actor: string;
};

/**
 * A request from inside the Shopify admin carries a session token (header) or the shop/host/id_token
 * launch parameters; everything else is the standalone admin.
 */
export function isEmbeddedRequest(request: Request): boolean {
  const url = new URL(request.url);
  if (request.headers.get("Authorization")?.startsWith("Bearer ")) return true;
  return url.searchParams.has("id_token") || (url.searchParams.has("shop") && url.searchParams.has("host"));
}

/** Authenticates the request and resolves the shop every query of the request is scoped by. */
export async function requireShopContext(request: Request): Promise<ShopContext> {
  const db = getDb();
  if (isEmbeddedRequest(request)) {
    const { session } = await shopify().authenticate.admin(request);
    const existing = await db.shop.findUnique({ where: { shopifyDomain: session.shop } });
    const shop = existing ?? (await ensureShopifyShop(db, { domain: session.shop })).shop;
    return {
      shop: pick(shop),
      mode: "embedded",
      actor: `shopify-user:${session.onlineAccessInfo?.associated_user.id ?? "staff"}`,
    };
  }
  const operator = await requireOperator(request);
  const selected = await getSelectedShopId(request);
  const shop =
    (selected ? await db.shop.findUnique({ where: { id: selected } }) : null) ??
    (await db.shop.findFirst({ orderBy: { createdAt: "asc" } }));
  if (!shop) throw redirect("/setup");
  return { shop: pick(shop), mode: "standalone", actor: `operator:${operator.email}` };
}

function pick(shop: { id: string; name: string; currency: string }) {
  return { id: shop.id, name: shop.name, currency: shop.currency };
}
