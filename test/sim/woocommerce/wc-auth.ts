import { randomBytes } from "node:crypto";
import { KEY_PERMISSIONS, type KeyPermissions } from "./keys";
import type { StoreHandle } from "./store-handle";
import { htmlResponse } from "./wire";

// The one-click key grant (WC_Auth, /wc-auth/v1/...). The app sends the merchant to /wc-auth/v1/authorize with
// app_name, scope, user_id, return_url and callback_url (which must be https). On approval the store creates a key,
// POSTs it as JSON to callback_url from its own server, deletes the key again unless that POST got exactly 200, and
// only then redirects the browser to return_url?success=1&user_id=... The merchant is taken to be logged in; with
// approval "auto" the grant happens at once, otherwise the grant page links to access_granted as WooCommerce's does.

const REQUIRED = ["app_name", "scope", "user_id", "return_url", "callback_url"] as const;
type AuthParams = Record<(typeof REQUIRED)[number], string>;

class AuthRefusal extends Error {}

/** get_formatted_url: urldecode, and a URL without a scheme is taken to be https. */
const formatted = (url: string) => {
  const decoded = decodeURIComponent(url);
  return decoded.includes("://") ? decoded : `https://${decoded}`;
};

function validate(store: StoreHandle, source: URLSearchParams): AuthParams {
  const params = {} as AuthParams;
  for (const name of REQUIRED) {
    const value = source.get(name);
    if (!value) throw new AuthRefusal(`Missing parameter ${name}`);
    params[name] = value;
  }
  if (!KEY_PERMISSIONS.includes(params.scope as KeyPermissions)) throw new AuthRefusal(`Invalid scope ${params.scope}`);
  for (const name of ["return_url", "callback_url"] as const) {
    if (!URL.canParse(formatted(params[name])))
      throw new AuthRefusal(`The ${formatted(params[name])} is not a valid URL`);
  }
  if (!formatted(params.callback_url).toLowerCase().startsWith("https://") && !store.allowHttpAuthCallback)
    throw new AuthRefusal("The callback_url needs to be over SSL");
  return params;
}

function withQuery(url: string, extra: Record<string, string>): string {
  const target = new URL(formatted(url));
  for (const [name, value] of Object.entries(extra)) target.searchParams.set(name, value);
  return target.toString();
}

/** wp_die(): a 401 HTML page. */
const died = (message: string) =>
  htmlResponse(
    `<!DOCTYPE html><html><head><title>Access denied</title></head><body id="error-page"><div class="wp-die-message">Error: ${message}.</div></body></html>`,
    401,
  );

async function grant(store: StoreHandle, params: AuthParams): Promise<Response> {
  const key = store.state.keys.create({
    permissions: params.scope as KeyPermissions,
    description: `${params.app_name} - API (${new Date(store.ctx.clock.nowMs()).toISOString().slice(0, 19).replace("T", " ")})`,
  });
  const payload = {
    key_id: key.keyId,
    user_id: params.user_id,
    consumer_key: key.consumerKey,
    consumer_secret: key.consumerSecret,
    key_permissions: key.permissions,
  };
  store.authCallbacks.push({ url: formatted(params.callback_url), payload });
  let status = 0;
  try {
    const response = await fetch(formatted(params.callback_url), {
      method: "POST",
      headers: { "Content-Type": "application/json;charset=UTF-8" },
      body: JSON.stringify(payload),
      redirect: "manual",
      signal: AbortSignal.timeout(60_000),
    });
    await response.arrayBuffer().catch(() => undefined);
    status = response.status;
  } catch (error) {
    store.state.keys.revoke(key.consumerKey);
    return died(error instanceof Error ? error.message : String(error));
  }
  if (status !== 200) {
    store.state.keys.revoke(key.consumerKey);
    return died("An error occurred in the request and at the time were unable to send the consumer data");
  }
  return Response.redirect(withQuery(params.return_url, { success: "1", user_id: params.user_id }), 302);
}

function grantPage(store: StoreHandle, params: AuthParams, source: URLSearchParams): Response {
  const nonce = randomBytes(5).toString("hex");
  store.authNonces.add(nonce);
  const granted = new URL(`${store.url}/wc-auth/v1/access_granted/`);
  for (const [name, value] of source) granted.searchParams.set(name, value);
  granted.searchParams.set("wc_auth_nonce", nonce);
  const denied = withQuery(params.return_url, { success: "0", user_id: params.user_id });
  store.pendingAuthorizations.push({ appName: params.app_name, grantUrl: granted.toString(), denyUrl: denied });
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  return htmlResponse(
    `<!DOCTYPE html><html><head><title>Access</title></head><body class="wc-auth">
<h1>${escape(params.app_name)} would like to connect to your store</h1>
<p>This will give "${escape(params.app_name)}" ${escape(params.scope)} access.</p>
<a class="button wc-auth-approve" href="${escape(granted.toString())}">Approve</a>
<a class="button wc-auth-deny" href="${escape(denied)}">Deny</a>
</body></html>`,
    200,
  );
}

export async function serveWcAuth(store: StoreHandle, request: Request, url: URL): Promise<Response> {
  const route = /^\/wc-auth\/v1\/([a-z_]+)\/?$/.exec(url.pathname)?.[1];
  const source = new URLSearchParams(url.searchParams);
  if (request.method === "POST")
    for (const [name, value] of new URLSearchParams(await request.text())) source.set(name, value);
  try {
    const params = validate(store, source);
    if (route === "authorize" || route === "login")
      return store.authApproval === "auto" ? await grant(store, params) : grantPage(store, params, source);
    if (route === "access_granted") {
      const nonce = source.get("wc_auth_nonce") ?? "";
      if (!store.authNonces.delete(nonce)) throw new AuthRefusal("Invalid nonce verification");
      return await grant(store, params);
    }
    throw new AuthRefusal("You do not have permission to access this page");
  } catch (error) {
    if (error instanceof AuthRefusal) return died(error.message);
    throw error;
  }
}
