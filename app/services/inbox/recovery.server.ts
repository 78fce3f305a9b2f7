import type { JobQueue } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { DEFAULT_INBOX_RETRY, enqueueInboxEvents, type InboxRetryPolicy } from "./enqueue.server";

export type RecoveryOptions = { olderThanMs?: number; limit?: number; now?: Date; retry?: InboxRetryPolicy };

/**
 * Queues again every event still pending a minute after it arrived (or after its retry was due). The in-process
 * queue forgets its jobs on a restart and a web process can die between storing and queueing; the database does
 * not forget. Events that are still queued are not duplicated: their job id is taken.
 */
export async function recoverPendingInboxEvents(
  db: Db,
  queue: JobQueue,
  options: RecoveryOptions = {},
): Promise<{ requeued: number }> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.olderThanMs ?? 60_000));
  const stuck = await db.inboxEvent.findMany({
    where: {
      status: "pending",
      receivedAt: { lte: cutoff },
      OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: cutoff } }],
    },
    select: { id: true },
    orderBy: { receivedAt: "asc" },
    take: options.limit ?? 500,
  });
  await enqueueInboxEvents(
    queue,
    stuck.map((event) => event.id),
    options.retry ?? DEFAULT_INBOX_RETRY,
  );
  return { requeued: stuck.length };
}
