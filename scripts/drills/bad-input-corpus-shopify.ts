import { createHash, randomUUID } from "node:crypto";
import { signShopifyWebhook } from "../../connectors/shopify/webhook.ts";
import type { Fixture } from "./bad-input-fixture.ts";
import { probe as p, type Probe } from "./bad-input-probe.ts";
import {
  BODY_LIMIT,
  chunkedBody,
  HUGE_STRING,
  jsonOfSize,
  MALFORMED_JSON,
  nestedArray,
  nestedObject,
  UNICODE,
} from "./bad-input-values.ts";

// drill:bad-input against POST /webhooks/shopify. Unsigned, wrongly signed, replayed and malformed deliveries are
// refused (400, 401, 405, 413) and store nothing. Deliveries signed with the app's secret are Shopify's word: ADR 0007
// stores them and answers 200 whatever the payload, then quarantines what fails its schema and ignores topics no
// connector reads; each such probe names the inbox row it should leave (`stored`), and nothing else may change.
// Mutations of a real order delivery keep the order's own version, so a payload the schema wrongly accepted would be a
// stale snapshot (processed as "done", which the drill reports), not a write.

const ROUTE = "webhooks.shopify.ts";
const PATH = "/webhooks/shopify";

/** Schema-invalid versions of a real order payload. */
export function orderMutations(sample: string): Record<string, string> {
  const order = JSON.parse(sample) as Record<string, unknown> & { line_items?: Record<string, unknown>[] };
  const withLine = (change: Record<string, unknown>) =>
    JSON.stringify({ ...order, line_items: (order.line_items ?? [{}]).map((line) => ({ ...line, ...change })) });
  return {
    "negative-quantity": withLine({ quantity: -3 }),
    "fractional-quantity": withLine({ quantity: 1.5 }),
    "huge-quantity": withLine({ quantity: 1e15 }),
    "string-quantity": withLine({ quantity: "two" }),
    "wrong-type": JSON.stringify({ ...order, line_items: { not: "a list" } }),
    "id-as-text": JSON.stringify({ ...order, id: "' OR 1=1 --" }),
    "missing-fields": JSON.stringify({ id: order.id }),
    "huge-string": JSON.stringify({ ...order, line_items: HUGE_STRING }),
  };
}

/** Payloads no topic's schema accepts, on top of the malformed bodies. */
export const SIGNED_INVALID: Record<string, string | Uint8Array> = {
  ...MALFORMED_JSON,
  "deep-nesting-in-object": `{"id":1,"line_items":${nestedArray(50_000)}}`,
  "deep-object-payload": nestedObject(20_000),
  "unicode-payload": JSON.stringify({ id: UNICODE["lone-surrogate"], note: UNICODE["nul-byte"] }),
};

/**
 * A signed body that is not UTF-8, or holds a raw NUL byte, cannot be stored as the text it was signed as: both webhook
 * endpoints refuse it with 400 by design (shopify-webhook.server.ts, webhook-receive.server.ts); it is never JSON.
 */
export function notUtf8(probe: Probe): Probe {
  const unstorable = probe.kind === "signed-invalid-utf8" || probe.kind === "signed-raw-nul";
  return unstorable ? { ...probe, expect: [400], stored: undefined } : probe;
}

export function shopifyWebhookCorpus(fixture: Fixture): Probe[] {
  const secret = fixture.app.apiSecret;
  const sign = (text: string | Uint8Array, key = secret) => signShopifyWebhook(Buffer.from(text), key);
  const headers = (topic: string, eventId = `drill-${randomUUID()}`, domain = fixture.shopDomain) => ({
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": domain,
    "x-shopify-webhook-id": eventId,
    "x-shopify-event-id": eventId,
    "x-shopify-api-version": "2026-07",
    "x-shopify-triggered-at": new Date().toISOString(),
  });
  const signed = (kind: string, topic: string, body: string | Uint8Array, outcome: "quarantined" | "ignored") => {
    const eventId = `drill-${randomUUID()}`;
    const stored = { source: `shopify:${fixture.shopDomain}`, eventId, outcome };
    const all = { ...headers(topic, eventId), "x-shopify-hmac-sha256": sign(body) };
    return notUtf8(p(ROUTE, "POST", PATH, `signed-${kind}`, [200], { headers: all, body, stored }));
  };
  const post = (kind: string, expect: number[], all: Record<string, string>, body: Probe["body"]) =>
    p(ROUTE, "POST", PATH, kind, expect, { headers: all, body });

  const body = fixture.samples.shopifyOrder;
  const good = headers("orders/updated");
  const { "x-shopify-topic": _topic, ...noTopic } = good;
  const hmac = (value: string) => ({ ...good, "x-shopify-hmac-sha256": value });
  const probes: Probe[] = [
    p(ROUTE, "GET", PATH, "bad-method", [405]),
    p(ROUTE, "HEAD", PATH, "bad-method", [405]),
    p(ROUTE, "PUT", PATH, "bad-method", [405], { body: "{}" }),
    p(ROUTE, "DELETE", PATH, "bad-method", [405]),
    post("missing-headers", [400], { "content-type": "application/json" }, body),
    post("missing-signature", [400], good, body),
    post("empty-signature", [400], hmac(" "), body),
    post("wrong-signature", [401], hmac(Buffer.alloc(32, 7).toString("base64")), body),
    post("wrong-secret", [401], hmac(sign(body, "not-the-secret")), body),
    post("replayed-signature", [401], hmac(sign("{}")), body),
    post("hex-signature", [401], hmac(createHash("sha256").update(body).digest("hex")), body),
    post("missing-topic", [400], { ...noTopic, "x-shopify-hmac-sha256": sign(body) }, body),
    post("malformed-topic", [400], { ...hmac(sign(body)), "x-shopify-topic": "ORDERS UPDATED!" }, body),
    post("malformed-domain", [400], { ...hmac(sign(body)), "x-shopify-shop-domain": "<script>.x" }, body),
    post("long-event-id", [400], { ...hmac(sign(body)), "x-shopify-event-id": "e".repeat(300) }, body),
    post("over-limit", [413], hmac(sign("x")), jsonOfSize(BODY_LIMIT + 1)),
    post("over-limit-chunked", [413], hmac(sign("x")), chunkedBody(jsonOfSize(3 * BODY_LIMIT))),
    // Signed for a shop that has not installed the app: acknowledged (Shopify would retry for hours) and dropped.
    post(
      "unknown-shop-domain",
      [200],
      { ...headers("orders/updated", undefined, "not-installed.myshopify.com"), "x-shopify-hmac-sha256": sign(body) },
      body,
    ),
  ];
  // Signed and stored, then quarantined (schema) or ignored (topic).
  for (const [kind, payload] of Object.entries({ ...SIGNED_INVALID, ...orderMutations(body) })) {
    probes.push(signed(kind, "orders/updated", payload, "quarantined"));
  }
  const topics = [
    "orders/create",
    "orders/cancelled",
    "refunds/create",
    "fulfillments/create",
    "inventory_levels/update",
  ];
  for (const topic of [...topics, "products/update", "returns/approve"]) {
    probes.push(signed(`empty-object-${topic}`, topic, "{}", "quarantined"));
    probes.push(
      signed(`wrong-types-${topic}`, topic, JSON.stringify({ id: [], order_id: {}, line_items: 7 }), "quarantined"),
    );
  }
  probes.push(signed("unknown-topic", "orders/explode", "{}", "ignored"));
  // The same delivery twice: the second is acknowledged and changes nothing (the first's row is the one stored).
  const replay = signed("exact-replay", "orders/updated", "{}", "quarantined");
  probes.push(replay, { ...replay, stored: undefined, kind: "exact-replay-again" });
  return probes;
}
