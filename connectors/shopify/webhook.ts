import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { IncomingWebhook } from "../contract";

// Verifies a Shopify webhook delivery. The payload is not parsed here: a signed body that is not JSON is still
// Shopify's word, so it is stored and quarantined by the inbox rather than refused at the door.

const HEADER = {
  hmac: "x-shopify-hmac-sha256",
  topic: "x-shopify-topic",
  shopDomain: "x-shopify-shop-domain",
  webhookId: "x-shopify-webhook-id",
  eventId: "x-shopify-event-id",
  apiVersion: "x-shopify-api-version",
  triggeredAt: "x-shopify-triggered-at",
  name: "x-shopify-name",
} as const;

const REQUIRED = ["hmac", "topic", "shopDomain", "webhookId"] as const;

// Everything but the signature is kept with the stored event, for support and for spotting stale retries.
const KEPT = ["topic", "shopDomain", "webhookId", "eventId", "apiVersion", "triggeredAt", "name"] as const;

const Token = z.string().trim().min(1).max(255);

export const ShopifyWebhookHeadersSchema = z.object({
  hmac: Token,
  topic: z
    .string()
    .trim()
    .toLowerCase()
    .max(120)
    .regex(/^[a-z0-9_]+\/[a-z0-9_]+$/, "is not a webhook topic such as orders/create"),
  shopDomain: z
    .string()
    .trim()
    .toLowerCase()
    .max(255)
    .regex(/^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$/, "is not a shop domain such as example.myshopify.com"),
  webhookId: Token,
  eventId: Token.optional(),
  apiVersion: Token.optional(),
  triggeredAt: Token.optional(),
  name: Token.optional(),
});

export type ShopifyWebhookVerdict =
  | { ok: true; topic: string; shopDomain: string; eventId: string; headers: Record<string, string> }
  | { ok: false; status: 400 | 401; reason: string };

/** base64(HMAC-SHA256(raw body, secret)): what Shopify sends in X-Shopify-Hmac-Sha256. */
export function signShopifyWebhook(rawBody: Buffer | string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

function signatureMatches(rawBody: Buffer, secret: string, received: string): boolean {
  const expected = Buffer.from(signShopifyWebhook(rawBody, secret));
  const actual = Buffer.from(received);
  // The length is not secret (a SHA-256 digest is always 44 base64 characters); the comparison of the bytes is.
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** 400 when a required header is missing or malformed, 401 when the signature does not match. */
export function verifyShopifyWebhook(webhook: IncomingWebhook, secret: string): ShopifyWebhookVerdict {
  const raw = Object.fromEntries(
    Object.entries(HEADER).map(([key, name]) => [key, webhook.headers.get(name) ?? undefined]),
  ) as Record<keyof typeof HEADER, string | undefined>;
  const missing = REQUIRED.filter((key) => !raw[key]?.trim()).map((key) => HEADER[key]);
  if (missing.length > 0) return { ok: false, status: 400, reason: `missing header ${missing.join(", ")}` };

  const parsed = ShopifyWebhookHeadersSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path[0] as keyof typeof HEADER | undefined;
    return { ok: false, status: 400, reason: `header ${key ? HEADER[key] : "?"} ${issue?.message ?? "is invalid"}` };
  }
  if (!signatureMatches(webhook.rawBody, secret, parsed.data.hmac)) {
    return { ok: false, status: 401, reason: "X-Shopify-Hmac-Sha256 does not match the body" };
  }

  const headers: Record<string, string> = {};
  for (const key of KEPT) {
    const value = parsed.data[key];
    if (value !== undefined) headers[HEADER[key]] = value;
  }
  return {
    ok: true,
    topic: parsed.data.topic,
    shopDomain: parsed.data.shopDomain,
    // Retries keep both ids, but several subscriptions to one topic share only the event id, so it dedupes best;
    // the webhook id is the fallback for deliveries without one.
    eventId: parsed.data.eventId ?? parsed.data.webhookId,
    headers,
  };
}
