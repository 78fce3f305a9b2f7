import { verifyShopifyWebhook } from "../../../connectors/shopify/webhook";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import type { InboxRetryPolicy } from "./enqueue.server";
import { readRawBody } from "./raw-body.server";
import { receiveInboxEvent } from "./receive.server";

export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

export type ShopifyWebhookDeps = {
  db: Db;
  queue: JobQueue;
  /** SHOPIFY_API_SECRET: Shopify signs every delivery with it. */
  secret: string | undefined;
  logger: LoggerLike;
  retry?: InboxRetryPolicy;
};

function reply(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(body: Buffer): string | undefined {
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
}

// Shop domain -> channel, for a minute: a burst of webhooks should not cost a lookup each.
const CHANNEL_CACHE_MS = 60_000;
const channelCache = new Map<string, { channel: { id: string; shopId: string }; until: number }>();

async function findShopifyChannel(db: Db, shopDomain: string) {
  const cached = channelCache.get(shopDomain);
  if (cached && cached.until > Date.now()) return cached.channel;
  const channel = await db.channel.findFirst({
    where: { kind: "shopify", externalRef: shopDomain },
    select: { id: true, shopId: true },
    orderBy: { createdAt: "asc" },
  });
  if (channel) channelCache.set(shopDomain, { channel, until: Date.now() + CHANNEL_CACHE_MS });
  else channelCache.delete(shopDomain);
  return channel;
}

/**
 * POST /webhooks/shopify: verify, store, queue, answer. Every answer is quick and none is a 5xx for a sender's
 * mistake; Shopify retries anything but a 2xx for hours, so only what we could not store earns a retry.
 */
export async function handleShopifyWebhook(request: Request, deps: ShopifyWebhookDeps): Promise<Response> {
  const { logger } = deps;
  if (request.method !== "POST") return reply(405, "Method not allowed", { Allow: "POST" });
  if (!deps.secret) {
    logger.error({}, "Shopify webhook refused: SHOPIFY_API_SECRET is not set, so no delivery can be verified");
    return reply(503, "Shopify webhooks are not configured");
  }

  const rawBody = await readRawBody(request, WEBHOOK_BODY_LIMIT_BYTES);
  if (rawBody === null) {
    logger.warn({ limitBytes: WEBHOOK_BODY_LIMIT_BYTES }, "Shopify webhook refused: body too large");
    return reply(413, "Payload too large");
  }
  const verdict = verifyShopifyWebhook({ rawBody, headers: request.headers }, deps.secret);
  if (!verdict.ok) {
    logger.warn({ status: verdict.status, reason: verdict.reason }, "Shopify webhook refused");
    return reply(verdict.status, verdict.reason);
  }
  const log = { topic: verdict.topic, shopDomain: verdict.shopDomain, eventId: verdict.eventId };
  // JSON must be UTF-8; a body that is not cannot be stored as the text it was signed as.
  const payload = decodeUtf8(rawBody);
  if (payload === undefined) {
    logger.warn(log, "Shopify webhook refused: body is not UTF-8");
    return reply(400, "Body is not UTF-8");
  }
  // Nor can a raw NUL byte (never valid JSON): PostgreSQL refuses it in text, and storing failed as a 500.
  if (payload.includes("\u0000")) {
    logger.warn(log, "Shopify webhook refused: body holds a NUL byte");
    return reply(400, "Body holds a NUL byte");
  }

  const channel = await findShopifyChannel(deps.db, verdict.shopDomain);
  if (!channel) {
    // Answering an error would only make Shopify retry for hours a delivery we can never attribute.
    logger.warn(log, "Shopify webhook for a shop we do not know; acknowledged and dropped");
    return reply(200, "Unknown shop");
  }

  const result = await receiveInboxEvent(
    deps.db,
    deps.queue,
    {
      shopId: channel.shopId,
      channelId: channel.id,
      source: `shopify:${verdict.shopDomain}`,
      eventId: verdict.eventId,
      topic: verdict.topic,
      payload,
      headers: verdict.headers,
    },
    { retry: deps.retry, logger },
  );
  logger.info({ ...log, inboxEventId: result.inboxEventId, duplicate: result.duplicate }, "Shopify webhook received");
  return reply(200, result.duplicate ? "Already received" : "Received");
}
