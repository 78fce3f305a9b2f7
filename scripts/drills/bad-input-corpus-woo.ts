import { createHash, randomUUID } from "node:crypto";
import { wooEventKey } from "../../connectors/woocommerce/event-key.ts";
import { signWooWebhook } from "../../connectors/woocommerce/webhook.ts";
import { notUtf8, orderMutations, SIGNED_INVALID } from "./bad-input-corpus-shopify.ts";
import type { Fixture } from "./bad-input-fixture.ts";
import { probe as p, type Probe } from "./bad-input-probe.ts";
import { BAD_IDS, BODY_LIMIT, chunkedBody, jsonOfSize } from "./bad-input-values.ts";

// drill:bad-input against POST /webhooks/woocommerce/:channelId: the creation ping (200), missing and malformed
// headers (400), wrong, foreign and replayed signatures (401), unknown channels and ids of every wrong shape (404),
// bodies past the limit (413); and deliveries signed with the channel's own secret, stored then quarantined or
// ignored (ADR 0007), as for Shopify. Each stored probe computes the inbox key the endpoint will (wooEventKey, else
// the body's hash); order mutations carry an older date_modified_gmt, so they are new events and stale snapshots.

const ROUTE = "webhooks.woocommerce.$channelId.ts";

export function wooWebhookCorpus(fixture: Fixture): Probe[] {
  const channelId = fixture.ids.wooChannelId;
  const path = `/webhooks/woocommerce/${channelId}`;
  const source = `woocommerce:${channelId}`;
  const sign = (text: string | Uint8Array, key = fixture.wooSecret) => signWooWebhook(Buffer.from(text), key);
  const headers = (topic: string) => ({
    "content-type": "application/json",
    "x-wc-webhook-topic": topic,
    "x-wc-webhook-resource": topic.split(".")[0]!,
    "x-wc-webhook-event": topic.split(".")[1] ?? "",
    "x-wc-webhook-id": "7",
    "x-wc-webhook-delivery-id": randomUUID().replace(/-/g, ""),
    "x-wc-webhook-source": `${fixture.wooStoreUrl}/`,
  });
  const signed = (kind: string, topic: string, body: string | Uint8Array, outcome: "quarantined" | "ignored") => {
    // As the endpoint decodes the body (a BOM is dropped), so the unversioned key is the one it computes.
    const text = new TextDecoder().decode(Buffer.from(body));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const hashed = `unversioned:${topic}:${createHash("sha256").update(text).digest("hex").slice(0, 40)}`;
    const stored = { source, eventId: wooEventKey(topic, json) ?? hashed, outcome };
    const all = { ...headers(topic), "x-wc-webhook-signature": sign(body) };
    return notUtf8(p(ROUTE, "POST", path, `signed-${kind}`, [200], { headers: all, body, stored }));
  };
  const post = (kind: string, expect: number[], all: Record<string, string>, body: Probe["body"], at = path) =>
    p(ROUTE, "POST", at, kind, expect, { headers: all, body });

  const body = fixture.samples.wooOrder;
  const good = headers("order.updated");
  const signature = (value: string) => ({ ...good, "x-wc-webhook-signature": value });
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const probes: Probe[] = [
    p(ROUTE, "GET", path, "bad-method", [405]),
    p(ROUTE, "PUT", path, "bad-method", [405], { body: "{}" }),
    post("ping", [200], form, "webhook_id=7"),
    post("bad-ping", [400], form, "webhook_id=seven"),
    post("missing-headers", [400], { "content-type": "application/json" }, body),
    post("missing-signature", [400], good, body),
    post("wrong-signature", [401], signature(Buffer.alloc(32, 9).toString("base64")), body),
    post("wrong-secret", [401], signature(sign(body, "not-the-secret")), body),
    post("shopify-secret", [401], signature(sign(body, fixture.app.apiSecret)), body),
    post("replayed-signature", [401], signature(sign("{}")), body),
    post("malformed-topic", [400], { ...signature(sign(body)), "x-wc-webhook-topic": "order" }, body),
    post("malformed-webhook-id", [400], { ...signature(sign(body)), "x-wc-webhook-id": "7; DROP" }, body),
    post("over-limit", [413], signature(sign("x")), jsonOfSize(BODY_LIMIT + 1)),
    post("over-limit-chunked", [413], signature(sign("x")), chunkedBody(jsonOfSize(3 * BODY_LIMIT))),
    post(
      "not-a-woo-channel",
      [404],
      signature(sign(body)),
      body,
      `/webhooks/woocommerce/${fixture.ids.shopifyChannelId}`,
    ),
  ];
  for (const [kind, id] of Object.entries(BAD_IDS)) {
    // A NUL (%00) in the address is refused before routing (server/refuse-nul.ts).
    const expect = kind === "nul-id" ? [400] : [404];
    probes.push(post(kind, expect, signature(sign(body)), body, `/webhooks/woocommerce/${encodeURIComponent(id)}`));
  }

  let stamp = 0;
  const older = (text: string) => {
    stamp += 1;
    const modified = `2001-01-01T00:00:${String(stamp).padStart(2, "0")}`;
    return JSON.stringify({ ...(JSON.parse(text) as object), date_modified_gmt: modified });
  };
  for (const [kind, payload] of Object.entries(orderMutations(body))) {
    probes.push(signed(kind, "order.updated", older(payload), "quarantined"));
  }
  for (const [kind, payload] of Object.entries(SIGNED_INVALID)) {
    probes.push(signed(kind, "order.updated", payload, "quarantined"));
  }
  const product = (fields: object) => older(JSON.stringify(fields));
  probes.push(
    signed(
      "wrong-types-product",
      "product.updated",
      product({ id: 77, sku: [], stock_quantity: "lots" }),
      "quarantined",
    ),
    signed(
      "negative-stock-product",
      "product.updated",
      product({ id: 78, sku: 5, stock_quantity: -1e15 }),
      "quarantined",
    ),
    signed("unknown-resource", "coupon.created", JSON.stringify({ id: 5, code: "FREE" }), "ignored"),
  );
  const replay = signed("exact-replay", "order.updated", "{}", "quarantined");
  probes.push(replay, { ...replay, stored: undefined, kind: "exact-replay-again" });
  return probes;
}
