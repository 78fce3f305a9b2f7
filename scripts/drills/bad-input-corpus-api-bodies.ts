import { API } from "./bad-input-corpus-api.ts";
import type { Fixture } from "./bad-input-fixture.ts";
import { probe as p, type Probe } from "./bad-input-probe.ts";
import {
  BAD_IDS,
  BAD_QUANTITIES,
  BODY_LIMIT,
  chunkedBody,
  HUGE_STRING,
  INJECTIONS,
  JSON_TYPE,
  jsonOfSize,
  MALFORMED_JSON,
  UNICODE,
} from "./bad-input-values.ts";

// drill:bad-input against the REST API's JSON bodies: for each endpoint that takes one, every malformed, oversized,
// mistyped and schema-invalid body (400, 413, 415, 422), aimed at a real subject (an open order, a shipped order, a
// fulfilment, an item at a location) so only the body stands between the probe and a write. No probe is a valid
// request: a corpus that changed the ledger would be testing the ledger, not the edge.

type Target = { route: string; path: string; valid: Record<string, unknown>; cases: Record<string, unknown> };

const SCHEMA_REFUSALS = [400, 404, 409, 422];

function withQuantities(make: (quantity: unknown) => unknown, except: string[] = []): Record<string, unknown> {
  const cases = Object.entries(BAD_QUANTITIES).filter(([kind]) => !except.includes(kind));
  return Object.fromEntries(cases.map(([kind, quantity]) => [kind, make(quantity)]));
}

function withIds(make: (id: string) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(BAD_IDS).map(([kind, id]) => [`line-${kind}`, make(id)]));
}

function targets(fixture: Fixture): Target[] {
  const { ids } = fixture;
  const unknownId = BAD_IDS["unknown-id"]!;
  const open = ids.openOrder.lineIds[0]!;
  const shipped = ids.shippedOrder.lineIds[0]!;
  const fulfil = (lineId: unknown, quantity: unknown = 1) => ({ lines: [{ line_id: lineId, quantity }] });
  const receive = (quantity: unknown, disposition = "restock") => ({
    lines: [{ return_line_id: "x", quantity, disposition }],
    refund: false,
  });
  const adjust = { sku: ids.item.sku, location_id: ids.locationId, reason: "drill" };
  return [
    {
      route: API.fulfil,
      path: `/api/v1/orders/${ids.openOrder.id}/fulfillments`,
      valid: fulfil(open),
      cases: {
        ...withQuantities((quantity) => fulfil(open, quantity)),
        ...withIds((lineId) => fulfil(lineId)),
        "missing-field": { carrier: "UPS" },
        "wrong-type": { lines: { line_id: open, quantity: 1 } },
        "unknown-field": { ...fulfil(open), admin: true },
        "empty-lines": { lines: [] },
        "too-many-lines": { lines: Array.from({ length: 251 }, (_, index) => ({ line_id: `l${index}`, quantity: 1 })) },
        "unknown-location": { ...fulfil(open), location_id: unknownId },
        "javascript-url": { ...fulfil(open), tracking_url: "javascript:alert(1)" },
        "huge-string": { ...fulfil(open), carrier: HUGE_STRING },
        "nul-carrier": { ...fulfil(open), carrier: UNICODE["nul-byte"] },
        "lone-surrogate-carrier": { ...fulfil(open), carrier: UNICODE["lone-surrogate"] },
      },
    },
    {
      route: API.cancel,
      path: `/api/v1/orders/${ids.openOrder.id}/cancel`,
      valid: { reason: "customer", restock: true, refund: false },
      cases: {
        "missing-field": { reason: "customer" },
        "wrong-type": { reason: "customer", restock: "yes", refund: 0 },
        "unknown-reason": { reason: INJECTIONS["sql-injection"], restock: true, refund: false },
        "unknown-field": { reason: "customer", restock: true, refund: false, force: true },
        "huge-string": { reason: "customer", restock: true, refund: false, staff_note: HUGE_STRING },
        "nul-note": { reason: "customer", restock: true, refund: false, staff_note: UNICODE["nul-byte"] },
      },
    },
    {
      route: API.returns,
      path: `/api/v1/orders/${ids.shippedOrder.id}/returns`,
      valid: fulfil(shipped),
      cases: {
        ...withQuantities((quantity) => fulfil(shipped, quantity)),
        ...withIds((lineId) => fulfil(lineId)),
        "missing-field": { note: "x" },
        "duplicate-line": { lines: [...fulfil(shipped).lines, ...fulfil(shipped).lines] },
        "huge-string": { lines: [{ line_id: shipped, quantity: 1, reason: HUGE_STRING }] },
        "lone-surrogate-note": { ...fulfil(shipped), note: UNICODE["lone-surrogate"] },
      },
    },
    {
      route: API.receive,
      path: `/api/v1/returns/${unknownId}/receive`,
      valid: receive(1),
      cases: {
        ...withQuantities((quantity) => receive(quantity)),
        "missing-field": { lines: [{ return_line_id: "x", quantity: 1 }] },
        "unknown-disposition": receive(1, "burn"),
        "unknown-return": receive(1),
      },
    },
    {
      route: API.tracking,
      path: `/api/v1/fulfillments/${ids.fulfillmentId}/tracking`,
      valid: { carrier: "UPS" },
      cases: {
        "missing-field": { notify_customer: true },
        "wrong-type": { carrier: 42 },
        "javascript-url": { tracking_url: "javascript:alert(1)" },
        "huge-string": { tracking_number: HUGE_STRING },
        "unknown-field": { carrier: "UPS", status: "delivered" },
        "empty-carrier": { carrier: "" },
        "nul-carrier": { carrier: UNICODE["nul-byte"] },
      },
    },
    {
      route: API.adjust,
      path: "/api/v1/inventory/adjustments",
      valid: { ...adjust, delta: 1 },
      cases: {
        // A negative delta is a decrease, as valid as an increase: only the other bad quantities.
        ...withQuantities((delta) => ({ ...adjust, delta }), ["negative-quantity"]),
        "both-quantities": { ...adjust, delta: 1, counted_quantity: 3 },
        "negative-count": { ...adjust, counted_quantity: -1 },
        "missing-field": { sku: ids.item.sku, delta: 1 },
        "unknown-sku": { ...adjust, sku: "NO-SUCH-SKU", delta: 1 },
        "unknown-location": { ...adjust, location_id: unknownId, delta: 1 },
        "huge-string": { ...adjust, delta: 1, reason: HUGE_STRING },
        ...Object.fromEntries(
          Object.entries({ ...INJECTIONS, ...UNICODE }).map(([kind, text]) => [
            `sku-${kind}`,
            { ...adjust, sku: text, delta: 1 },
          ]),
        ),
        "nul-reason": { ...adjust, delta: 1, reason: UNICODE["nul-byte"] },
        "lone-surrogate-reason": { ...adjust, delta: 1, reason: UNICODE["lone-surrogate"] },
      },
    },
  ];
}

export function apiBodyCorpus(fixture: Fixture): Probe[] {
  const probes: Probe[] = [];
  for (const target of targets(fixture)) {
    const post = (kind: string, expect: number[], headers: Record<string, string> | undefined, body: Probe["body"]) =>
      probes.push(p(target.route, "POST", target.path, kind, expect, { as: "api", headers, body }));
    const valid = JSON.stringify(target.valid);
    for (const [kind, body] of Object.entries(MALFORMED_JSON)) post(kind, [400], JSON_TYPE, body);
    post("no-content-type", [415], undefined, valid);
    post("text-plain", [415], { "content-type": "text/plain" }, valid);
    post("form-encoded", [415], { "content-type": "application/x-www-form-urlencoded" }, "a=1");
    post("multipart", [415], { "content-type": "multipart/form-data; boundary=x" }, "--x--");
    post("over-limit", [413], JSON_TYPE, jsonOfSize(BODY_LIMIT + 1));
    post("over-limit-chunked", [413], JSON_TYPE, chunkedBody(jsonOfSize(3 * BODY_LIMIT)));
    post("at-limit-garbage", [400, 422], JSON_TYPE, jsonOfSize(BODY_LIMIT));
    // A body that would pass, so only the header stands between the probe and a write.
    post("bad-idempotency-key", [400], { ...JSON_TYPE, "idempotency-key": "has spaces" }, valid);
    post("long-idempotency-key", [400], { ...JSON_TYPE, "idempotency-key": "k".repeat(256) }, valid);
    for (const [kind, body] of Object.entries(target.cases)) {
      post(kind, SCHEMA_REFUSALS, JSON_TYPE, JSON.stringify(body));
    }
    // The subject itself unknown, with a body that would otherwise pass: 404.
    const unknownPath = target.path.replace(/\/(orders|returns|fulfillments)\/[^/]+/, `/$1/${BAD_IDS["unknown-id"]}`);
    if (unknownPath !== target.path) {
      probes.push(
        p(target.route, "POST", unknownPath, "unknown-subject", [404], { as: "api", headers: JSON_TYPE, body: valid }),
      );
    }
  }
  return probes;
}
