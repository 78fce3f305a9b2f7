import type { JobQueue } from "../../../jobs/queue";

export const INBOX_PROCESS_JOB = "inbox.process";
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
 * Queues processing for stored inbox events. The job id is the event id, so an event already waiting, running or
 * retrying is not queued twice.
 */
export async function enqueueInboxEvents(
  queue: JobQueue,
  inboxEventIds: string[],
  retry: InboxRetryPolicy = DEFAULT_INBOX_RETRY,
): Promise<void> {
  if (inboxEventIds.length === 0) return;
  await queue.enqueueMany<InboxProcessPayload>(
    inboxEventIds.map((inboxEventId) => ({
      name: INBOX_PROCESS_JOB,
      payload: { inboxEventId },
      options: { jobId: inboxEventId, attempts: retry.attempts, backoffMs: retry.backoffMs },
    })),
  );
}
