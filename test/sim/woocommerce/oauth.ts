import { createHmac, randomBytes } from "node:crypto";

// One-legged OAuth 1.0a as WooCommerce checks it over plain HTTP (WC_REST_Authentication::check_oauth_signature):
// METHOD & rawurlencode(home URL + path) & the sorted, twice-encoded query and form parameters, HMAC-SHA1 or
// HMAC-SHA256 keyed with "consumer_secret&". The JSON body is not signed. The URL is the store's home URL, not the
// host the request came in on, so signing "localhost" for a store at "127.0.0.1" fails, as "www" does on a real store.

export type SignatureMethod = "HMAC-SHA1" | "HMAC-SHA256";

/** wc_rest_urlencode_rfc3986 (rawurlencode): everything but A-Z a-z 0-9 - _ . ~ is escaped. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The string WooCommerce signs. `params` excludes oauth_signature; keys sort by strcmp before encoding. */
export function signatureBaseString(method: string, baseUri: string, params: [string, string][]): string {
  const pairs = [...params]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => rfc3986(`${rfc3986(key)}=${rfc3986(value)}`));
  return `${method.toUpperCase()}&${rfc3986(baseUri)}&${pairs.join("%26")}`;
}

export function oauthSignature(
  method: string,
  baseUri: string,
  params: [string, string][],
  consumerSecret: string,
  signatureMethod: SignatureMethod,
): string {
  const algorithm = signatureMethod === "HMAC-SHA1" ? "sha1" : "sha256";
  return createHmac(algorithm, `${consumerSecret}&`)
    .update(signatureBaseString(method, baseUri, params))
    .digest("base64");
}

/**
 * Adds oauth_* parameters and a signature to a URL, for tests and tools that talk to a store over http with plain
 * fetch (the JS client library does the same with the oauth-1.0a package).
 */
export function signOAuthUrl(
  method: string,
  url: string,
  keys: { consumerKey: string; consumerSecret: string },
  options: { signatureMethod?: SignatureMethod; timestamp?: number; nonce?: string } = {},
): string {
  const target = new URL(url);
  const signatureMethod = options.signatureMethod ?? "HMAC-SHA256";
  target.searchParams.set("oauth_consumer_key", keys.consumerKey);
  target.searchParams.set("oauth_nonce", options.nonce ?? randomBytes(16).toString("hex"));
  target.searchParams.set("oauth_signature_method", signatureMethod);
  target.searchParams.set("oauth_timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  const params = [...target.searchParams];
  const base = `${target.origin}${target.pathname}`;
  target.searchParams.set(
    "oauth_signature",
    oauthSignature(method, base, params, keys.consumerSecret, signatureMethod),
  );
  return target.toString();
}
