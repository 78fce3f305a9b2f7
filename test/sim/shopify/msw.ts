import { http, type RequestHandler } from "msw";
import { setupServer, type SetupServer } from "msw/node";
import { serveBulkOutput } from "./bulk-http";
import type { ShopifySim } from "./sim";

// The simulator in-process for tests: msw answers fetches to https://<shop>.myshopify.com (and to any extra origin,
// for code running with SHOPIFY_ADMIN_ORIGIN) from the simulator, and lets every other request through.

export function shopifySimHandlers(sim: ShopifySim, options: { origins?: string[] } = {}): RequestHandler[] {
  const bases = ["https://*.myshopify.com", ...(options.origins ?? []).map((origin) => new URL(origin).origin)];
  return bases.flatMap((base) => [
    http.post(`${base}/admin/api/:version/graphql.json`, ({ request }) => sim.handle(request)),
    http.post(`${base}/admin/oauth/access_token`, ({ request }) => sim.handle(request)),
    // Bulk operation results: signed links on the same origin (bulk-http.ts).
    http.get(`${base}/bulk-operation-outputs/*`, ({ request }) => serveBulkOutput(sim, request) ?? undefined),
  ]);
}

export function startShopifySimMsw(sim: ShopifySim, options: { origins?: string[] } = {}): SetupServer {
  const server = setupServer(...shopifySimHandlers(sim, options));
  server.listen({ onUnhandledRequest: "bypass" });
  return server;
}
