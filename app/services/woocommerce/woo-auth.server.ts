import { z } from "zod";
import type { Db } from "../../db.server";
import { readRawBody } from "../inbox/raw-body.server";
import { wooServiceDeps, type WooServiceOptions } from "./connect-deps.server";
import { StoreUrlSchema, WooConnectError } from "./connect-input.server";
import { connectWooCommerce, WOO_KIND } from "./connect.server";
import { signWooAuthState, verifyWooAuthState, wooAuthStateKey, type WooAuthState } from "./woo-auth-state.server";

// One-click connect through WooCommerce's key grant (WC_Auth): we send the merchant to the store's
// /wc-auth/v1/authorize; on approval the store POSTs a fresh key pair to our callback_url from its own server, deletes
// the keys again unless that POST got exactly 200, then sends the browser to our return_url. The callback is the only
// place keys arrive, so it does the whole connect before answering.

export const WOO_APP_NAME = "ChannelLedger";
export const WOO_AUTH_CALLBACK_PATH = "/woocommerce/auth/callback";
export const WOO_AUTH_RETURN_PATH = "/woocommerce/auth/return";
const CALLBACK_BODY_LIMIT_BYTES = 64 * 1024;

export const WooAuthStartSchema = z.object({ url: StoreUrlSchema });

/** Where to send the merchant's browser to approve the connection. */
export function wooAuthorizeUrl(
  input: { shopId: string; storeUrl: string; mode: WooAuthState["mode"] },
  options: WooServiceOptions = {},
): string {
  const deps = wooServiceDeps(options);
  const state = signWooAuthState(input, wooAuthStateKey(deps.encryptionKey()), deps.now());
  const url = new URL(`${input.storeUrl}/wc-auth/v1/authorize`);
  url.searchParams.set("app_name", WOO_APP_NAME);
  url.searchParams.set("scope", "read_write");
  url.searchParams.set("user_id", state);
  url.searchParams.set("return_url", `${deps.appUrl}${WOO_AUTH_RETURN_PATH}`);
  url.searchParams.set("callback_url", `${deps.appUrl}${WOO_AUTH_CALLBACK_PATH}`);
  return url.toString();
}

/** The JSON WooCommerce POSTs to callback_url (WC_Auth::create_keys; DOCS _authentication.md). */
export const WooAuthCallbackSchema = z.object({
  key_id: z.union([z.number(), z.string()]).optional(),
  user_id: z.union([z.string(), z.number()]).transform(String),
  consumer_key: z.string().min(1),
  consumer_secret: z.string().min(1),
  key_permissions: z.string(),
});

const reply = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

const STATE_PROBLEMS = {
  malformed: "The connection request is not one of ours",
  forged: "The connection request is not one of ours",
  expired: "The connection request expired; start again from ChannelLedger's channels screen",
} as const;

/**
 * POST /woocommerce/auth/callback. 200 only when the channel is connected: any other answer makes WooCommerce
 * delete the keys it just made, which is right when we could not use them. No answer is a 5xx for the sender's
 * mistake; only 503 (this installation cannot store keys: no ENCRYPTION_KEY) is ours.
 */
export async function handleWooAuthCallback(
  request: Request,
  db: Db,
  options: WooServiceOptions = {},
): Promise<Response> {
  const deps = wooServiceDeps(options);
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
  const raw = await readRawBody(request, CALLBACK_BODY_LIMIT_BYTES);
  if (raw === null) return reply(413, { error: "Payload too large" });
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    return reply(400, { error: "The body is not JSON" });
  }
  const body = WooAuthCallbackSchema.safeParse(json);
  if (!body.success) return reply(400, { error: "The body is not a WooCommerce key grant" });

  let key: Buffer;
  try {
    key = wooAuthStateKey(deps.encryptionKey());
  } catch (error) {
    if (error instanceof WooConnectError) return reply(error.status, { error: error.message });
    throw error;
  }
  const verdict = verifyWooAuthState(body.data.user_id, key, deps.now());
  if (!verdict.ok) {
    deps.logger.warn({ reason: verdict.reason }, "WooCommerce key grant refused: bad state");
    return reply(400, { error: STATE_PROBLEMS[verdict.reason] });
  }
  const { shopId, storeUrl } = verdict.state;
  // We register webhooks and push stock: keys that cannot write are no use, so they are handed back for deletion.
  if (body.data.key_permissions !== "read_write") {
    deps.logger.warn({ shopId, store: storeUrl, permissions: body.data.key_permissions }, "key grant not read_write");
    return reply(400, { error: "ChannelLedger needs read_write keys" });
  }
  try {
    const result = await connectWooCommerce(
      db,
      { shopId, url: storeUrl, consumerKey: body.data.consumer_key, consumerSecret: body.data.consumer_secret },
      options,
    );
    return reply(200, { ok: true, channelId: result.channel.id });
  } catch (error) {
    if (!(error instanceof WooConnectError)) throw error;
    deps.logger.warn({ shopId, store: storeUrl, status: error.status, reason: error.message }, "key grant not used");
    return reply(error.status, { error: error.message });
  }
}

export type WooAuthOutcome = "connected" | "declined" | "failed";

/**
 * GET /woocommerce/auth/return: where the browser goes after the grant screen. The outcome travels as a query
 * parameter the channels screen turns into a banner. A merchant who started inside the Shopify admin goes back
 * there (the store's page was the top window, so our app has to be reopened in the admin).
 */
export async function wooAuthReturnLocation(url: URL, db: Db, options: WooServiceOptions & { shopifyApiKey?: string }) {
  const deps = wooServiceDeps(options);
  // Expiry guards the key grant; here it would only turn a slow merchant's success into a confusing failure.
  const token = url.searchParams.get("user_id") ?? "";
  let state: WooAuthState | undefined;
  try {
    const verdict = verifyWooAuthState(token, wooAuthStateKey(deps.encryptionKey()), null);
    state = verdict.ok ? verdict.state : undefined;
  } catch (error) {
    if (!(error instanceof WooConnectError)) throw error;
  }
  let outcome: WooAuthOutcome = url.searchParams.get("success") === "1" ? "connected" : "declined";
  // A success we cannot tie to a channel is not reported as one.
  if (outcome === "connected" && !state) outcome = "failed";
  if (outcome === "connected" && state) {
    const channel = await db.channel.findFirst({
      where: { shopId: state.shopId, kind: WOO_KIND, externalRef: state.storeUrl, status: "connected" },
      select: { id: true },
    });
    if (!channel) outcome = "failed";
  }
  const path = `/app/channels?woocommerce=${outcome}`;
  if (state?.mode === "embedded" && options.shopifyApiKey) {
    const shop = await db.shop.findUnique({ where: { id: state.shopId }, select: { shopifyDomain: true } });
    if (shop?.shopifyDomain) {
      const store = shop.shopifyDomain.replace(/\.myshopify\.com$/, "");
      return `https://admin.shopify.com/store/${store}/apps/${options.shopifyApiKey}${path}`;
    }
  }
  return path;
}
