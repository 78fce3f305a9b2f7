import { z } from "zod";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { storeInboxRow } from "./group-insert.server";
import {
  DEFAULT_INBOX_RETRY,
  enqueueInboxEvents,
  type InboxRetryPolicy,
  enqueueDrain,
  SNAPSHOT_TOPICS,
} from "./enqueue.server";

export const ReceiveInboxEventSchema = z.object({
  shopId: z.string().min(1),
  channelId: z.string().min(1),
  /** shopify:<domain> | woocommerce:<channelId>: with eventId, what makes a delivery a duplicate. */
  source: z.string().min(1).max(300),
  eventId: z.string().trim().min(1).max(255),
  topic: z.string().trim().min(1).max(120),
  /** The body exactly as received, never re-serialised. */
  payload: z.string(),
  headers: z.record(z.string(), z.string()).default({}),
});

export type ReceiveInboxEventInput = z.input<typeof ReceiveInboxEventSchema>;
export type ReceiveResult = { inboxEventId: string; duplicate: boolean };

/**
 * Records a delivery, then queues its processing. A second delivery of the same event finds the first one's row
 * and changes nothing. If queueing fails the event is still safe in the database: the recovery sweep queues it.
 */
export async function receiveInboxEvent(
  db: Db,
  queue: JobQueue,
  input: ReceiveInboxEventInput,
  options: { retry?: InboxRetryPolicy; logger?: LoggerLike } = {},
): Promise<ReceiveResult> {
  const event = ReceiveInboxEventSchema.parse(input);
  const { inboxEventId, duplicate } = await storeInboxRow(db, event);
  if (duplicate) return { inboxEventId, duplicate };
  try {
    if (SNAPSHOT_TOPICS.has(event.topic) && event.channelId) await enqueueDrain(queue, event.channelId);
    else await enqueueInboxEvents(queue, [inboxEventId], options.retry ?? DEFAULT_INBOX_RETRY);
  } catch (error) {
    options.logger?.warn({ err: error, inboxEventId }, "inbox event stored but not queued; the recovery sweep will");
  }
  return { inboxEventId, duplicate: false };
}
