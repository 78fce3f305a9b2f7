import { z } from "zod";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import type { Db } from "../../db.server";
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

// Prisma reports SQLite's "database is locked" as P1008 (operation timed out) when the busy timeout is 0.
const BUSY = /SQLITE_BUSY|database is locked|Operation has timed out/i;

/** Waits out SQLite's write lock without blocking the thread: up to about 5 s in short async steps. */
async function whenNotBusy<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const busy =
        error instanceof Error && (BUSY.test(error.message) || (error as { code?: string }).code === "P1008");
      if (attempt >= 60 || !busy) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt * 2, 100)));
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

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
  let inboxEventId: string;
  try {
    const created = await whenNotBusy(() =>
      db.inboxEvent.create({ data: { ...event, status: "pending" }, select: { id: true } }),
    );
    inboxEventId = created.id;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await db.inboxEvent.findUniqueOrThrow({
      where: { source_eventId: { source: event.source, eventId: event.eventId } },
      select: { id: true },
    });
    return { inboxEventId: existing.id, duplicate: true };
  }
  try {
    if (SNAPSHOT_TOPICS.has(event.topic) && event.channelId) await enqueueDrain(queue, event.channelId);
    else await enqueueInboxEvents(queue, [inboxEventId], options.retry ?? DEFAULT_INBOX_RETRY);
  } catch (error) {
    options.logger?.warn({ err: error, inboxEventId }, "inbox event stored but not queued; the recovery sweep will");
  }
  return { inboxEventId, duplicate: false };
}
