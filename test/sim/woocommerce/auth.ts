import { authError, type WcError } from "./errors";
import type { ApiKey, KeyStore } from "./keys";
import { oauthSignature, type SignatureMethod } from "./oauth";

// WC_REST_Authentication: over HTTPS, consumer_key/consumer_secret from the query string (checked first) or HTTP Basic;
// then, or over plain HTTP only, one-legged OAuth 1.0a. An unknown key over Basic is not an error by itself (the
// request is just anonymous and the route refuses it); a wrong secret, a bad signature, a stale timestamp or a reused
// nonce are. Afterwards the key's permission is checked against the HTTP method.

export type AuthResult = {
  key: ApiKey | null;
  error: WcError | null;
  /** Basic-auth failures carry WWW-Authenticate, as send_unauthorized_headers adds it. */
  basicChallenge: boolean;
};

const OAUTH_REQUIRED = [
  "oauth_consumer_key",
  "oauth_timestamp",
  "oauth_nonce",
  "oauth_signature",
  "oauth_signature_method",
] as const;
const WINDOW_SECONDS = 15 * 60;

function basicCredentials(url: URL, request: Request): [string, string] | null {
  const key = url.searchParams.get("consumer_key");
  const secret = url.searchParams.get("consumer_secret");
  if (key && secret) return [key, secret];
  const header = request.headers.get("authorization") ?? "";
  if (!/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/** $_GET + $_POST + the Authorization: OAuth header, merged like array_merge (later sources win). */
async function oauthParameters(url: URL, request: Request): Promise<Map<string, string>> {
  const params = new Map<string, string>(url.searchParams);
  if ((request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(await request.clone().text())) params.set(key, value);
  }
  const header = (request.headers.get("authorization") ?? "").trim();
  if (header.startsWith("OAuth ")) {
    for (const match of header.matchAll(/(oauth_[a-z_-]*)=(?:"([^"]*)"|([^,]*))/g)) {
      params.set(match[1]!, decodeURIComponent((match[2] ?? match[3] ?? "").replace(/\+/g, " ")));
    }
  }
  return params;
}

function checkOAuth(params: Map<string, string>, key: ApiKey, method: string, baseUri: string, nowSeconds: number) {
  // rawurldecode(str_replace(' ', '+', ...)): a "+" the client left unescaped arrives as a space.
  const given = params.get("oauth_signature")!.replace(/ /g, "+");
  const signatureMethod = params.get("oauth_signature_method") as SignatureMethod;
  const signed = [...params].filter(([name]) => name !== "oauth_signature");
  if (signatureMethod !== "HMAC-SHA1" && signatureMethod !== "HMAC-SHA256")
    return authError("Invalid signature - signature method is invalid.");
  let decoded = given;
  try {
    decoded = decodeURIComponent(given.replace(/\+/g, "%2B"));
  } catch {
    // Keep the raw value; it will not match.
  }
  if (oauthSignature(method, baseUri, signed, key.consumerSecret, signatureMethod) !== decoded)
    return authError("Invalid signature - provided signature does not match.");
  const timestamp = Number(params.get("oauth_timestamp"));
  if (!(Math.abs(timestamp - nowSeconds) <= WINDOW_SECONDS)) return authError("Invalid timestamp.");
  const nonce = params.get("oauth_nonce")!;
  for (const [used, at] of key.nonces) if (at < nowSeconds - WINDOW_SECONDS) key.nonces.delete(used);
  if (key.nonces.has(nonce)) return authError("Invalid nonce - nonce has already been used.");
  key.nonces.set(nonce, timestamp);
  return null;
}

export async function authenticate(
  request: Request,
  url: URL,
  context: { keys: KeyStore; homeUrl: string; ssl: boolean; nowMs: number },
): Promise<AuthResult> {
  let error: WcError | null = null;
  let basicChallenge = false;
  if (context.ssl) {
    const credentials = basicCredentials(url, request);
    const key = credentials ? context.keys.find(credentials[0]) : undefined;
    if (credentials && key) {
      if (key.consumerSecret === credentials[1]) return { key, error: null, basicChallenge: false };
      error = authError("Consumer secret is invalid.");
      basicChallenge = true;
    }
  }
  const params = await oauthParameters(url, request);
  const missing = OAUTH_REQUIRED.filter((name) => !params.get(name));
  if (missing.length === OAUTH_REQUIRED.length) return { key: null, error, basicChallenge };
  if (missing.length)
    return {
      key: null,
      error: authError(
        `Missing OAuth parameter${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
        "woocommerce_rest_authentication_missing_parameter",
      ),
      basicChallenge: false,
    };
  const key = context.keys.find(params.get("oauth_consumer_key")!);
  if (!key) return { key: null, error: authError("Consumer key is invalid."), basicChallenge: false };
  const baseUri = `${context.homeUrl}${url.pathname}`;
  const failure = checkOAuth(params, key, request.method, baseUri, Math.floor(context.nowMs / 1000));
  return failure ? { key: null, error: failure, basicChallenge: false } : { key, error: null, basicChallenge: false };
}

/** check_permissions: read keys may GET, write keys may POST/PUT/PATCH/DELETE. */
export function checkKeyPermission(key: ApiKey, method: string): WcError | null {
  const can = (needed: "read" | "write") => key.permissions === needed || key.permissions === "read_write";
  if (method === "GET" || method === "HEAD")
    return can("read") ? null : authError("The API key provided does not have read permissions.");
  if (["POST", "PUT", "PATCH", "DELETE"].includes(method))
    return can("write") ? null : authError("The API key provided does not have write permissions.");
  return method === "OPTIONS" ? null : authError("Unknown request method.");
}
