import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "../db.server";
import { getLogger } from "../logger.server";
import { getQueue } from "../queue.server";
import { handleWooAuthCallback } from "../services/woocommerce/woo-auth.server";

// POST /woocommerce/auth/callback: WooCommerce's one-click key grant delivers the new keys here, server to server.

export function loader() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request }: ActionFunctionArgs) {
  return handleWooAuthCallback(request, getDb(), {
    queue: getQueue(),
    logger: getLogger().child({ route: "woocommerce.auth.callback" }),
  });
}
