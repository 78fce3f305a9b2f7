import { signShopifyWebhook } from "../../connectors/shopify/webhook.ts";
import { signWooWebhook } from "../../connectors/woocommerce/webhook.ts";
import { API as R } from "./bad-input-corpus-api.ts";
import { probe as p, type Probe } from "./bad-input-probe.ts";
import { JSON_TYPE } from "./bad-input-values.ts";
import { isolated, type TenantProbe } from "./tenants-leaks.ts";
import type { TenantIds } from "./tenants-ids.ts";

// drill:tenants against the REST API and the webhook endpoints: shop A's API key with every one of shop B's ids, in
// the path (B's orders, returns, fulfilments, channels), next to A's own subjects (B's lines, locations, SKUs), and as
// list filters; B's webhook endpoint with A's secret. Controls: B's own key reads B's order and stock.

/** A's own subjects, so a mixed probe is one foreign id away from a write. */
export type Subjects = {
  openOrder: string;
  openLines: string[];
  shippedOrder: string;
  shippedLines: string[];
  returnId: string;
  returnLines: string[];
  item: string;
  sku: string;
  location: string;
  shopifyChannel: string;
  channelLocation: string;
  wooChannel: string;
  wooSecret: string;
  shopifySecret: string;
  bDomain: string;
  /** B's ERP's fulfilment request, sent with an Idempotency-Key. */
  bIdempotent: { orderId: string; body: string; key: string };
};

const json = (body: unknown) => ({ as: "api" as const, headers: JSON_TYPE, body: JSON.stringify(body) });

export function apiIsolationCorpus(b: TenantIds, a: Subjects): TenantProbe[] {
  const probes: TenantProbe[] = [];
  const add = (isolation: Parameters<typeof isolated>[0], ids: string[], make: (id: string) => Probe) => {
    for (const id of ids) probes.push(isolated(isolation, make, id));
  };
  const bLine = b.orderLines[0]!;
  const bReturnLine = b.returnLines[0] ?? b.orderLines[0]!;
  // B's id names the subject.
  add("path", b.orders, (id) => p(R.order, "GET", `/api/v1/orders/${id}`, "order", [], { as: "api" }));
  const line = (lineId: string) => ({ lines: [{ line_id: lineId, quantity: 1 }] });
  add("path", b.orders, (id) =>
    p(R.fulfil, "POST", `/api/v1/orders/${id}/fulfillments`, "fulfil", [], json(line(bLine))),
  );
  const cancel = { reason: "customer", restock: true, refund: false };
  add("path", b.orders, (id) => p(R.cancel, "POST", `/api/v1/orders/${id}/cancel`, "cancel", [], json(cancel)));
  add("path", b.orders, (id) => p(R.returns, "POST", `/api/v1/orders/${id}/returns`, "return", [], json(line(bLine))));
  const receive = (lineId: string) => ({
    lines: [{ return_line_id: lineId, quantity: 1, disposition: "restock" }],
    refund: false,
  });
  add("path", b.returns, (id) =>
    p(R.receive, "POST", `/api/v1/returns/${id}/receive`, "receive", [], json(receive(bReturnLine))),
  );
  const tracking = { carrier: "UPS", tracking_number: "1Z999" };
  add("path", b.fulfillments, (id) =>
    p(R.tracking, "POST", `/api/v1/fulfillments/${id}/tracking`, "tracking", [], json(tracking)),
  );
  add("path", b.channels, (id) =>
    p(R.reconcile, "GET", `/api/v1/channels/${id}/reconcile`, "reconcile-report", [], { as: "api" }),
  );
  add("path", b.channels, (id) =>
    p(R.reconcile, "POST", `/api/v1/channels/${id}/reconcile`, "reconcile", [], { as: "api" }),
  );

  // B's id next to A's own subject.
  const fulfilA = `/api/v1/orders/${a.openOrder}/fulfillments`;
  add("body", b.orderLines, (id) => p(R.fulfil, "POST", fulfilA, "fulfil-a-with-b-line", [], json(line(id))));
  const fromB = (id: string) => ({ ...line(a.openLines[0]!), location_id: id });
  add("body", b.locations, (id) => p(R.fulfil, "POST", fulfilA, "fulfil-a-from-b-location", [], json(fromB(id))));
  const returnA = `/api/v1/orders/${a.shippedOrder}/returns`;
  add("body", b.orderLines, (id) => p(R.returns, "POST", returnA, "return-a-with-b-line", [], json(line(id))));
  const receiveA = `/api/v1/returns/${a.returnId}/receive`;
  add("body", b.returnLines, (id) => p(R.receive, "POST", receiveA, "receive-a-with-b-line", [], json(receive(id))));
  const adjust = "api.v1.inventory.adjustments.ts";
  const adjustment = (sku: string, location: string) => ({ sku, location_id: location, delta: 1, reason: "drill" });
  add("body", b.skus, (sku) =>
    p(adjust, "POST", "/api/v1/inventory/adjustments", "adjust-b-sku", [], json(adjustment(sku, a.location))),
  );
  add("body", b.locations, (id) =>
    p(adjust, "POST", "/api/v1/inventory/adjustments", "adjust-at-b-location", [], json(adjustment(a.sku, id))),
  );

  // B's ids as A's filters: A's own (empty) lists.
  add("filter", b.channels, (id) =>
    p("api.v1.orders.ts", "GET", `/api/v1/orders?channel=${id}`, "orders-of-b-channel", [], { as: "api" }),
  );
  add("filter", b.skus, (sku) =>
    p("api.v1.inventory.ts", "GET", `/api/v1/inventory?sku=${encodeURIComponent(sku)}`, "inventory-b-sku", [], {
      as: "api",
    }),
  );
  const cursor = (id: string) => Buffer.from(JSON.stringify([new Date().toISOString(), id])).toString("base64url");
  add("filter", b.orders, (id) =>
    p("api.v1.orders.ts", "GET", `/api/v1/orders?cursor=${cursor(id)}`, "orders-after-b-cursor", [], { as: "api" }),
  );

  // B's exact request, Idempotency-Key and all, with A's key: A's own 404, never B's stored answer replayed.
  const replayB = (id: string) =>
    p(R.fulfil, "POST", `/api/v1/orders/${id}/fulfillments`, "b-idempotency-key", [], {
      as: "api",
      headers: { ...JSON_TYPE, "idempotency-key": a.bIdempotent.key },
      body: a.bIdempotent.body,
    });
  probes.push(isolated("path", replayB, a.bIdempotent.orderId));
  // Methods a route never serves, with B's subject: 405 whoever asks, before any id is looked at.
  const other: [string, string, string][] = [
    [R.order, "DELETE", `/api/v1/orders/${b.orders[0]}`],
    [R.fulfil, "GET", `/api/v1/orders/${b.orders[0]}/fulfillments`],
    [R.cancel, "GET", `/api/v1/orders/${b.orders[0]}/cancel`],
    [R.returns, "GET", `/api/v1/orders/${b.orders[0]}/returns`],
    [R.receive, "GET", `/api/v1/returns/${b.returns[0]}/receive`],
    [R.tracking, "GET", `/api/v1/fulfillments/${b.fulfillments[0]}/tracking`],
    [R.reconcile, "DELETE", `/api/v1/channels/${b.channels[0]}/reconcile`],
    ["api.v1.orders.ts", "POST", `/api/v1/orders?channel=${b.channels[0]}`],
    ["api.v1.inventory.ts", "POST", `/api/v1/inventory?sku=${b.skus[0]}`],
    ["api.v1.inventory.adjustments.ts", "GET", `/api/v1/inventory/adjustments?location_id=${b.locations[0]}`],
    ["woocommerce.auth.callback.ts", "GET", `/woocommerce/auth/callback?user_id=${b.shopId}`],
  ];
  for (const [route, method, path] of other) {
    probes.push({
      ...isolated("path", () => p(route, method, path, "other-method", [], { as: "api" }), "-"),
      expect: [405],
    });
  }
  return probes;
}

/** B's own principals on B's data, sent with B's credentials: 200, with B's data the leak search must find. */
export function controlCorpus(b: TenantIds): TenantProbe[] {
  const control = (probe: Probe): TenantProbe => ({ ...probe, expect: [200], isolation: "control", id: "-" });
  const order = b.orders[0]!;
  return [
    control(p("api.v1.orders.$id.ts", "GET", `/api/v1/orders/${order}`, "control", [], { as: "api" })),
    control(p("api.v1.inventory.ts", "GET", "/api/v1/inventory", "control", [], { as: "api" })),
    control(p("app.orders.$id.tsx", "GET", `/app/orders/${order}`, "control", [], { as: "embedded" })),
    control(p("app.inventory._index.tsx", "GET", "/app/inventory", "control", [], { as: "embedded" })),
    ...b.returns.map((id) =>
      control(p("app.returns.$id.tsx", "GET", `/app/returns/${id}`, "control", [], { as: "embedded" })),
    ),
  ];
}

/** A's principals on A's own subjects: 200 (the operator's requests act on A, the oldest shop). */
export function ownCorpus(a: Subjects): TenantProbe[] {
  const own = (probe: Probe): TenantProbe => ({ ...probe, expect: [200], isolation: "own", id: "-" });
  return [
    own(p("api.v1.orders.$id.ts", "GET", `/api/v1/orders/${a.openOrder}`, "own", [], { as: "api" })),
    own(p("app.orders.$id.tsx", "GET", `/app/orders/${a.openOrder}.data`, "own", [], { as: "embedded" })),
    own(p("app.orders.$id.tsx", "GET", `/app/orders/${a.openOrder}.data`, "own", [], { as: "operator" })),
    own(p("app.returns.$id.tsx", "GET", `/app/returns/${a.returnId}`, "own", [], { as: "operator" })),
    own(p("app.inventory.$id.tsx", "GET", `/app/inventory/${a.item}.data`, "own", [], { as: "operator" })),
    own(p("app.channels.$id.tsx", "GET", `/app/channels/${a.shopifyChannel}.data`, "own", [], { as: "embedded" })),
  ];
}

export function webhookIsolationCorpus(b: TenantIds, a: Subjects): TenantProbe[] {
  const body = JSON.stringify({ id: 1, status: "processing", date_modified_gmt: "2026-01-01T00:00:00" });
  const woo = (id: string) =>
    p("webhooks.woocommerce.$channelId.ts", "POST", `/webhooks/woocommerce/${id}`, "b-channel-a-secret", [], {
      headers: {
        ...JSON_TYPE,
        "x-wc-webhook-topic": "order.updated",
        "x-wc-webhook-id": "1",
        "x-wc-webhook-delivery-id": "d1",
        "x-wc-webhook-signature": signWooWebhook(body, a.wooSecret),
      },
      body,
    });
  const shopify = (domain: string) =>
    p("webhooks.shopify.ts", "POST", "/webhooks/shopify", "b-domain-wrong-secret", [], {
      headers: {
        ...JSON_TYPE,
        "x-shopify-topic": "orders/updated",
        "x-shopify-shop-domain": domain,
        "x-shopify-webhook-id": "w1",
        "x-shopify-hmac-sha256": signShopifyWebhook(body, `${a.shopifySecret}-not`),
      },
      body,
    });
  return [
    ...b.wooChannels.map((id) => isolated("signature", woo, id)),
    ...b.shopifyChannels.map(() => isolated("signature", shopify, a.bDomain)),
    isolated(
      "path",
      (id) => p("webhooks.woocommerce.$channelId.ts", "GET", `/webhooks/woocommerce/${id}`, "get", []),
      b.wooChannels[0]!,
    ),
    isolated("path", () => p("webhooks.shopify.ts", "GET", "/webhooks/shopify", "get", []), a.bDomain),
  ].map((probe) => (probe.method === "GET" ? { ...probe, expect: [405] } : probe));
}
