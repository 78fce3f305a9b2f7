import { probe as p } from "./bad-input-probe.ts";
import { appProbes } from "./tenants-corpus-app.ts";
import type { Subjects } from "./tenants-corpus-api.ts";
import type { TenantIds } from "./tenants-ids.ts";
import { isolated, type TenantProbe } from "./tenants-leaks.ts";

// drill:tenants against the channels, inbox and settings screens (B's channels, channel locations, items, inbox
// events and API keys as subjects or next to A's own channel), A's lists filtered or searched by B's ids, A's screens
// that list everything of A's, and sessions that try to name shop B themselves.

export function screenIsolationCorpus(b: TenantIds, a: Subjects): TenantProbe[] {
  const { probes, get, post } = appProbes();
  const channel = "app.channels.$id.tsx";
  const channelOf = (id: string) => `/app/channels/${id}`;
  const rules = {
    intent: "save-rules",
    ...{ safetyStock: "0", percentOfAvailable: "100", maxQuantity: "", minQuantity: "0", stockMaster: "ledger" },
  };
  const mapping = (channelLocationId: string, locationId: string) => ({
    intent: "save-locations",
    ...{ channelLocationId, locationId, sellable: "true" },
  });
  get("path", channel, b.channels, "channel", channelOf);
  post("path", channel, b.channels, "save-rules", channelOf, () => rules);
  post("path", channel, b.channels, "retry-dead", channelOf, () => ({ intent: "retry-dead-pushes" }));
  post("path", channel, b.channels, "map-sku", channelOf, () => ({ intent: "map-sku", sku: "X", itemId: a.item }));
  const aChannel = () => channelOf(a.shopifyChannel);
  post("body", channel, b.channelLocations, "a-mapping-b-channel-location", aChannel, (id) => mapping(id, a.location));
  post("body", channel, b.locations, "a-mapping-to-b-location", aChannel, (id) => mapping(a.channelLocation, id));
  const mapSku = (id: string) => ({ intent: "map-sku", sku: "UNMATCHED", itemId: id });
  post("body", channel, b.items, "a-map-sku-to-b-item", aChannel, mapSku);

  const channels = "app.channels._index.tsx";
  const index = () => "/app/channels?index";
  for (const intent of ["woo-disconnect", "woo-repair-webhooks", "retry-dead-pushes", "backfill"]) {
    post("path", channels, b.channels, intent, index, (id) => ({ intent, channelId: id, days: "30" }));
  }
  const keys = { consumerKey: `ck_${"a".repeat(40)}`, consumerSecret: `cs_${"a".repeat(40)}` };
  const connect = (locationId: string) => ({ intent: "woo-connect", url: "http://127.0.0.1:9", ...keys, locationId });
  post("body", channels, b.locations, "woo-connect-at-b-location", index, connect);
  const replay = (id: string) => ({ intent: "replay", id });
  post("path", "app.inbox.tsx", b.quarantinedEvents, "replay", () => "/app/inbox", replay);
  const revoke = (id: string) => ({ intent: "revoke-api-key", id });
  post("path", "app.settings.tsx", b.apiKeys, "revoke-api-key", () => "/app/settings", revoke);
  // The dashboard's only action (demo traffic) takes no ids: A's session gets 404 outside `npm run demo`.
  post(
    "path",
    "app._index.tsx",
    ["-"],
    "demo-traffic",
    () => "/app?index",
    () => ({ intent: "pause" }),
  );

  // A's lists, filtered or searched by B's ids and SKUs, and A's screens that list everything of A's.
  const search = (path: string) => (sku: string) => `${path}?q=${encodeURIComponent(sku)}`;
  get("filter", "app.orders._index.tsx", b.channels, "orders-of-b-channel", (id) => `/app/orders?channelId=${id}`);
  get("filter", "app.orders._index.tsx", b.skus, "orders-search-b-sku", search("/app/orders"));
  get("filter", "app.orders.pick-list.tsx", b.orders, "pick-list-b-order", (id) => `/app/orders/pick-list?ids=${id}`);
  get("filter", "app.inventory._index.tsx", b.skus, "inventory-search-b-sku", search("/app/inventory"));
  get("filter", "app.inventory.count.tsx", b.skus, "count-search-b-sku", search("/app/inventory/count"));
  get("filter", "app.returns._index.tsx", b.returns, "returns-after-b-cursor", (id) => `/app/returns?cursor=${id}`);
  for (const [route, path] of [
    ["app._index.tsx", "/app?period=30d"],
    ["app.tsx", "/app/returns?status=requested"],
    ["app.settings.tsx", "/app/settings"],
    ["app.inbox.tsx", "/app/inbox"],
    ["app.channels._index.tsx", "/app/channels"],
    ["app.returns._index.tsx", "/app/returns"],
  ] as const) {
    get("filter", route, ["-"], "a-screen", () => path);
  }
  return [
    ...probes.map((probe) => (probe.kind === "a-screen" ? { ...probe, twin: undefined } : probe)),
    ...sessions(b, a),
  ];
}

/** Sessions and grants that try to name shop B themselves. */
function sessions(b: TenantIds, a: Subjects): TenantProbe[] {
  // The operator's cookie is signed: one naming B's shop without our secret is no session at all (to the login).
  const claims = Buffer.from(JSON.stringify({ operator: "operator@example.com", shopId: b.shopId })).toString("base64");
  const forged = p("app.tsx", "GET", "/app/orders", "operator-cookie-naming-b", [], {
    headers: { cookie: `__channelledger=${claims}` },
  });
  // A's session token with B's shop in the launch parameters: the token decides, so A's own screen or a refusal.
  const host = Buffer.from("admin.shopify.com/store/zephyr-beta").toString("base64url");
  const launch = `/app?embedded=1&shop=${a.bDomain}&host=${host}`;
  const mixed = p("app._index.tsx", "GET", launch, "a-token-b-shop-param", [], { as: "embedded" });
  // A key grant's state naming B, without our MAC: refused, and the browser is not sent to B's admin.
  const exp = Date.now() + 60_000;
  const claim = {
    shopId: b.shopId,
    storeUrl: "https://zephyr-woo.example",
    mode: "embedded",
    exp,
    nonce: "n0nce-n0nce",
  };
  const state = `${Buffer.from(JSON.stringify(claim)).toString("base64url")}.AAAA`;
  const grant = {
    key_id: 1,
    user_id: state,
    consumer_key: "ck_x",
    consumer_secret: "cs_x",
    key_permissions: "read_write",
  };
  const callback = p("woocommerce.auth.callback.ts", "POST", "/woocommerce/auth/callback", "state-naming-b", [], {
    headers: { "content-type": "application/json" },
    body: JSON.stringify(grant),
  });
  const back = p(
    "woocommerce.auth.return.ts",
    "GET",
    `/woocommerce/auth/return?success=1&user_id=${state}`,
    "state",
    [],
  );
  const metrics = p("metrics.ts", "GET", "/metrics", "a-api-key", [], { as: "api" });
  return [
    { ...isolated("path", () => callback, b.shopId), expect: [400] },
    { ...isolated("path", () => back, b.shopId), expect: [302] },
    { ...isolated("path", () => forged, b.shopId), expect: [302] },
    { ...isolated("path", () => mixed, a.bDomain), expect: [200, 302, 400, 401, 403, 404] },
    { ...isolated("path", () => metrics, b.shopId), expect: [401, 404] },
  ];
}
