import { z } from "zod";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import { getDb, type Db } from "../../db.server";
import { getLogger } from "../../logger.server";
import { planPushes } from "./plan.server";
import { dueListings, pushChannel } from "./push.server";
import { onStockChanged } from "./stock-changes.server";

export const SYNC_PLAN_JOB = "sync.plan";
export const SYNC_PUSH_JOB = "sync.push";
export const SYNC_SWEEP_JOB = "sync.sweep";
/** Changes within this window collapse into one plan and one push per channel. */
export const COALESCE_MS = 250;
export const SWEEP_INTERVAL_MS = 30_000;

const PlanPayloadSchema = z.object({ shopId: z.string().min(1) });
const PushPayloadSchema = z.object({ channelId: z.string().min(1) });

const bucket = (now = Date.now()) => Math.floor(now / COALESCE_MS);

export function enqueuePlan(queue: JobQueue, shopId: string) {
  return queue.enqueue(SYNC_PLAN_JOB, { shopId }, { jobId: `plan:${shopId}:${bucket()}`, delayMs: COALESCE_MS });
}

let sequence = 0;

export function enqueuePush(queue: JobQueue, channelId: string, options: { at?: Date; again?: boolean } = {}) {
  // Timers fire a little early or late: aim past the retry time so the listing is due when the job runs.
  const delayMs = options.at ? Math.max(0, options.at.getTime() - Date.now()) + 25 : 0;
  // A follow-up (more to push, a retry) must not be swallowed by the running job's id, so it gets its own.
  const jobId =
    options.at || options.again
      ? `push:${channelId}:next:${Date.now()}:${++sequence}`
      : `push:${channelId}:${bucket()}`;
  return queue.enqueue(SYNC_PUSH_JOB, { channelId }, { jobId, delayMs, attempts: 3, backoffMs: 500 });
}

/**
 * The sync engine's jobs: a stock change plans the shop's sellable quantities (coalesced), planning queues
 * one push per channel, a push that leaves more behind queues the next, and failed pushes come back at their
 * retry time. A sweep catches whatever a crashed process left pending.
 */
export function registerSyncJobs(
  queue: JobQueue,
  options: { db?: () => Db; logger?: LoggerLike; pushBackoffMs?: number } = {},
) {
  const db = options.db ?? getDb;
  const logger = options.logger ?? getLogger().child({ module: "sync" });
  const unsubscribe = onStockChanged((shopId) => {
    enqueuePlan(queue, shopId).catch((error: unknown) =>
      logger.error({ shopId, err: error }, "could not queue planning"),
    );
  });

  queue.register(SYNC_PLAN_JOB, async (payload) => {
    const { shopId } = PlanPayloadSchema.parse(payload);
    const { channelsToPush } = await planPushes(db(), shopId);
    for (const channelId of channelsToPush) await enqueuePush(queue, channelId);
  });

  queue.register(SYNC_PUSH_JOB, async (payload) => {
    const { channelId } = PushPayloadSchema.parse(payload);
    const summary = await pushChannel(db(), channelId, { backoffMs: options.pushBackoffMs });
    if (summary.failed > 0 || summary.dead > 0) logger.warn({ channelId, ...summary }, "push incomplete");
    if (summary.replan) {
      const channel = await db().channel.findUnique({ where: { id: channelId }, select: { shopId: true } });
      if (channel) await enqueuePlan(queue, channel.shopId);
    }
    if (summary.more) await enqueuePush(queue, channelId, { again: true });
    if (summary.retryAt) await enqueuePush(queue, channelId, { at: summary.retryAt });
  });

  queue.register(SYNC_SWEEP_JOB, async () => {
    const pending = await db().channelListing.findMany({
      where: { syncState: "pending" },
      distinct: ["shopId"],
      select: { shopId: true },
    });
    for (const { shopId } of pending) await enqueuePlan(queue, shopId);
    const due = await db().channelListing.findMany({
      where: dueListings(new Date()),
      distinct: ["channelId"],
      select: { channelId: true },
    });
    for (const { channelId } of due) await enqueuePush(queue, channelId);
  });

  return unsubscribe;
}
