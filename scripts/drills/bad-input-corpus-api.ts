import type { Fixture } from "./bad-input-fixture.ts";
import { probe as p, type Probe } from "./bad-input-probe.ts";
import { BAD_IDS, JSON_TYPE, QUERY_ODDITIES } from "./bad-input-values.ts";

// drill:bad-input against the REST API (/api/v1), everything but the bodies (bad-input-corpus-api-bodies.ts): every
// endpoint without a key and with wrong, revoked and malformed keys (401), every method it does not serve (405), ids
// of every wrong shape (404; 400 for a NUL, refused before routing by server/refuse-nul.ts) and bad query
// parameters (400, or 200 for a filter value that merely matches nothing).

export const API = {
  orders: "api.v1.orders.ts",
  order: "api.v1.orders.$id.ts",
  fulfil: "api.v1.orders.$id.fulfillments.ts",
  cancel: "api.v1.orders.$id.cancel.ts",
  returns: "api.v1.orders.$id.returns.ts",
  receive: "api.v1.returns.$id.receive.ts",
  tracking: "api.v1.fulfillments.$id.tracking.ts",
  reconcile: "api.v1.channels.$id.reconcile.ts",
  inventory: "api.v1.inventory.ts",
  adjust: "api.v1.inventory.adjustments.ts",
  openapi: "api.v1.openapi[.]json.ts",
} as const;

const ENDPOINTS: [route: string, path: (id: string) => string, methods: string[]][] = [
  [API.orders, () => "/api/v1/orders", ["GET"]],
  [API.order, (id) => `/api/v1/orders/${id}`, ["GET"]],
  [API.fulfil, (id) => `/api/v1/orders/${id}/fulfillments`, ["POST"]],
  [API.cancel, (id) => `/api/v1/orders/${id}/cancel`, ["POST"]],
  [API.returns, (id) => `/api/v1/orders/${id}/returns`, ["POST"]],
  [API.receive, (id) => `/api/v1/returns/${id}/receive`, ["POST"]],
  [API.tracking, (id) => `/api/v1/fulfillments/${id}/tracking`, ["POST"]],
  [API.reconcile, (id) => `/api/v1/channels/${id}/reconcile`, ["GET", "POST"]],
  [API.inventory, () => "/api/v1/inventory", ["GET"]],
  [API.adjust, () => "/api/v1/inventory/adjustments", ["POST"]],
];

const nulAware = (kind: string, usual: number[]) => (kind.startsWith("nul") ? [400] : usual);

export function apiCorpus(fixture: Fixture): Probe[] {
  const unknownId = BAD_IDS["unknown-id"]!;
  const probes: Probe[] = [];
  // Keys: none, another scheme, malformed, well-formed but unknown, revoked. 401 before anything else is looked at.
  const keys: Record<string, Record<string, string>> = {
    "missing-key": {},
    "basic-scheme": { authorization: `Basic ${Buffer.from("user:pass").toString("base64")}` },
    "empty-bearer": { authorization: "Bearer " },
    "malformed-key": { authorization: "Bearer not-a-key" },
    "unknown-key": { authorization: `Bearer cl_${"A".repeat(40)}` },
    "revoked-key": { authorization: `Bearer ${fixture.revokedKey}` },
    "wrong-x-api-key": { "x-api-key": `cl_${"B".repeat(40)}` },
    "key-with-junk": { authorization: `Bearer ${fixture.credentials.apiKey} extra` },
  };
  for (const [route, pathOf, methods] of ENDPOINTS) {
    const path = pathOf(unknownId);
    for (const method of methods) {
      for (const [kind, headers] of Object.entries(keys)) {
        const body = method === "GET" ? undefined : "{}";
        probes.push(p(route, method, path, kind, [401], { headers: { ...headers, ...JSON_TYPE }, body }));
      }
    }
    // Methods the endpoint does not serve: 405 with Allow, before the key is checked.
    for (const method of ["PUT", "PATCH", "DELETE", "GET", "POST"].filter((other) => !methods.includes(other))) {
      probes.push(p(route, method, path, "bad-method", [405], { as: "api" }));
    }
  }
  probes.push(
    p(API.openapi, "GET", "/api/v1/openapi.json?x=%FF%FE", "junk-query", [200]),
    p(API.openapi, "GET", "/api/v1/openapi.json?x=%00", "nul-query", [400]),
    p(API.openapi, "POST", "/api/v1/openapi.json", "bad-method", [405], { headers: JSON_TYPE, body: "{}" }),
    p(API.openapi, "DELETE", "/api/v1/openapi.json", "bad-method", [405]),
  );
  for (const [kind, id] of Object.entries(BAD_IDS)) {
    const encoded = encodeURIComponent(id);
    const expect = nulAware(kind, [404]);
    probes.push(
      p(API.order, "GET", `/api/v1/orders/${encoded}`, kind, expect, { as: "api" }),
      p(API.reconcile, "GET", `/api/v1/channels/${encoded}/reconcile`, kind, expect, { as: "api" }),
      p(API.reconcile, "POST", `/api/v1/channels/${encoded}/reconcile`, kind, expect, { as: "api" }),
    );
  }
  return [...probes, ...queryProbes()];
}

/** The two list endpoints' query parameters: limit, cursor, filters. */
function queryProbes(): Probe[] {
  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const params: Record<string, string> = {
    "limit-zero": "limit=0",
    "limit-negative": "limit=-1",
    "limit-over": "limit=101",
    "limit-fraction": "limit=1.5",
    "limit-text": "limit=ten",
    "limit-huge": `limit=${"9".repeat(400)}`,
    "limit-empty": "limit=",
    "limit-repeated": "limit=5&limit=500",
    "cursor-garbage": "cursor=!!!not-base64!!!",
    "cursor-not-json": `cursor=${Buffer.from("nope").toString("base64url")}`,
    "cursor-wrong-shape": `cursor=${cursor({ a: 1 })}`,
    "cursor-bad-date": `cursor=${cursor(["yesterday", "x"])}`,
    "cursor-too-long": `cursor=${"c".repeat(501)}`,
    "cursor-empty": "cursor=",
  };
  const probes: Probe[] = [];
  for (const [route, path, filters] of [
    [API.orders, "/api/v1/orders", ["channel", "status", "updated_since"]],
    [API.inventory, "/api/v1/inventory", ["sku"]],
  ] as const) {
    for (const [kind, query] of Object.entries(params)) {
      probes.push(p(route, "GET", `${path}?${query}`, kind, [400], { as: "api" }));
    }
    for (const filter of filters) {
      for (const [kind, value] of Object.entries(QUERY_ODDITIES)) {
        // A filter no row matches is an empty page; one the schema refuses (length, enum, date) is a 400.
        const expect = nulAware(kind, [200, 400]);
        probes.push(p(route, "GET", `${path}?${filter}=${value}`, `${filter}-${kind}`, expect, { as: "api" }));
      }
    }
    probes.push(p(route, "HEAD", path, "head", [200], { as: "api" }));
  }
  return probes;
}
