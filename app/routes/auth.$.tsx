import type { LoaderFunctionArgs } from "@remix-run/node";
import { shopify } from "../shopify.server";

// The app is installed from the Shopify admin (token exchange): there is no login page to start an OAuth install
// from. The library refuses authenticate.admin() on its login path with an error (a 500), so that path is a 404.
const LOGIN_PATH = "/auth/login";

export async function loader({ request }: LoaderFunctionArgs) {
  if (new URL(request.url).pathname.replace(/\/+$/, "") === LOGIN_PATH) {
    return new Response("Install ChannelLedger from your Shopify admin.", { status: 404 });
  }
  await shopify().authenticate.admin(request);
  return null;
}
