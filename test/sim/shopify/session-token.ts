import { createHmac, randomUUID } from "node:crypto";

// What App Bridge hands the app inside the Shopify admin: an HS256 session token (ID token) signed with the app's
// client secret, one minute long. The simulator mints them so an install can be driven without a browser in the
// admin: open <app>/app?embedded=1&shop=<shop>&host=<host>&id_token=<token> and the app exchanges it for tokens.

export function signSessionToken(
  shopDomain: string,
  app: { apiKey: string; apiSecret: string },
  options: { now?: number; userId?: number } = {},
): string {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = encode({ alg: "HS256", typ: "JWT" });
  const payload = encode({
    iss: `https://${shopDomain}/admin`,
    dest: `https://${shopDomain}`,
    aud: app.apiKey,
    sub: String(options.userId ?? 1),
    exp: now + 60,
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
  });
  const signature = createHmac("sha256", app.apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The admin's `host` parameter: base64 of the store's admin URL, as Shopify passes it to embedded apps. */
export function adminHost(shopDomain: string): string {
  const handle = shopDomain.replace(/\.myshopify\.com$/, "");
  return Buffer.from(`admin.shopify.com/store/${handle}`).toString("base64url");
}

/** The URL the Shopify admin would load in its iframe for this store. */
export function embeddedAppUrl(appUrl: string, shopDomain: string, app: { apiKey: string; apiSecret: string }) {
  const url = new URL("/app", appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shopDomain);
  url.searchParams.set("host", adminHost(shopDomain));
  url.searchParams.set("id_token", signSessionToken(shopDomain, app));
  return url.toString();
}
