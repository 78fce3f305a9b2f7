import { createShopifyAdmin, type AdminLogger, type ShopifyAdmin } from "../../../connectors/shopify/admin";
import { getConfig } from "../../config.server";
import { getLogger } from "../../logger.server";
import { shopify } from "../../shopify.server";

// The Admin API client for a shop's background work (backfill, push, reconciliation), on the shop's offline
// session. Expiring offline tokens last an hour: the client asks for the token before every request, and the
// library's unauthenticated.admin refreshes it (refresh grant, new tokens stored in the session table) once it is
// within five minutes of expiry, so a backfill longer than an hour keeps going.

/** The library refreshes a token this close to expiry (shopify-app-remix WITHIN_MILLISECONDS_OF_EXPIRY). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

type OfflineSession = { shop: string; accessToken?: string; expires?: Date };
export type UnauthenticatedAdmin = { unauthenticated: { admin(shop: string): Promise<{ session: OfflineSession }> } };

export type ShopifyAdminForShopOptions = {
  /** The Shopify app; the process's one by default. Tests pass their own. */
  app?: UnauthenticatedAdmin;
  origin?: string;
  fetch?: typeof fetch;
  logger?: AdminLogger;
  now?: () => number;
};

export class OfflineSessionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OfflineSessionError";
  }
}

// One refresh at a time per shop in this process: refresh tokens rotate, so two refreshes racing would each spend
// the same refresh token and store whichever answer lands last.
const loading = new Map<string, Promise<OfflineSession>>();

function loadSession(app: UnauthenticatedAdmin, shop: string): Promise<OfflineSession> {
  let pending = loading.get(shop);
  if (!pending) {
    pending = app.unauthenticated
      .admin(shop)
      .then(({ session }) => session)
      .catch((error: unknown) => {
        // The library throws a bare Response when a refresh fails for a reason other than a revoked token.
        if (error instanceof Response) {
          throw new OfflineSessionError(
            `Could not load or refresh the offline session of ${shop} (HTTP ${error.status})`,
          );
        }
        throw new OfflineSessionError(`Could not load the offline session of ${shop}: ${String(error)}`, {
          cause: error,
        });
      })
      .finally(() => loading.delete(shop));
    loading.set(shop, pending);
  }
  return pending;
}

/** A token source for the client: the cached session's token until it nears expiry, then a refreshed one. */
export function offlineAccessToken(app: UnauthenticatedAdmin, shop: string, now: () => number = Date.now) {
  let session: OfflineSession | undefined;
  return async (): Promise<string> => {
    const fresh = session && (!session.expires || session.expires.getTime() - now() > REFRESH_MARGIN_MS);
    if (!fresh) session = await loadSession(app, shop);
    if (!session?.accessToken) throw new OfflineSessionError(`The offline session of ${shop} has no access token`);
    return session.accessToken;
  };
}

export async function getShopifyAdmin(
  shopDomain: string,
  options: ShopifyAdminForShopOptions = {},
): Promise<ShopifyAdmin> {
  const shop = shopDomain.trim().toLowerCase();
  const accessToken = offlineAccessToken(options.app ?? shopify(), shop, options.now);
  // Fails here, not on the first request, when the shop has no offline session (not installed, or uninstalled).
  await accessToken();
  return createShopifyAdmin({
    shopDomain: shop,
    accessToken,
    origin: options.origin ?? getConfig().SHOPIFY_ADMIN_ORIGIN,
    fetch: options.fetch,
    logger: options.logger ?? getLogger().child({ module: "shopify-admin", shop }),
    now: options.now,
  });
}
