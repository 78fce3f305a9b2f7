import { z } from "zod";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import { getDb, type Db } from "../../db.server";
import { getLogger } from "../../logger.server";
import { drainSnapshots, processSnapshotBatch, releaseStaleClaims } from "./batch.server";
import {
  DEFAULT_INBOX_RETRY,
  enqueueDrain,
  enqueueInboxEvents,
  INBOX_DRAIN_JOB,
  INBOX_PROCESS_JOB,
  INBOX_RECOVER_JOB,
  type InboxRetryPolicy,
} from "./enqueue.server";
import { processInboxEvent, type ApplyChannelEvent } from "./process.server";
import { recoverPendingInboxEvents } from "./recovery.server";

export { INBOX_PROCESS_JOB, INBOX_RECOVER_INTERVAL_MS, INBOX_RECOVER_JOB } from "./enqueue.server";

const InboxProcessPayloadSchema = z.object({ inboxEventId: z.string().min(1) });
const InboxDrainPayloadSchema = z.object({ channelId: z.string().min(1) });

export type InboxJobOptions = {
  db?: () => Db;
  /** Tests pass a fake; by default the ledger's applyChannelEvent. */
  apply?: ApplyChannelEvent;
  retry?: InboxRetryPolicy;
  logger?: LoggerLike;
  /** How long an event may stay pending before the sweep queues it again. */
  recoverAfterMs?: number;
};

/** The inbox's jobs: processing one stored event, and the sweep that re-queues forgotten ones. */
export function registerInboxJobs(queue: JobQueue, options: InboxJobOptions = {}): void {
  const db = options.db ?? getDb;
  const retry = options.retry ?? DEFAULT_INBOX_RETRY;
  const logger = options.logger ?? getLogger().child({ module: "inbox" });

  queue.register(INBOX_PROCESS_JOB, async (payload) => {
    const { inboxEventId } = InboxProcessPayloadSchema.parse(payload);
    // A fake apply (tests) means the ledger's batch path must not run either.
    if (!options.apply) {
      const requeue = (ids: string[]) => enqueueInboxEvents(queue, ids, retry, { again: true });
      if (await processSnapshotBatch(db(), inboxEventId, { logger, requeue })) return;
    }
    await processInboxEvent(db(), inboxEventId, { apply: options.apply, retry, logger });
  });

  queue.register(INBOX_DRAIN_JOB, async (payload) => {
    const { channelId } = InboxDrainPayloadSchema.parse(payload);
    const requeue = (ids: string[]) => enqueueInboxEvents(queue, ids, retry, { again: true });
    if (options.apply) {
      // A fake apply (tests) must see every event: the waiting snapshots go one by one.
      const pending = await db().inboxEvent.findMany({ where: { channelId, status: "pending" }, select: { id: true } });
      await requeue(pending.map((event) => event.id));
      return;
    }
    if (await drainSnapshots(db(), channelId, { logger, requeue }))
      await enqueueDrain(queue, channelId, { again: true });
  });

  queue.register(INBOX_RECOVER_JOB, async () => {
    const released = await releaseStaleClaims(db());
    if (released > 0) logger.warn({ released }, "claims of a stopped batch released");
    const { requeued } = await recoverPendingInboxEvents(db(), queue, {
      retry,
      olderThanMs: options.recoverAfterMs,
    });
    if (requeued > 0) logger.warn({ requeued }, "recovery sweep re-queued pending inbox events");
  });
}
