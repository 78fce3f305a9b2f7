import type { JobQueue } from "../../../jobs/queue";

export const INBOX_PROCESS_JOB = "inbox.process";
export const INBOX_DRAIN_JOB = "inbox.drain";
/** Fresh events of these topics carry a whole order snapshot and nothing else: they can share a transaction. */
export const SNAPSHOT_TOPICS = new Set(["orders/create", "orders/updated", "orders/cancelled"]);
const DRAIN_WINDOW_MS = 50;
export const INBOX_RECOVER_JOB = "inbox.recover";
export const INBOX_RECOVER_INTERVAL_MS = 60_000;

/**
 * Attempts include the first; the delay doubles from backoffMs (2 s, 4 s, ... 8.5 minutes, about 17 minutes
 * in all), long enough for a fulfilment or refund whose order webhook is late to find its order.
 */
export type InboxRetryPolicy = { attempts: number; backoffMs: number };
export const DEFAULT_INBOX_RETRY: InboxRetryPolicy = { attempts: 10, backoffMs: 2_000 };

export type InboxProcessPayload = { inboxEventId: string };

/**
 * Queues a drain of a channel's fresh order snapshots: deliveries within the same short window share one
 * job, which applies them in batches.
 */
export async function enqueueDrain(queue: JobQueue, channelId: string, options: { again?: boolean } = {}) {
  const jobId = options.again
    ? `drain:${channelId}:again:${Date.now()}:${Math.random()}`
    : `drain:${channelId}:${Math.floor(Date.now() / DRAIN_WINDOW_MS)}`;
  await queue.enqueue(INBOX_DRAIN_JOB, { channelId }, { jobId, delayMs: DRAIN_WINDOW_MS, attempts: 3, backoffMs: 500 });
}

let requeues = 0;

/**
 * Queues processing for stored inbox events. The job id is the event id, so an event already waiting, running or
 * retrying is not queued twice. `again` (a batch handing events back to be processed one by one) gives each job an id
 * of its own: the event's own job may still be running, having found the event held by another worker's batch, and
 * would swallow the re-queue and then end without processing it; the event would wait for the recovery sweep, up to
 * two minutes (drill:bad-input, scale-out). Processing is idempotent, so a second job for a done event does nothing.
 */
export async function enqueueInboxEvents(
  queue: JobQueue,
  inboxEventIds: string[],
  retry: InboxRetryPolicy = DEFAULT_INBOX_RETRY,
  options: { again?: boolean } = {},
): Promise<void> {
  if (inboxEventIds.length === 0) return;
  await queue.enqueueMany<InboxProcessPayload>(
    inboxEventIds.map((inboxEventId) => ({
      name: INBOX_PROCESS_JOB,
      payload: { inboxEventId },
      options: {
        jobId: options.again ? `${inboxEventId}:again:${Date.now()}:${++requeues}` : inboxEventId,
        attempts: retry.attempts,
        backoffMs: retry.backoffMs,
      },
    })),
  );
}
