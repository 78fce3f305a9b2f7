import type { ActionFunctionArgs } from "@remix-run/node";
import { getConfig } from "../config.server";
import { getInboxDb } from "../db.server";
import { getLogger } from "../logger.server";
import { getQueue } from "../queue.server";
import { handleShopifyWebhook } from "../services/inbox/shopify-webhook.server";

// POST /webhooks/shopify: every Shopify topic the app subscribes to arrives here.

export function loader() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request }: ActionFunctionArgs) {
  return handleShopifyWebhook(request, {
    db: getInboxDb(),
    queue: getQueue(),
    secret: getConfig().SHOPIFY_API_SECRET,
    logger: getLogger().child({ route: "webhooks.shopify" }),
  });
}
