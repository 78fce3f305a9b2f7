import { createHmac, timingSafeEqual } from "node:crypto";

// Verifies what WooCommerce POSTs to a channel's webhook URL. Two kinds of request arrive:
// - the ping WooCommerce sends when a webhook is created or re-activated: a form-encoded `webhook_id=N`, with no
//   X-WC-Webhook-* headers and no signature. It must be answered 200 (nothing else counts) and carries nothing to store.
// - deliveries: the resource as JSON, signed with base64(HMAC-SHA256(raw body, secret)) in X-WC-Webhook-Signature.
// The signature is over the bytes as sent; PHP escapes "/" as "\/" and non-ASCII as \uXXXX, so re-serialised JSON
// would not match. The body is parsed here only for convenience: a signed body that is not JSON is still the store's
// word, stored as it came and quarantined by the inbox.

const HEADER = {
  signature: "x-wc-webhook-signature",
  topic: "x-wc-webhook-topic",
  resource: "x-wc-webhook-resource",
  event: "x-wc-webhook-event",
  webhookId: "x-wc-webhook-id",
  deliveryId: "x-wc-webhook-delivery-id",
  source: "x-wc-webhook-source",
} as const;

const REQUIRED = ["signature", "topic", "webhookId", "deliveryId"] as const;

export type WooWebhookVerdict =
  | { kind: "ping"; webhookId: number }
  | {
      kind: "delivery";
      /** "order.updated", "product.deleted", "action.woocommerce_..." */
      topic: string;
      resource: string;
      event: string;
      webhookId: number;
      /** wp_hash(webhook id . time()): repeats within a second; dedupe with wooEventKey instead. */
      deliveryId: string;
      /** The store's home URL with a trailing slash, as WooCommerce reports it. */
      source: string | undefined;
      /** The body as JSON, or undefined when a correctly signed body is not JSON. */
      payload: unknown;
    }
  | { kind: "rejected"; status: 400 | 401; reason: string };

/**
 * wp_specialchars_decode($secret, ENT_QUOTES): WooCommerce signs with the secret as stored, entities decoded. Only
 * a secret with "&" in it is affected; the secrets ChannelLedger generates are alphanumeric.
 */
function wpSpecialcharsDecode(secret: string): string {
  if (!secret.includes("&")) return secret;
  return secret.replace(/&(?:lt|gt|quot|#0*39|#x0*27|amp);/gi, (entity) => {
    const name = entity.toLowerCase();
    if (name === "&lt;") return "<";
    if (name === "&gt;") return ">";
    if (name === "&quot;") return '"';
    if (name === "&amp;") return "&";
    return "'";
  });
}

/** base64(HMAC-SHA256(raw body, secret)): what WooCommerce sends in X-WC-Webhook-Signature. */
export function signWooWebhook(rawBody: Buffer | string, secret: string): string {
  return createHmac("sha256", wpSpecialcharsDecode(secret)).update(rawBody).digest("base64");
}

function signatureMatches(rawBody: Buffer, secret: string, received: string): boolean {
  const expected = Buffer.from(signWooWebhook(rawBody, secret));
  const actual = Buffer.from(received);
  // The length is not secret (a SHA-256 digest is always 44 base64 characters); the comparison of the bytes is.
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The creation ping: form-encoded webhook_id=N and nothing else. */
function pingWebhookId(rawBody: Buffer): number | undefined {
  if (rawBody.length > 100) return undefined;
  const match = /^webhook_id=(\d{1,15})$/.exec(rawBody.toString("utf8").trim());
  return match ? Number(match[1]) : undefined;
}

function parseJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** 400 when the request is neither a ping nor a delivery with WooCommerce's headers; 401 when the signature fails. */
export function verifyWooWebhook(rawBody: Buffer, headers: Headers, secret: string): WooWebhookVerdict {
  const raw = Object.fromEntries(
    Object.entries(HEADER).map(([key, name]) => [key, headers.get(name)?.trim() || undefined]),
  ) as Record<keyof typeof HEADER, string | undefined>;

  if (!raw.signature && !raw.topic) {
    const webhookId = pingWebhookId(rawBody);
    if (webhookId !== undefined) return { kind: "ping", webhookId };
  }
  const missing = REQUIRED.filter((key) => !raw[key]).map((key) => HEADER[key]);
  if (missing.length > 0) return { kind: "rejected", status: 400, reason: `missing header ${missing.join(", ")}` };

  const topic = raw.topic!.toLowerCase();
  const parts = /^([a-z_]+)\.([a-z0-9_]+)$/.exec(topic);
  if (!parts)
    return { kind: "rejected", status: 400, reason: `header ${HEADER.topic} is not a topic such as order.updated` };
  if (!/^\d{1,15}$/.test(raw.webhookId!))
    return { kind: "rejected", status: 400, reason: `header ${HEADER.webhookId} is not a webhook id` };
  if (!secret) return { kind: "rejected", status: 401, reason: "no secret to verify the delivery with" };
  if (!signatureMatches(rawBody, secret, raw.signature!))
    return { kind: "rejected", status: 401, reason: `${HEADER.signature} does not match the body` };

  return {
    kind: "delivery",
    topic,
    resource: raw.resource?.toLowerCase() ?? parts[1]!,
    event: raw.event?.toLowerCase() ?? parts[2]!,
    webhookId: Number(raw.webhookId),
    deliveryId: raw.deliveryId!,
    source: raw.source,
    payload: parseJson(rawBody),
  };
}
