import type { ActionFunctionArgs } from "@remix-run/node";
import { getInboxDb } from "../db.server";
import { getLogger } from "../logger.server";
import { getQueue } from "../queue.server";
import { handleWooWebhook } from "../services/woocommerce/webhook-receive.server";

// POST /webhooks/woocommerce/:channelId: every WooCommerce store's webhooks arrive here, one path per channel.

export function loader() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleWooWebhook(request, params, {
    db: getInboxDb(),
    queue: getQueue(),
    logger: getLogger().child({ route: "webhooks.woocommerce" }),
  });
}
