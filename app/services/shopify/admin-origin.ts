import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

// SHOPIFY_ADMIN_ORIGIN (development and tests only): every request the Shopify library makes to a shop
// (https://<shop>.myshopify.com/...: token exchange, token refresh, Admin GraphQL) goes to this origin instead,
// same path and query, with the shop kept in X-Forwarded-Host so the receiving end (the simulator) knows which.

const SHOP_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

/** The URL a request should go to, and the shop host it was meant for (undefined when it is left alone). */
export function rewriteShopifyUrl(url: string, origin: string): { url: string; shopHost?: string } {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" || !SHOP_HOST.test(parsed.hostname)) return { url };
  const target = new URL(`${parsed.pathname}${parsed.search}`, new URL(origin).origin);
  return { url: target.toString(), shopHost: parsed.hostname.toLowerCase() };
}

export function withShopifyAdminOrigin(fetchImpl: typeof fetch, origin: string): typeof fetch {
  return async (input, init) => {
    const original = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const { url, shopHost } = rewriteShopifyUrl(original, origin);
    if (!shopHost) return fetchImpl(input, init);
    if (input instanceof Request) {
      const headers = new Headers(input.headers);
      headers.set("X-Forwarded-Host", shopHost);
      const body = input.body ? await input.arrayBuffer() : undefined;
      return fetchImpl(url, { method: input.method, headers, body, signal: input.signal, ...init });
    }
    const headers = new Headers(init?.headers);
    headers.set("X-Forwarded-Host", shopHost);
    return fetchImpl(url, { ...init, headers });
  };
}

let installed: { origin: string; previous: typeof abstractFetch } | undefined;

/** Routes the library's fetch through the origin; idempotent per origin. Returns a function that undoes it. */
export function installShopifyAdminOrigin(origin: string): () => void {
  if (installed?.origin !== origin) {
    const previous = installed?.previous ?? abstractFetch;
    setAbstractFetchFunc(withShopifyAdminOrigin(previous as typeof fetch, origin));
    installed = { origin, previous };
  }
  return () => {
    if (!installed) return;
    setAbstractFetchFunc(installed.previous);
    installed = undefined;
  };
}
