import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getConfig } from "../config.server";
import { getDb } from "../db.server";
import { wooAuthReturnLocation } from "../services/woocommerce/woo-auth.server";

// GET /woocommerce/auth/return?success=1|0&user_id=...: the merchant's browser after WooCommerce's grant screen,
// sent back to the channels screen with the outcome.

export async function loader({ request }: LoaderFunctionArgs) {
  const location = await wooAuthReturnLocation(new URL(request.url), getDb(), {
    shopifyApiKey: getConfig().SHOPIFY_API_KEY,
  });
  return redirect(location);
}
