import type { JobQueue } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { DEFAULT_INBOX_RETRY, enqueueInboxEvents, type InboxRetryPolicy } from "./enqueue.server";

const REPLAY_BATCH = 1_000;

const backToPending = { status: "pending", attempts: 0, nextAttemptAt: null } as const;

// A null queue (the CLI without Redis cannot reach the web process's in-process queue) leaves the queueing to the
// recovery sweep, which picks up the pending event within a minute or two.

/**
 * Puts one quarantined event back in line with a fresh set of attempts. With a shopId (from a merchant screen)
 * only that shop's event can be replayed. Returns false when there is no such quarantined event.
 */
export async function replayInboxEvent(
  db: Db,
  queue: JobQueue | null,
  target: { id: string; shopId?: string },
  retry: InboxRetryPolicy = DEFAULT_INBOX_RETRY,
): Promise<boolean> {
  const reset = await db.inboxEvent.updateMany({
    where: { id: target.id, status: "quarantined", ...(target.shopId !== undefined ? { shopId: target.shopId } : {}) },
    data: backToPending,
  });
  if (reset.count === 0) return false;
  // Pending before queued: if queueing fails now, the recovery sweep picks the event up.
  if (queue) await enqueueInboxEvents(queue, [target.id], retry);
  return true;
}

/** Replays every quarantined event of a shop; returns how many went back in line. */
export async function replayQuarantinedInboxEvents(
  db: Db,
  queue: JobQueue | null,
  target: { shopId: string },
  retry: InboxRetryPolicy = DEFAULT_INBOX_RETRY,
): Promise<number> {
  // The ids are taken once: an event that fails again while later batches are reset must not be replayed twice.
  const quarantined = await db.inboxEvent.findMany({
    where: { shopId: target.shopId, status: "quarantined" },
    select: { id: true },
    orderBy: { receivedAt: "asc" },
  });
  let replayed = 0;
  for (let start = 0; start < quarantined.length; start += REPLAY_BATCH) {
    const ids = quarantined.slice(start, start + REPLAY_BATCH).map((event) => event.id);
    const reset = await db.inboxEvent.updateMany({
      where: { id: { in: ids }, shopId: target.shopId, status: "quarantined" },
      data: backToPending,
    });
    if (queue) await enqueueInboxEvents(queue, ids, retry);
    replayed += reset.count;
  }
  return replayed;
}
