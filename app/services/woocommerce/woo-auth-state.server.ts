import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { deriveKey } from "../../crypto.server";

// The opaque `user_id` we hand to WooCommerce's /wc-auth/v1/authorize and get back, unchanged, in the key callback
// and on the return URL. It carries which shop asked to connect which store, and until when; an HMAC makes it ours.
// The MAC key is derived from ENCRYPTION_KEY (HKDF, its own purpose label) rather than SESSION_SECRET: one-click
// connect has to store keys, so it needs ENCRYPTION_KEY anyway, and demo mode may run without a session secret.
// Format: <payload base64url>.<HMAC-SHA256 base64url>: only characters WooCommerce's wc_clean() leaves alone.

/** Long enough to sign in to WordPress on the way, short enough that a leaked URL soon stops working. */
export const WOO_AUTH_STATE_TTL_MS = 30 * 60 * 1000;

export const WooAuthStateSchema = z.object({
  shopId: z.string().min(1),
  storeUrl: z.url(),
  /** Where the merchant started: back into the Shopify admin (embedded) or to the standalone admin. */
  mode: z.enum(["embedded", "standalone"]),
  /** Expiry, epoch milliseconds. */
  exp: z.number().int(),
  nonce: z.string().min(8),
});
export type WooAuthState = z.infer<typeof WooAuthStateSchema>;

export type StateVerdict =
  | { ok: true; state: WooAuthState }
  | { ok: false; reason: "malformed" | "forged" | "expired" };

export function wooAuthStateKey(encryptionKey: Buffer): Buffer {
  return deriveKey(encryptionKey, "woocommerce-auth-state");
}

const mac = (payload: string, key: Buffer) => createHmac("sha256", key).update(payload).digest("base64url");

export function signWooAuthState(
  input: { shopId: string; storeUrl: string; mode: WooAuthState["mode"] },
  key: Buffer,
  now: Date,
): string {
  const state = WooAuthStateSchema.parse({
    ...input,
    exp: now.getTime() + WOO_AUTH_STATE_TTL_MS,
    nonce: randomBytes(9).toString("base64url"),
  });
  const payload = Buffer.from(JSON.stringify(state)).toString("base64url");
  return `${payload}.${mac(payload, key)}`;
}

/** now: null skips the expiry check (the return page, where a late state only decides where to go). */
export function verifyWooAuthState(token: string, key: Buffer, now: Date | null): StateVerdict {
  const [payload, signature, ...extra] = token.split(".");
  if (!payload || !signature || extra.length > 0) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(mac(payload, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "forged" };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = WooAuthStateSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  if (now !== null && parsed.data.exp <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, state: parsed.data };
}
