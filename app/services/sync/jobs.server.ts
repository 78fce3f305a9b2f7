import { z } from "zod";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import { getConfig } from "../../config.server";
import { getDb, type Db } from "../../db.server";
import { getLogger } from "../../logger.server";
import { planPushes } from "./plan.server";
import { dueListings, pushChannel } from "./push.server";
import { onStockChanged } from "./stock-changes.server";

export const SYNC_PLAN_JOB = "sync.plan";
export const SYNC_PUSH_JOB = "sync.push";
export const SYNC_SWEEP_JOB = "sync.sweep";
/** Interval mode only (SYNC_PUSH_INTERVAL_SECONDS): the fixed tick at which pushes go out. */
export const SYNC_TICK_JOB = "sync.tick";
/** Changes within this window collapse into one plan and one push per channel. */
export const COALESCE_MS = 250;
export const SWEEP_INTERVAL_MS = 30_000;

const PlanPayloadSchema = z.object({ shopId: z.string().min(1) });
/** `tick`: a push sent by the interval tick at `at`, which may go on for `left` more listings (interval mode). */
const TickBudgetSchema = z.object({ at: z.number().int(), left: z.number().int() });
const PushPayloadSchema = z.object({ channelId: z.string().min(1), tick: TickBudgetSchema.optional() });
const TickPayloadSchema = z.object({ at: z.number().int() });
type TickBudget = z.infer<typeof TickBudgetSchema>;

const bucket = (now = Date.now()) => Math.floor(now / COALESCE_MS);

export function enqueuePlan(queue: JobQueue, shopId: string) {
  return queue.enqueue(SYNC_PLAN_JOB, { shopId }, { jobId: `plan:${shopId}:${bucket()}`, delayMs: COALESCE_MS });
}

let sequence = 0;

export function enqueuePush(
  queue: JobQueue,
  channelId: string,
  options: { at?: Date; again?: boolean; tick?: TickBudget } = {},
) {
  // Timers fire a little early or late: aim past the retry time so the listing is due when the job runs.
  const delayMs = options.at ? Math.max(0, options.at.getTime() - Date.now()) + 25 : 0;
  // A follow-up (more to push, a retry, a tick's push) must not be swallowed by another job's id, so it gets its own.
  const jobId =
    options.at || options.again || options.tick
      ? `push:${channelId}:next:${Date.now()}:${++sequence}`
      : `push:${channelId}:${bucket()}`;
  const payload = options.tick ? { channelId, tick: options.tick } : { channelId };
  return queue.enqueue(SYNC_PUSH_JOB, payload, { jobId, delayMs, attempts: 3, backoffMs: 500 });
}

/** The first tick after `now` on the interval's wall-clock grid, so every process agrees on it (as cron would). */
export function nextTickAt(intervalMs: number, now = Date.now()): number {
  return (Math.floor(now / intervalMs) + 1) * intervalMs;
}

/**
 * Queues the next tick after `after` (a tick whose timer fired a little early still queues the one after it); its id
 * is its time, so the sweep and the previous tick queueing it too add nothing.
 */
function enqueueTick(queue: JobQueue, intervalMs: number, after = 0) {
  const now = Date.now();
  const at = nextTickAt(intervalMs, Math.max(now, after));
  return queue.enqueue(SYNC_TICK_JOB, { at }, { jobId: `tick:${at}`, delayMs: at - now });
}

/** SYNC_PUSH_INTERVAL_SECONDS in milliseconds; undefined (push on events) when unset. */
export function pushIntervalMs(seconds = getConfig().SYNC_PUSH_INTERVAL_SECONDS): number | undefined {
  return seconds === undefined ? undefined : seconds * 1000;
}

/**
 * The sync engine's jobs: a stock change plans the shop's sellable quantities (coalesced), planning queues
 * one push per channel, a push that leaves more behind queues the next, and failed pushes come back at their
 * retry time. A sweep catches whatever a crashed process left pending.
 *
 * Interval mode (`pushIntervalMs`, from SYNC_PUSH_INTERVAL_SECONDS; ADR 0018): planning still follows every change,
 * but a push job runs only when the tick sent it. At each tick on the interval's wall-clock grid the pending
 * listings are planned and every channel's due listings are pushed once (batch after batch, no further than the
 * listings due at the tick); anything else that asks for a push (planning, retries, the sweep, backfills,
 * reconciliation, the dead-letter retry) waits for the next tick. The sweep and each tick queue the next tick.
 */
export function registerSyncJobs(
  queue: JobQueue,
  options: { db?: () => Db; logger?: LoggerLike; pushBackoffMs?: number; pushIntervalMs?: number | null } = {},
) {
  const db = options.db ?? getDb;
  const logger = options.logger ?? getLogger().child({ module: "sync" });
  const intervalMs = options.pushIntervalMs === undefined ? pushIntervalMs() : (options.pushIntervalMs ?? undefined);
  const onTicks = intervalMs !== undefined;
  const unsubscribe = onStockChanged((shopId) => {
    enqueuePlan(queue, shopId).catch((error: unknown) =>
      logger.error({ shopId, err: error }, "could not queue planning"),
    );
  });

  queue.register(SYNC_PLAN_JOB, async (payload) => {
    const { shopId } = PlanPayloadSchema.parse(payload);
    const { channelsToPush } = await planPushes(db(), shopId);
    if (onTicks) return; // Queued: the next tick pushes them.
    for (const channelId of channelsToPush) await enqueuePush(queue, channelId);
  });

  queue.register(SYNC_PUSH_JOB, async (payload) => {
    const { channelId, tick } = PushPayloadSchema.parse(payload);
    // The one gate of interval mode: whoever asked for this push, only a tick's push goes out.
    if (onTicks && !tick) return;
    const summary = await pushChannel(db(), channelId, { backoffMs: options.pushBackoffMs });
    if (summary.failed > 0 || summary.dead > 0) logger.warn({ channelId, ...summary }, "push incomplete");
    if (summary.replan) {
      const channel = await db().channel.findUnique({ where: { id: channelId }, select: { shopId: true } });
      if (channel) await enqueuePlan(queue, channel.shopId);
    }
    if (onTicks && tick) {
      // No further than what was due at the tick: changes since then wait for the next one.
      const left = tick.left - (summary.pushed + summary.failed + summary.dead);
      if (summary.more && left > 0) await enqueuePush(queue, channelId, { tick: { at: tick.at, left } });
      return;
    }
    if (summary.more) await enqueuePush(queue, channelId, { again: true });
    if (summary.retryAt) await enqueuePush(queue, channelId, { at: summary.retryAt });
  });

  queue.register(SYNC_SWEEP_JOB, async () => {
    if (intervalMs !== undefined) await enqueueTick(queue, intervalMs);
    const pending = await db().channelListing.findMany({
      where: { syncState: "pending" },
      distinct: ["shopId"],
      select: { shopId: true },
    });
    for (const { shopId } of pending) await enqueuePlan(queue, shopId);
    if (onTicks) return;
    const due = await db().channelListing.findMany({
      where: dueListings(new Date()),
      distinct: ["channelId"],
      select: { channelId: true },
    });
    for (const { channelId } of due) await enqueuePush(queue, channelId);
  });

  queue.register(SYNC_TICK_JOB, async (payload) => {
    // A tick queued before a restart in event mode has nothing to do.
    if (intervalMs === undefined) return;
    const { at } = TickPayloadSchema.parse(payload);
    await enqueueTick(queue, intervalMs, at);
    // Plan first, so the tick pushes the figures as they are now, not as of the last 250 ms window.
    const pending = await db().channelListing.findMany({
      where: { syncState: "pending" },
      distinct: ["shopId"],
      select: { shopId: true },
    });
    for (const { shopId } of pending) await planPushes(db(), shopId);
    const due = await db().channelListing.groupBy({
      by: ["channelId"],
      where: dueListings(new Date()),
      _count: { _all: true },
    });
    for (const row of due) await enqueuePush(queue, row.channelId, { tick: { at, left: row._count._all } });
  });

  return unsubscribe;
}
