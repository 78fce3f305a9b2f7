import { z } from "zod";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import { getConfig, type Config } from "../../config.server";
import { getDb, type Db } from "../../db.server";
import { getLogger } from "../../logger.server";
import { enqueuePush } from "./jobs.server";
import { readableKinds } from "./level-readers";
import { reconcileChannel, ReconcileRefusal, type ReconcileOptions } from "./reconcile.server";

export const SYNC_RECONCILE_JOB = "sync.reconcile";

/** The schedule's run names no channel and reconciles them all; each channel's reconciliation is its own job. */
const ReconcilePayloadSchema = z.object({ channelId: z.string().min(1).optional() }).nullish();

/** How often every connected channel is reconciled: RECONCILE_MINUTES. */
export function reconcileIntervalMs(config: Pick<Config, "RECONCILE_MINUTES"> = getConfig()): number {
  return config.RECONCILE_MINUTES * 60 * 1000;
}

/** The job id of a channel's reconciliation: one at a time per channel, a second request while one waits or runs adds nothing. */
export const reconcileJobId = (channelId: string) => `reconcile:${channelId}`;

export function enqueueReconcile(queue: JobQueue, channelId: string): Promise<void> {
  // One more attempt for a store that was briefly unreachable; the next scheduled run covers anything longer.
  return queue.enqueue(
    SYNC_RECONCILE_JOB,
    { channelId },
    { jobId: reconcileJobId(channelId), attempts: 2, backoffMs: 30_000 },
  );
}

export type ReconcileJobOptions = { db?: () => Db; logger?: LoggerLike; reconcile?: ReconcileOptions };

/**
 * Reconciliation on schedule (every RECONCILE_MINUTES) and on demand (the REST API queues one channel). What it queues
 * to be set back is pushed by a push job right after; a channel that cannot be reconciled now is skipped with a warning.
 */
export function registerReconcileJobs(queue: JobQueue, options: ReconcileJobOptions = {}) {
  const db = options.db ?? getDb;
  const logger = options.logger ?? getLogger().child({ module: "reconcile" });
  queue.register(SYNC_RECONCILE_JOB, async (payload) => {
    const channelId = ReconcilePayloadSchema.parse(payload)?.channelId;
    if (!channelId) {
      const channels = await db().channel.findMany({
        where: { status: "connected", kind: { in: readableKinds() } },
        select: { id: true },
      });
      for (const channel of channels) await enqueueReconcile(queue, channel.id);
      return;
    }
    try {
      const { missingSample: _sample, ...report } = await reconcileChannel(db(), channelId, options.reconcile);
      const drifted = report.drifted > 0 || report.missing > 0;
      logger[drifted ? "warn" : "info"](report, drifted ? "reconciliation found drift" : "reconciliation clean");
      if (report.queued > 0) await enqueuePush(queue, channelId);
    } catch (error) {
      if (!(error instanceof ReconcileRefusal)) throw error;
      logger.warn({ channelId, reason: error.message }, "reconciliation skipped");
    }
  });
}
