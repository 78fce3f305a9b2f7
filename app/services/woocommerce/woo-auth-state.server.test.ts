import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWooAuthState, verifyWooAuthState, WOO_AUTH_STATE_TTL_MS, wooAuthStateKey } from "./woo-auth-state.server";

// The one-click state: signed, expiring, and made of characters WooCommerce's wc_clean() passes through unchanged.

const key = wooAuthStateKey(randomBytes(32));
const now = new Date("2026-03-01T10:00:00Z");
const input = { shopId: "shop_1", storeUrl: "https://shop.example", mode: "standalone" as const };

describe("WooCommerce auth state", () => {
  it("round-trips shop, store and mode until it expires", () => {
    const token = signWooAuthState(input, key, now);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyWooAuthState(token, key, now)).toEqual({
      ok: true,
      state: { ...input, exp: now.getTime() + WOO_AUTH_STATE_TTL_MS, nonce: expect.any(String) },
    });
    const later = new Date(now.getTime() + WOO_AUTH_STATE_TTL_MS);
    expect(verifyWooAuthState(token, key, later)).toEqual({ ok: false, reason: "expired" });
    // The return page reads an expired state only to decide where to send the browser.
    expect(verifyWooAuthState(token, key, null)).toMatchObject({ ok: true });
  });

  it("gives a fresh token each time", () => {
    expect(signWooAuthState(input, key, now)).not.toBe(signWooAuthState(input, key, now));
  });

  it("refuses a token signed with another key, a changed payload, and junk", () => {
    const token = signWooAuthState(input, key, now);
    expect(verifyWooAuthState(token, wooAuthStateKey(randomBytes(32)), now)).toEqual({ ok: false, reason: "forged" });
    const [payload, mac] = token.split(".");
    const changed = Buffer.from(Buffer.from(payload!, "base64url").toString().replace("shop_1", "shop_2")).toString(
      "base64url",
    );
    expect(verifyWooAuthState(`${changed}.${mac}`, key, now)).toEqual({ ok: false, reason: "forged" });
    for (const junk of ["", "abc", "a.b.c", `${payload}.`]) {
      expect(verifyWooAuthState(junk, key, now).ok).toBe(false);
    }
  });
});
