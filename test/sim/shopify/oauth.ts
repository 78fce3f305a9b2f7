import type { TokenStore } from "./tokens";
import { verifySessionToken } from "./tokens";

// POST /admin/oauth/access_token: the token exchange grant (an App Bridge session token for an offline or online
// access token) and the refresh grant. Bodies come as JSON (the library) or form-encoded (curl, other clients).

export type OAuthApp = { apiKey?: string; apiSecret?: string };
type Answer = { status: number; body: Record<string, unknown> };

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

const error = (status: number, code: string, description: string): Answer => ({
  status,
  body: { error: code, error_description: description },
});

export async function readForm(request: Request): Promise<Record<string, string>> {
  const text = await request.text();
  if ((request.headers.get("content-type") ?? "").includes("application/json")) {
    const json = JSON.parse(text || "{}") as Record<string, unknown>;
    return Object.fromEntries(Object.entries(json).map(([key, value]) => [key, String(value)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export function accessTokenGrant(
  form: Record<string, string>,
  context: {
    app: OAuthApp;
    tokens: TokenStore;
    shopDomain: string | undefined;
    knownShop: (domain: string) => boolean;
    now: number;
  },
): Answer {
  const { app, tokens } = context;
  if ((app.apiKey && form.client_id !== app.apiKey) || (app.apiSecret && form.client_secret !== app.apiSecret)) {
    return error(401, "invalid_client", "Client authentication failed");
  }
  if (form.grant_type === "refresh_token") {
    const grant = form.refresh_token ? tokens.useRefreshToken(form.refresh_token) : undefined;
    return grant
      ? { status: 200, body: grant }
      : error(400, "invalid_grant", "The refresh token is invalid or expired");
  }
  if (form.grant_type !== TOKEN_EXCHANGE)
    return error(400, "unsupported_grant_type", `${form.grant_type} is not supported`);
  if (form.subject_token_type !== ID_TOKEN || !form.subject_token) {
    return error(400, "invalid_request", "subject_token must be a session token (id_token)");
  }
  const claims = verifySessionToken(form.subject_token, app.apiSecret, context.now);
  if (!claims) return error(400, "invalid_subject_token", "The session token could not be verified");
  const dest = typeof claims.dest === "string" ? claims.dest.replace(/^https?:\/\//, "").toLowerCase() : undefined;
  const shop = dest ?? context.shopDomain;
  if (!shop || !context.knownShop(shop))
    return error(400, "invalid_subject_token", "The session token names no known shop");
  if (form.requested_token_type === ONLINE) {
    const grant = tokens.issue(shop, { expiring: false });
    tokens.grants.push({ shop, grantType: "token_exchange:online" });
    return {
      status: 200,
      body: {
        ...grant,
        expires_in: 86_399,
        associated_user_scope: grant.scope,
        associated_user: {
          id: Number(claims.sub ?? 1),
          first_name: "Sim",
          last_name: "Merchant",
          email: `owner@${shop}`,
          account_owner: true,
          locale: "en",
          collaborator: false,
          email_verified: true,
        },
      },
    };
  }
  if (form.requested_token_type !== OFFLINE)
    return error(400, "invalid_request", "requested_token_type is not supported");
  tokens.grants.push({ shop, grantType: "token_exchange:offline" });
  return { status: 200, body: tokens.issue(shop, { expiring: form.expiring === "1" || form.expiring === "true" }) };
}
