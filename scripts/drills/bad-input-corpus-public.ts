import { signWooAuthState, wooAuthStateKey } from "../../app/services/woocommerce/woo-auth-state.server.ts";
import type { Fixture } from "./bad-input-fixture.ts";
import { probe as p, type Probe } from "./bad-input-probe.ts";
import {
  CALLBACK_LIMIT,
  chunkedBody,
  FORM_TYPE,
  HUGE_STRING,
  INJECTIONS,
  JSON_TYPE,
  jsonOfSize,
  MALFORMED_JSON,
  QUERY_ODDITIES,
} from "./bad-input-values.ts";

// drill:bad-input against the routes outside /api and /app that anyone can reach: WooCommerce's key-grant callback and
// return page, the operator's login and logout, the Shopify OAuth paths, the setup page, the health check and metrics.
// Browser routes answer redirects (302) where a browser is sent on; the rest answer 4xx. A NUL (%00) anywhere in an
// address is a 400 before routing (server/refuse-nul.ts).

const CALLBACK = "woocommerce.auth.callback.ts";
const RETURN = "woocommerce.auth.return.ts";

function callbackCorpus(fixture: Fixture): Probe[] {
  const key = wooAuthStateKey(fixture.encryptionKey);
  const state = (input: { shopId?: string; storeUrl?: string }, now = new Date()) => {
    const { shopId = fixture.shopId, storeUrl = fixture.wooStoreUrl } = input;
    return signWooAuthState({ shopId, storeUrl, mode: "standalone" }, key, now);
  };
  const forged = `${state({}).split(".")[0]}.AAAA`;
  const grant = (userId: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      key_id: 1,
      user_id: userId,
      consumer_key: `ck_wrong_${"0".repeat(36)}`,
      consumer_secret: `cs_wrong_${"0".repeat(36)}`,
      key_permissions: "read_write",
      ...extra,
    });
  const path = "/woocommerce/auth/callback";
  const post = (kind: string, expect: number[], body: Probe["body"], headers: Record<string, string> = JSON_TYPE) =>
    p(CALLBACK, "POST", path, kind, expect, { headers, body });
  const hoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
  return [
    p(CALLBACK, "GET", path, "bad-method", [405]),
    p(CALLBACK, "PUT", path, "bad-method", [405]),
    // The deepest nestings are past the callback's 64 KiB limit: 413 before they are parsed.
    ...Object.entries(MALFORMED_JSON).map(([kind, body]) => post(kind, [400, 413], body)),
    post("over-limit", [413], jsonOfSize(CALLBACK_LIMIT + 1)),
    post("over-limit-chunked", [413], chunkedBody(jsonOfSize(2 * CALLBACK_LIMIT))),
    post("form-encoded", [400], "user_id=1&consumer_key=x", FORM_TYPE),
    post("missing-fields", [400], JSON.stringify({ user_id: "1" })),
    post("wrong-types", [400], grant("x", { consumer_key: 5, key_permissions: [] })),
    post("malformed-state", [400], grant("not-a-state")),
    post("forged-state", [400], grant(forged)),
    post("injection-state", [400], grant(INJECTIONS["sql-injection"]!)),
    post("huge-state", [400], grant("s".repeat(60_000))),
    post("expired-state", [400], grant(state({}, hoursAgo))),
    post("read-only-keys", [400], grant(state({}), { key_permissions: "read" })),
    // A genuine state, but keys the store refuses, a store that is not there, a shop that is not there: nothing stored.
    post("refused-keys", [400], grant(state({}))),
    post("unreachable-store", [400], grant(state({ storeUrl: "http://127.0.0.1:9" }))),
    post("unknown-shop", [400, 404], grant(state({ shopId: "no-such-shop" }))),
    ...[...Object.entries(QUERY_ODDITIES), ["forged-state", forged] as const].map(([kind, value]) =>
      p(
        RETURN,
        "GET",
        `/woocommerce/auth/return?success=1&user_id=${value}`,
        kind,
        kind.startsWith("nul") ? [400] : [302],
      ),
    ),
    p(RETURN, "GET", "/woocommerce/auth/return", "no-params", [302]),
    p(RETURN, "POST", "/woocommerce/auth/return", "bad-method", [405]),
  ];
}

function loginCorpus(): Probe[] {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (
    kind: string,
    expect: number[],
    body: string,
    headers: Record<string, string> | undefined = FORM_TYPE,
  ) => p("login.tsx", "POST", "/login", kind, expect, { headers, body });
  const injection = INJECTIONS["sql-injection"]!;
  return [
    // The operator's login: wrong credentials 401, malformed forms 400, what is not a form 415; never a session.
    post("wrong-password", [401], form({ email: "operator@example.com", password: "nope" })),
    post("sql-injection", [401], form({ email: injection, password: injection })),
    post("huge-string", [401, 413], form({ email: "a@b.c", password: HUGE_STRING })),
    post("missing-fields", [400], form({ email: "operator@example.com" })),
    post("empty-body", [400], ""),
    // Without a Content-Type the form may still be read as URL-encoded (then the wrong credentials' 401).
    post("no-content-type", [401, 415], "email=a&password=b", undefined),
    post("json-body", [415], JSON.stringify({ email: "a", password: "b" }), JSON_TYPE),
    post("broken-multipart", [400], "--zz\r\nbroken", { "content-type": "multipart/form-data; boundary=zz" }),
    post("nul-field", [400], "email=a%00&password=b"),
    post("open-redirect", [401], form({ email: "x", password: "y", redirectTo: "//evil.example" })),
    p("login.tsx", "GET", "/login?redirectTo=%2F%2Fevil.example", "open-redirect", [200]),
    p("login.tsx", "GET", `/login?redirectTo=${QUERY_ODDITIES["invalid-utf8"]}`, "query-oddities", [200, 400]),
  ];
}

export function publicCorpus(fixture: Fixture): Probe[] {
  const probes = [...callbackCorpus(fixture), ...loginCorpus()];
  probes.push(
    p("logout.tsx", "POST", "/logout", "json-body", [302], { headers: JSON_TYPE, body: "{bad" }),
    p("logout.tsx", "GET", "/logout", "get", [302]),
    p("setup.tsx", "GET", "/setup", "no-login", [302]),
    p("setup.tsx", "POST", "/setup", "bad-method", [405], { headers: FORM_TYPE, body: "a=1" }),
    p("_index.tsx", "GET", `/?shop=${QUERY_ODDITIES["html-injection"]}&host=%FF`, "query-oddities", [302]),
    p("_index.tsx", "POST", "/?index", "bad-method", [405], { headers: FORM_TYPE, body: "a=1" }),
    p("healthz.ts", "GET", "/healthz?x=%FF", "junk-query", [200]),
    p("healthz.ts", "GET", "/healthz?x=%00", "nul-query", [400]),
    p("healthz.ts", "POST", "/healthz", "bad-method", [405], { headers: JSON_TYPE, body: "{}" }),
    p("metrics.ts", "GET", "/metrics", "no-token", [401, 404]),
    p("metrics.ts", "GET", "/metrics", "wrong-token", [401, 404], { headers: { authorization: "Bearer x" } }),
    p("metrics.ts", "POST", "/metrics", "bad-method", [405]),
  );
  // Shopify's OAuth paths: installs go through the Shopify admin (token exchange); there is no login page here.
  for (const [kind, path] of Object.entries({
    "auth-login": "/auth/login",
    "auth-root": "/auth",
    "auth-callback-forged": `/auth/callback?shop=${fixture.shopDomain}&code=x&hmac=00&state=y&timestamp=1`,
    "auth-bad-shop": `/auth/callback?shop=${QUERY_ODDITIES["html-injection"]}`,
    "auth-traversal": "/auth/..%2F..%2Fapp",
  })) {
    probes.push(p("auth.$.tsx", "GET", path, kind, [302, 400, 401, 404, 410]));
  }
  // App Bridge's bounce page, which refreshes a session token, answers 200 by design.
  probes.push(p("auth.$.tsx", "GET", `/auth/session-token?shop=${fixture.shopDomain}`, "auth-session-token", [200]));
  probes.push(p("auth.$.tsx", "POST", "/auth/login", "bad-method", [405], { headers: FORM_TYPE, body: "shop=x" }));
  return probes;
}
