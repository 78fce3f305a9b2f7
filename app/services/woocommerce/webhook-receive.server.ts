import { createHash } from "node:crypto";
import { z } from "zod";
import { wooEventKey } from "../../../connectors/woocommerce/event-key";
import { verifyWooWebhook, type WooWebhookVerdict } from "../../../connectors/woocommerce/webhook";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import { configuredEncryptionKey, decryptSecret } from "../../crypto.server";
import type { Db } from "../../db.server";
import type { InboxRetryPolicy } from "../inbox/enqueue.server";
import { readRawBody } from "../inbox/raw-body.server";
import { receiveInboxEvent } from "../inbox/receive.server";

// POST /webhooks/woocommerce/:channelId. Each channel has its own secret, so the channel id in the path says which
// secret verifies the delivery. WooCommerce never retries a delivery and disables a webhook after a run of non-2xx
// answers, so we answer quickly, store first and process later, and only refuse what is really not ours. Polling
// is the safety net for anything lost on the way.

export const WOO_WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

export const WooWebhookParamsSchema = z.object({
  channelId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
});

export type WooWebhookDeps = {
  db: Db;
  queue: JobQueue;
  logger: LoggerLike;
  /** ENCRYPTION_KEY; the configured one by default. */
  encryptionKey?: Buffer;
  retry?: InboxRetryPolicy;
};

function reply(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The headers kept with the event for tracing; never the signature. */
function keptHeaders(verdict: Extract<WooWebhookVerdict, { kind: "delivery" }>): Record<string, string> {
  return {
    "x-wc-webhook-topic": verdict.topic,
    "x-wc-webhook-resource": verdict.resource,
    "x-wc-webhook-event": verdict.event,
    "x-wc-webhook-id": String(verdict.webhookId),
    "x-wc-webhook-delivery-id": verdict.deliveryId,
    ...(verdict.source ? { "x-wc-webhook-source": verdict.source } : {}),
  };
}

/**
 * The inbox key: the resource's version (wooEventKey) so a delivery and a polled copy of one change are one event.
 * A body without a version (an error body for a resource gone by delivery time, an action.* topic) is keyed by its
 * bytes: WooCommerce's delivery id repeats within a second, so it cannot tell two such deliveries apart.
 */
function eventIdOf(verdict: Extract<WooWebhookVerdict, { kind: "delivery" }>, payload: string): string {
  const versioned = wooEventKey(verdict.topic, verdict.payload);
  if (versioned) return versioned;
  return `unversioned:${verdict.topic}:${createHash("sha256").update(payload).digest("hex").slice(0, 40)}`;
}

export async function handleWooWebhook(
  request: Request,
  params: { channelId?: string },
  deps: WooWebhookDeps,
): Promise<Response> {
  const { logger } = deps;
  if (request.method !== "POST") return reply(405, "Method not allowed", { Allow: "POST" });
  const rawBody = await readRawBody(request, WOO_WEBHOOK_BODY_LIMIT_BYTES);
  if (rawBody === null) {
    logger.warn({ limitBytes: WOO_WEBHOOK_BODY_LIMIT_BYTES }, "WooCommerce webhook refused: body too large");
    return reply(413, "Payload too large");
  }
  const parsedParams = WooWebhookParamsSchema.safeParse(params);
  if (!parsedParams.success) return reply(404, "Unknown channel");
  const { channelId } = parsedParams.data;
  const channel = await deps.db.channel.findUnique({
    where: { id: channelId },
    select: { id: true, shopId: true, kind: true, status: true, webhookSecret: true },
  });
  if (!channel || channel.kind !== "woocommerce") {
    logger.warn({ channelId }, "WooCommerce webhook for an unknown channel");
    return reply(404, "Unknown channel");
  }
  // Leftover webhooks of a disconnected store: a refusal makes WooCommerce disable them after a few deliveries.
  if (channel.status === "disconnected") return reply(410, "Channel disconnected");

  let secret: string;
  try {
    if (!channel.webhookSecret) throw new Error("the channel has no webhook secret");
    secret = decryptSecret(channel.webhookSecret, deps.encryptionKey ?? configuredEncryptionKey());
  } catch (error) {
    // Our side is broken (ENCRYPTION_KEY changed or missing), not the sender's: say so and let polling catch up.
    logger.error({ channelId, err: error instanceof Error ? error.message : String(error) }, "webhook secret unusable");
    return reply(503, "Webhook secret unavailable");
  }

  const verdict = verifyWooWebhook(rawBody, request.headers, secret);
  if (verdict.kind === "ping") {
    logger.info({ channelId, webhookId: verdict.webhookId }, "WooCommerce webhook ping");
    return reply(200, "ok");
  }
  if (verdict.kind === "rejected") {
    logger.warn({ channelId, status: verdict.status, reason: verdict.reason }, "WooCommerce webhook refused");
    return reply(verdict.status, verdict.reason);
  }
  let payload: string;
  try {
    payload = utf8.decode(rawBody);
  } catch {
    logger.warn({ channelId, topic: verdict.topic }, "WooCommerce webhook refused: body is not UTF-8");
    return reply(400, "Body is not UTF-8");
  }
  // Nor can a raw NUL byte (never valid JSON): PostgreSQL refuses it in text, and storing failed as a 500.
  if (payload.includes("\u0000")) {
    logger.warn({ channelId, topic: verdict.topic }, "WooCommerce webhook refused: body holds a NUL byte");
    return reply(400, "Body holds a NUL byte");
  }

  const eventId = eventIdOf(verdict, payload);
  const result = await receiveInboxEvent(
    deps.db,
    deps.queue,
    {
      shopId: channel.shopId,
      channelId: channel.id,
      source: `woocommerce:${channel.id}`,
      eventId,
      topic: verdict.topic,
      payload,
      headers: keptHeaders(verdict),
    },
    { retry: deps.retry, logger },
  );
  logger.info(
    { channelId, topic: verdict.topic, eventId, inboxEventId: result.inboxEventId, duplicate: result.duplicate },
    "WooCommerce webhook received",
  );
  return reply(200, result.duplicate ? "Already received" : "Received");
}
