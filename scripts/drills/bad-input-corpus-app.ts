import { randomUUID } from "node:crypto";
import type { Fixture } from "./bad-input-fixture.ts";
import { probe as p, type Principal, type Probe } from "./bad-input-probe.ts";
import {
  BAD_FORM_QUANTITIES,
  BAD_IDS,
  BODY_LIMIT,
  FORM_TYPE,
  HUGE_STRING,
  INJECTIONS,
  JSON_TYPE,
} from "./bad-input-values.ts";

// drill:bad-input against the admin screens' actions, as the embedded admin's fetchers post them (`.data`, a fresh
// session token) and, for a few, as the standalone operator: bodies that are not forms, forms past any sensible size,
// unknown intents, missing and mistyped fields, quantities that are not whole units, unknown ids. Every answer is a
// 4xx (400 field errors, 404 unknown ids, 409 wrong state, 413/415 for what is not a form); none writes.

type Fields = Record<string, string | string[]>;

export function form(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params.toString();
}

const NOT_A_FORM: [kind: string, contentType: string | undefined, body: string | Uint8Array][] = [
  ["json-body", "application/json", '{"intent":"x"}'],
  ["invalid-json", "application/json", "{not json"],
  ["empty-body", undefined, ""],
  ["no-content-type", undefined, "intent=x"],
  ["text-plain", "text/plain", "intent=x"],
  ["broken-multipart", "multipart/form-data; boundary=zz", "--zz\r\nbroken"],
  ["multipart-no-boundary", "multipart/form-data", "x"],
  ["invalid-utf8-form", FORM_TYPE["content-type"], Uint8Array.from([0x69, 0x3d, 0xff, 0xfe])],
  ["nul-field", FORM_TYPE["content-type"], "intent=x%00y"],
];

export function appActionCorpus(fixture: Fixture): Probe[] {
  const { ids } = fixture;
  const unknownId = BAD_IDS["unknown-id"]!;
  const probes: Probe[] = [];
  const act = (
    route: string,
    path: string,
    kind: string,
    fields: Fields,
    expect: number[],
    as: Principal = "embedded",
  ) => probes.push(p(route, "POST", path, kind, expect, { as, headers: FORM_TYPE, body: form(fields) }));
  const targets: [route: string, path: string][] = [
    ["app._index.tsx", "/app.data?index"],
    ["app.channels._index.tsx", "/app/channels.data?index"],
    ["app.channels.$id.tsx", `/app/channels/${ids.shopifyChannelId}.data`],
    ["app.inbox.tsx", "/app/inbox.data"],
    ["app.inventory.$id.tsx", `/app/inventory/${ids.item.id}.data`],
    ["app.inventory.count.tsx", "/app/inventory/count.data"],
    ["app.orders.$id.tsx", `/app/orders/${ids.openOrder.id}.data`],
    ["app.returns.$id.tsx", `/app/returns/${unknownId}.data`],
    ["app.settings.tsx", "/app/settings.data"],
  ];
  const forged = forgedToken(fixture);
  for (const [route, path] of targets) {
    for (const [kind, contentType, body] of NOT_A_FORM) {
      const headers = contentType ? { "content-type": contentType } : undefined;
      probes.push(p(route, "POST", path, kind, [400, 404, 415], { as: "embedded", headers, body }));
    }
    act(route, path, "over-limit", { intent: "x", pad: "p".repeat(BODY_LIMIT + 1) }, [400, 404, 413]);
    act(route, path, "unknown-intent", { intent: INJECTIONS["html-injection"]! }, [400, 404]);
    act(route, path, "missing-intent", {}, [400, 404]);
    act(route, path, "operator-unknown-intent", { intent: "nope" }, [400, 404], "operator");
    const document = path.replace(".data", "");
    probes.push(p(route, "POST", document, "no-session", [302], { headers: FORM_TYPE, body: "intent=x" }));
    const bearer = { ...FORM_TYPE, authorization: `Bearer ${forged}` };
    probes.push(p(route, "POST", path, "forged-session-token", [401], { headers: bearer, body: "intent=x" }));
  }
  // The same refusal as a browser's document POST (no JavaScript): a 4xx page, not an error page.
  probes.push(
    p("app.settings.tsx", "POST", "/app/settings", "document-json-body", [415], {
      as: "operator",
      headers: JSON_TYPE,
      body: "{}",
    }),
  );

  const channels = "/app/channels.data?index";
  const ch = "app.channels._index.tsx";
  const keys = { consumerKey: `ck_${"a".repeat(40)}`, consumerSecret: `cs_${"a".repeat(40)}` };
  for (const url of [
    "javascript:alert(1)",
    "not a url",
    `https://${"h".repeat(5000)}.example`,
    "ftp://store.example",
    "",
  ]) {
    act(ch, channels, "bad-store-url", { intent: "woo-authorize", url }, [400]);
  }
  act(
    ch,
    channels,
    "bad-keys",
    { intent: "woo-connect", url: fixture.wooStoreUrl, consumerKey: "x", consumerSecret: "y" },
    [400],
  );
  act(ch, channels, "unreachable-store", { intent: "woo-connect", url: "http://127.0.0.1:9", ...keys }, [400]);
  act(
    ch,
    channels,
    "unknown-location",
    { intent: "woo-connect", url: "http://127.0.0.1:9", ...keys, locationId: unknownId },
    [400, 404],
  );
  for (const intent of ["woo-disconnect", "woo-repair-webhooks", "retry-dead-pushes", "backfill"]) {
    for (const [kind, id] of Object.entries({ ...BAD_IDS, "shopify-channel": ids.shopifyChannelId, empty: "" })) {
      if (kind === "shopify-channel" && !intent.startsWith("woo-")) continue;
      act(ch, channels, `${intent}-${kind}`, { intent, channelId: id, days: "30" }, [400, 404]);
    }
  }
  for (const days of ["0", "-1", "1.5", "731", "abc", "1e3", "99999999999999999999"]) {
    act(ch, channels, `backfill-days-${days}`, { intent: "backfill", channelId: ids.shopifyChannelId, days }, [400]);
  }
  act(ch, channels, "backfill-woo-channel", { intent: "backfill", channelId: ids.wooChannelId, days: "30" }, [409]);

  const channel = `/app/channels/${ids.shopifyChannelId}.data`;
  const cs = "app.channels.$id.tsx";
  const rules = {
    intent: "save-rules",
    safetyStock: "0",
    percentOfAvailable: "100",
    maxQuantity: "",
    minQuantity: "0",
    stockMaster: "ledger",
  };
  for (const [field, values] of Object.entries({
    safetyStock: ["-1", "1.5", "", "9".repeat(400), "1e3"],
    percentOfAvailable: ["101", "-5", "50%"],
    maxQuantity: ["-1", "abc", "9".repeat(400)],
    minQuantity: ["9".repeat(400), "x"],
    stockMaster: ["nobody", INJECTIONS["sql-injection"]!],
  })) {
    for (const value of values)
      act(cs, channel, `rules-${field}-${value.slice(0, 12)}`, { ...rules, [field]: value }, [400]);
  }
  act(cs, channel, "rules-min-over-max", { ...rules, maxQuantity: "5", minQuantity: "6" }, [400]);
  const locations = { intent: "save-locations", channelLocationId: "a", locationId: "", sellable: "true" };
  act(cs, channel, "locations-mismatched", { ...locations, channelLocationId: ["a", "b"] }, [400]);
  act(
    cs,
    channel,
    "locations-unknown-ids",
    { ...locations, channelLocationId: unknownId, locationId: unknownId },
    [400, 404],
  );
  act(cs, channel, "locations-bad-sellable", { ...locations, sellable: "maybe" }, [400]);
  act(cs, channel, "map-sku-missing-item", { intent: "map-sku", sku: "X" }, [400]);
  act(cs, channel, "map-sku-unknown-item", { intent: "map-sku", sku: "NO-SUCH", itemId: unknownId }, [400, 404]);
  act(cs, `/app/channels/${unknownId}.data`, "unknown-channel", rules, [404]);

  act("app.inbox.tsx", "/app/inbox.data", "replay-unknown", { intent: "replay", id: unknownId }, [404]);
  act("app.inbox.tsx", "/app/inbox.data", "replay-empty-id", { intent: "replay", id: "" }, [400]);
  act("app.inbox.tsx", "/app/inbox.data", "replay-injection", { intent: "replay", id: INJECTIONS["sql-injection"]! }, [
    404,
  ]);

  const item = `/app/inventory/${ids.item.id}.data`;
  const unknownItem = `/app/inventory/${unknownId}.data`;
  const it = "app.inventory.$id.tsx";
  const adjust = () => ({
    intent: "adjust",
    requestId: randomUUID(),
    locationId: ids.locationId,
    delta: "1",
    reason: "damaged",
  });
  // A negative delta is a decrease, as valid as an increase: only the other bad quantities.
  const { "negative-quantity": _decrease, ...badDeltas } = BAD_FORM_QUANTITIES;
  for (const [kind, delta] of Object.entries({ ...badDeltas, zero: "0" }))
    act(it, item, `adjust-${kind}`, { ...adjust(), delta }, [400]);
  act(it, item, "adjust-bad-request-id", { ...adjust(), requestId: "not-a-uuid" }, [400]);
  act(it, item, "adjust-unknown-reason", { ...adjust(), reason: "theft'--" }, [400]);
  act(it, item, "adjust-other-without-note", { ...adjust(), reason: "other" }, [400]);
  act(it, item, "adjust-huge-note", { ...adjust(), reason: "other", note: HUGE_STRING.slice(0, 5000) }, [400]);
  act(it, item, "adjust-unknown-location", { ...adjust(), locationId: unknownId }, [404]);
  act(it, unknownItem, "adjust-unknown-item", adjust(), [404]);
  for (const threshold of ["-1", "1.5", "9".repeat(30), "ten"]) {
    act(it, item, `threshold-${threshold.slice(0, 8)}`, { intent: "set-threshold", threshold }, [400]);
  }
  act(it, unknownItem, "threshold-unknown-item", { intent: "set-threshold", threshold: "3" }, [404]);
  act(it, unknownItem, "clear-threshold-unknown-item", { intent: "clear-threshold" }, [404]);

  const cc = "app.inventory.count.tsx";
  const count = "/app/inventory/count.data";
  const sheet = () => ({ intent: "post", locationId: ids.locationId, sessionId: randomUUID() });
  const counted = `count.${ids.item.id}`;
  for (const [kind, value] of Object.entries(BAD_FORM_QUANTITIES))
    act(cc, count, `count-${kind}`, { ...sheet(), [counted]: value }, [400]);
  act(cc, count, "count-nothing", sheet(), [400]);
  act(cc, count, "count-bad-session", { ...sheet(), sessionId: "x'--", [counted]: "3" }, [400]);
  act(cc, count, "count-unknown-location", { ...sheet(), locationId: unknownId, [counted]: "3" }, [404]);
  act(cc, count, "count-unknown-item", { ...sheet(), [`count.${unknownId}`]: "3" }, [400, 404]);
  act(cc, count, "review-unknown-intent", { ...sheet(), intent: "commit", [counted]: "3" }, [400]);

  probes.push(...orderAndReturnActions(fixture));
  const settings = "/app/settings.data";
  act("app.settings.tsx", settings, "key-empty-name", { intent: "create-api-key", name: "   " }, [400]);
  act("app.settings.tsx", settings, "key-long-name", { intent: "create-api-key", name: "n".repeat(81) }, [400]);
  act("app.settings.tsx", settings, "revoke-unknown", { intent: "revoke-api-key", id: unknownId }, [404]);
  act("app.settings.tsx", settings, "revoke-empty", { intent: "revoke-api-key", id: "" }, [400]);
  act("app._index.tsx", "/app.data?index", "demo-rate", { intent: "set-rate", rate: "-1" }, [400, 404]);
  return probes;
}

function orderAndReturnActions(fixture: Fixture): Probe[] {
  const { ids } = fixture;
  const unknownId = BAD_IDS["unknown-id"]!;
  const probes: Probe[] = [];
  const act = (route: string, path: string, kind: string, fields: Fields, expect: number[]) =>
    probes.push(p(route, "POST", path, kind, expect, { as: "embedded", headers: FORM_TYPE, body: form(fields) }));
  const order = `/app/orders/${ids.openOrder.id}.data`;
  const os = "app.orders.$id.tsx";
  const lineIds = ids.openOrder.lineIds;
  const each = (value: string) => lineIds.map(() => value);
  const fulfil = { intent: "fulfil", lineId: lineIds, locationId: ids.locationId, notifyCustomer: "false" };
  const giveBack = { intent: "return", lineId: lineIds, reason: each("") };
  for (const [kind, quantity] of Object.entries(BAD_FORM_QUANTITIES)) {
    act(os, order, `fulfil-${kind}`, { ...fulfil, quantity: each(quantity) }, [400]);
    act(os, order, `return-${kind}`, { ...giveBack, quantity: each(quantity) }, [400]);
  }
  act(os, order, "fulfil-nothing-chosen", { ...fulfil, quantity: each("0") }, [400]);
  act(os, order, "fulfil-lines-mismatch", { ...fulfil, quantity: [...each("1"), "1"] }, [400]);
  act(os, order, "fulfil-unknown-line", { ...fulfil, lineId: unknownId, quantity: "1" }, [400, 404, 409]);
  act(os, order, "fulfil-unknown-location", { ...fulfil, quantity: each("1"), locationId: unknownId }, [400, 404]);
  act(os, order, "fulfil-javascript-url", { ...fulfil, quantity: each("1"), trackingUrl: "javascript:alert(1)" }, [
    400,
  ]);
  act(os, order, "fulfil-huge-carrier", { ...fulfil, quantity: each("1"), carrier: HUGE_STRING.slice(0, 10_000) }, [
    400,
  ]);
  act(os, order, "cancel-unknown-reason", { intent: "cancel", reason: "bored" }, [400]);
  act(os, order, "return-unfulfilled", { ...giveBack, quantity: each("1") }, [400, 409, 422]);
  act(os, `/app/orders/${unknownId}.data`, "fulfil-unknown-order", { ...fulfil, quantity: each("1") }, [404]);

  const rs = "app.returns.$id.tsx";
  const ret = `/app/returns/${unknownId}.data`;
  for (const intent of ["approve", "decline", "mark-in-transit", "close"])
    act(rs, ret, `${intent}-unknown-return`, { intent }, [404]);
  act(rs, ret, "note-unknown-return", { intent: "add-note", note: "hello" }, [404]);
  act(rs, ret, "note-huge", { intent: "add-note", note: HUGE_STRING.slice(0, 20_000) }, [400]);
  const receive = { intent: "receive", returnLineId: "a", quantity: "1", disposition: "restock", condition: "" };
  act(rs, ret, "receive-bad-lines", { ...receive, returnLineId: ["a", "b"] }, [400]);
  act(rs, ret, "receive-burn", { ...receive, disposition: "burn" }, [400]);
  act(rs, ret, "receive-huge-quantity", { ...receive, quantity: "99999999999999999999" }, [400]);
  return probes;
}

/** A session token signed with another secret: the admin's 401, never a login page. */
export function forgedToken(fixture: Fixture): string {
  const [header, payload] = fixture.credentials.sessionToken().split(".");
  return `${header}.${payload}.${Buffer.alloc(32, 1).toString("base64url")}`;
}
