import type { WebhookParser } from "../../../connectors/contract";
import { ChannelEventSchema, type ChannelEvent } from "../../../connectors/events";
import type { LoggerLike } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { getLogger } from "../../logger.server";
import type { ApplyContext, ApplyOutcome, ChannelRef } from "../ledger/apply-types";
import { DEFAULT_INBOX_RETRY, type InboxRetryPolicy } from "./enqueue.server";
import { classifyFailure, PermanentInboxError } from "./errors.server";
import { CHANNEL_PARSERS } from "./parsers.server";
import { parsePayloadJson } from "./payload-json.server";

type InboxChannel = ChannelRef & { settings: unknown };

export type ApplyChannelEvent = (
  db: Db,
  channel: InboxChannel,
  event: ChannelEvent,
  context: ApplyContext,
) => Promise<ApplyOutcome>;

// Loaded on first use so the inbox does not pull the whole ledger into every module that receives webhooks.
const applyFromLedger: ApplyChannelEvent = async (...args) => {
  const ledger = await import("../ledger/apply-channel-event.server");
  return ledger.applyChannelEvent(...args);
};

export type ProcessInboxOptions = {
  apply?: ApplyChannelEvent;
  parsers?: Readonly<Record<string, WebhookParser>>;
  retry?: InboxRetryPolicy;
  logger?: LoggerLike;
  now?: () => Date;
};

type Handled = { status: "done"; outcomes: ApplyOutcome[] } | { status: "ignored"; reason: string };
export type ProcessOutcome = Handled | { status: "quarantined" | "skipped"; reason: string };

type InboxRow = NonNullable<Awaited<ReturnType<Db["inboxEvent"]["findUnique"]>>>;

const MAX_BACKOFF_MS = 15 * 60_000;

async function loadChannel(db: Db, event: InboxRow): Promise<InboxChannel> {
  if (!event.channelId) throw new PermanentInboxError("the event names no channel");
  const channel = await db.channel.findUnique({
    where: { id: event.channelId },
    select: { id: true, shopId: true, kind: true, name: true, settings: true },
  });
  if (!channel) throw new PermanentInboxError(`channel ${event.channelId} no longer exists`);
  if (event.shopId !== null && channel.shopId !== event.shopId) {
    throw new PermanentInboxError(`channel ${channel.id} does not belong to shop ${event.shopId}`);
  }
  return channel;
}

async function handle(
  db: Db,
  event: InboxRow,
  apply: ApplyChannelEvent,
  parsers: Readonly<Record<string, WebhookParser>>,
): Promise<Handled> {
  const channel = await loadChannel(db, event);
  const parser = parsers[channel.kind];
  if (!parser) throw new PermanentInboxError(`no connector reads ${channel.kind} payloads`);
  const parsed = parser.parseWebhook(event.topic, parsePayloadJson(event.payload));
  if ("ignored" in parsed) return { status: "ignored", reason: parsed.ignored };
  const events = parsed.events.map((channelEvent) => ChannelEventSchema.parse(channelEvent));
  const outcomes: ApplyOutcome[] = [];
  // In order: an order snapshot must land before the fulfilment that follows it in the same delivery.
  for (const channelEvent of events) {
    outcomes.push(
      await apply(db, channel, channelEvent, { source: `webhook:${event.id}`, receivedAt: event.receivedAt }),
    );
  }
  return { status: "done", outcomes };
}

/**
 * Processes one stored event; safe to run again for the same event (at-least-once delivery, recovery sweep,
 * replay). Applies the payload's events, marks the row done or ignored, quarantines a payload that cannot be read,
 * and on any other failure records it and throws so the queue retries, quarantining after the last attempt.
 */
export async function processInboxEvent(
  db: Db,
  inboxEventId: string,
  options: ProcessInboxOptions = {},
): Promise<ProcessOutcome> {
  const logger = options.logger ?? getLogger().child({ module: "inbox" });
  const retry = options.retry ?? DEFAULT_INBOX_RETRY;
  const now = options.now ?? (() => new Date());
  const event = await db.inboxEvent.findUnique({ where: { id: inboxEventId } });
  if (!event) return { status: "skipped", reason: "no such inbox event" };
  if (event.status !== "pending") return { status: "skipped", reason: `already ${event.status}` };
  const log = { inboxEventId, topic: event.topic, source: event.source };

  let result: Handled;
  try {
    result = await handle(db, event, options.apply ?? applyFromLedger, options.parsers ?? CHANNEL_PARSERS);
  } catch (error) {
    return recordFailure(db, event, error, { retry, now: now(), logger });
  }
  const finished = await db.inboxEvent.updateMany({
    where: { id: inboxEventId, status: "pending" },
    data: { status: result.status, processedAt: now(), lastError: null, nextAttemptAt: null },
  });
  if (finished.count === 0) return { status: "skipped", reason: "finished elsewhere meanwhile" };
  if (result.status === "ignored") logger.info({ ...log, reason: result.reason }, "inbox event ignored");
  else logger.info({ ...log, outcomes: result.outcomes.map((outcome) => outcome.outcome) }, "inbox event applied");
  return result;
}

async function recordFailure(
  db: Db,
  event: InboxRow,
  error: unknown,
  context: { retry: InboxRetryPolicy; now: Date; logger: LoggerLike },
): Promise<ProcessOutcome> {
  const { permanent, message } = classifyFailure(error);
  const log = { inboxEventId: event.id, topic: event.topic, source: event.source, error: message };
  const attempts = event.attempts + 1;
  const exhausted = attempts >= context.retry.attempts;
  if (permanent || exhausted) {
    await db.inboxEvent.updateMany({
      where: { id: event.id, status: "pending" },
      data: { status: "quarantined", attempts: { increment: 1 }, lastError: message, nextAttemptAt: null },
    });
    context.logger.error({ ...log, attempts, permanent }, "inbox event quarantined");
    return { status: "quarantined", reason: message };
  }
  const delayMs = Math.min(context.retry.backoffMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
  const recorded = await db.inboxEvent.updateMany({
    where: { id: event.id, status: "pending" },
    data: { attempts: { increment: 1 }, lastError: message, nextAttemptAt: new Date(context.now.getTime() + delayMs) },
  });
  if (recorded.count === 0) return { status: "skipped", reason: "finished elsewhere meanwhile" };
  context.logger.warn({ ...log, attempts }, "inbox event failed; it will be retried");
  throw error;
}
