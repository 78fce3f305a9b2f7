import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Access and refresh tokens the store has issued. Expiring offline tokens last an hour and come with a refresh token
// (90 days) that rotates on use; the old refresh token stays usable until its successor is first used, as Shopify
// has allowed since 2026-08-28, so a refresh whose answer was lost can be repeated.

type AccessRecord = { shop: string; expiresAt: number | null; scope: string };
type RefreshRecord = { shop: string; expiresAt: number; predecessor: string | null; scope: string };

export type TokenGrant = {
  access_token: string;
  scope: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
};

export type TokenLifetimes = { accessSeconds: number; refreshSeconds: number };

export const DEFAULT_SCOPE =
  "read_orders,write_orders,read_products,write_products,read_inventory,write_inventory,read_locations," +
  "read_fulfillments,write_fulfillments,read_returns,write_returns";

export class TokenStore {
  private readonly access = new Map<string, AccessRecord>();
  private readonly refresh = new Map<string, RefreshRecord>();
  /** Every grant issued, oldest first, for tests that check what was asked. */
  readonly grants: { shop: string; grantType: string }[] = [];

  constructor(
    private readonly now: () => number,
    readonly lifetimes: TokenLifetimes,
  ) {}

  /** A token that never expires (the legacy kind, or a test's fixed credential). */
  addStatic(shop: string, token: string, scope = DEFAULT_SCOPE) {
    this.access.set(token, { shop, expiresAt: null, scope });
  }

  issue(shop: string, options: { expiring: boolean; scope?: string; predecessor?: string }): TokenGrant {
    const scope = options.scope ?? DEFAULT_SCOPE;
    const accessToken = `shpat_${randomBytes(16).toString("hex")}`;
    if (!options.expiring) {
      this.access.set(accessToken, { shop, expiresAt: null, scope });
      return { access_token: accessToken, scope };
    }
    const refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
    const { accessSeconds, refreshSeconds } = this.lifetimes;
    this.access.set(accessToken, { shop, expiresAt: this.now() + accessSeconds * 1000, scope });
    this.refresh.set(refreshToken, {
      shop,
      expiresAt: this.now() + refreshSeconds * 1000,
      predecessor: options.predecessor ?? null,
      scope,
    });
    return {
      access_token: accessToken,
      scope,
      expires_in: accessSeconds,
      refresh_token: refreshToken,
      refresh_token_expires_in: refreshSeconds,
    };
  }

  /** The shop a valid access token belongs to. */
  shopOf(token: string | null): string | undefined {
    const record = token ? this.access.get(token) : undefined;
    if (!record || (record.expiresAt !== null && record.expiresAt <= this.now())) return undefined;
    return record.shop;
  }

  /** Rotates a refresh token: a new access and refresh token, or undefined when it is unknown or expired. */
  useRefreshToken(token: string): TokenGrant | undefined {
    const record = this.refresh.get(token);
    if (!record || record.expiresAt <= this.now()) return undefined;
    // Using a token retires the one it replaced; it stays valid itself until its own successor is used.
    if (record.predecessor) this.refresh.delete(record.predecessor);
    record.predecessor = null;
    this.grants.push({ shop: record.shop, grantType: "refresh_token" });
    return this.issue(record.shop, { expiring: true, scope: record.scope, predecessor: token });
  }

  /** Tests: make a token lapse now, as an hour passing would. */
  expire(token: string) {
    const record = this.access.get(token);
    if (record) record.expiresAt = this.now() - 1;
  }
}

/** The claims of an HS256 session token (App Bridge ID token) signed with the app secret, or undefined. */
export function verifySessionToken(
  token: string,
  secret: string | undefined,
  now: number,
): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return undefined;
  if (secret) {
    const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
    const actual = Buffer.from(signature, "base64url");
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  }
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    // The library allows 10 s of clock skew; so does the simulator.
    if (typeof claims.exp === "number" && claims.exp * 1000 < now - 10_000) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}
