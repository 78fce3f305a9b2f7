import { z } from "zod";
import type { WooClient } from "../../../connectors/woocommerce/client/types";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import { getConfig, type Config } from "../../config.server";
import { getDb, type Db } from "../../db.server";
import { getLogger } from "../../logger.server";
import type { InboxRetryPolicy } from "../inbox/enqueue.server";
import { enqueuePush } from "../sync/jobs.server";
import { runWooBackfill } from "./backfill.server";
import type { WooServiceOptions } from "./connect-deps.server";
import { ensureWooWebhooks } from "./webhooks-setup.server";
import { wooClientFor } from "./client-for-channel.server";
import { recordPollError, runWooPoll } from "./poll.server";

export const WOO_BACKFILL_JOB = "woo.backfill";
export const WOO_POLL_JOB = "woo.poll";
export const WOO_WEBHOOKS_JOB = "woo.webhooks";

/**
 * How often every connected store's webhooks are checked and repaired. WooCommerce disables a webhook after a run of
 * failed deliveries (our app down for a deploy is enough) and tells nobody; the poll covers the gap meanwhile.
 */
export const WOO_WEBHOOKS_INTERVAL_MS = 60 * 60 * 1000;

/** How often every connected WooCommerce store is polled: WOO_POLL_SECONDS. */
export function wooPollIntervalMs(config: Pick<Config, "WOO_POLL_SECONDS"> = getConfig()): number {
  return config.WOO_POLL_SECONDS * 1000;
}

const BackfillPayloadSchema = z.object({
  channelId: z.string().min(1),
  /** Orders modified in the last N days; the configured BACKFILL_DAYS when absent. */
  days: z.number().int().min(1).max(730).optional(),
});

/** The schedule's run names no channel and polls them all; each channel's poll is its own job. */
const PollPayloadSchema = z.object({ channelId: z.string().min(1).optional() }).nullish();

export type WooJobOptions = {
  db?: () => Db;
  /** The client for a channel; from its sealed keys by default. Tests pass their own. */
  clientFor?: (db: Db, channelId: string) => Promise<WooClient>;
  days?: number;
  now?: () => Date;
  logger?: LoggerLike;
  /** How the inbox retries the events a poll or backfill feeds it; its default when absent. */
  retry?: InboxRetryPolicy;
  /** The app URL, encryption key and store client the webhook check uses; the configuration's by default. */
  service?: WooServiceOptions;
};

/**
 * The WooCommerce connector's jobs. A failed backfill is retried by the queue and resumes from its saved page; a
 * failed poll is not retried (the next scheduled one reads the same changes, its marks did not move).
 */
export function registerWooJobs(queue: JobQueue, options: WooJobOptions = {}): void {
  const db = options.db ?? getDb;
  const logger = options.logger ?? getLogger().child({ module: "woocommerce" });
  const clientFor = options.clientFor ?? ((database: Db, channelId: string) => wooClientFor(database, channelId));
  registerWooWebhookCheck(queue, options);

  queue.register(WOO_BACKFILL_JOB, async (payload) => {
    const { channelId, days } = BackfillPayloadSchema.parse(payload);
    const channel = await db().channel.findUniqueOrThrow({
      where: { id: channelId },
      select: { kind: true, status: true },
    });
    if (channel.kind !== "woocommerce") throw new Error(`Channel ${channelId} is not a WooCommerce channel`);
    if (channel.status !== "connected") {
      logger.warn({ channelId, status: channel.status }, "backfill skipped: the channel is not connected");
      return;
    }
    await runWooBackfill(db(), channelId, {
      client: await clientFor(db(), channelId),
      queue,
      days: days ?? options.days ?? getConfig().BACKFILL_DAYS,
      now: options.now,
      logger,
      retry: options.retry,
    });
    // Pushes to the channel waited for its backfill (see pushChannel): what they held back goes now.
    await enqueuePush(queue, channelId);
  });

  queue.register(WOO_POLL_JOB, async (payload) => {
    const channelId = PollPayloadSchema.parse(payload)?.channelId;
    if (!channelId) {
      const channels = await db().channel.findMany({
        where: { kind: "woocommerce", status: "connected" },
        select: { id: true },
      });
      for (const channel of channels) await enqueueWooPoll(queue, channel.id);
      return;
    }
    let client: WooClient;
    try {
      client = await clientFor(db(), channelId);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ channelId, err: message }, "woocommerce poll skipped: no client for the channel");
      await recordPollError(db(), channelId, message);
      return;
    }
    try {
      const outcome = await runWooPoll(db(), channelId, {
        client,
        queue,
        now: options.now,
        logger,
        retry: options.retry,
      });
      if (outcome.status === "needs_backfill") {
        // Never backfilled, or a backfill that gave up: the backfill sets the marks, and resumes where it stopped.
        await enqueueWooBackfill(queue, channelId);
      } else if (outcome.status === "polled" && outcome.orders.fresh + outcome.products.fresh > 0) {
        logger.info(
          { channelId, products: outcome.products, orders: outcome.orders },
          "woocommerce poll found changes",
        );
      }
    } catch (error) {
      logger.warn(
        { channelId, err: error instanceof Error ? error.message : String(error) },
        "woocommerce poll failed",
      );
    }
  });
}

/** Checks every connected channel's webhooks, re-enabling and recreating what the store dropped. */
export function registerWooWebhookCheck(queue: JobQueue, options: WooJobOptions = {}): void {
  const db = options.db ?? getDb;
  const logger = options.logger ?? getLogger().child({ module: "woocommerce" });
  queue.register(WOO_WEBHOOKS_JOB, async () => {
    const channels = await db().channel.findMany({
      where: { kind: "woocommerce", status: "connected" },
      select: { id: true },
    });
    for (const channel of channels) {
      try {
        // The outcome is saved on the channel for the channels screen; a store that does not answer is one of them.
        await ensureWooWebhooks(db(), channel.id, { logger, ...options.service });
      } catch (error) {
        logger.warn(
          { channelId: channel.id, err: error instanceof Error ? error.message : String(error) },
          "woocommerce webhooks could not be checked",
        );
      }
    }
  });
}

/** One backfill per channel at a time: the job id dedupes while one is waiting or running. */
export function enqueueWooBackfill(queue: JobQueue, channelId: string, options: { days?: number } = {}): Promise<void> {
  return queue.enqueue(
    WOO_BACKFILL_JOB,
    { channelId, ...(options.days ? { days: options.days } : {}) },
    { jobId: `woo-backfill:${channelId}`, attempts: 5, backoffMs: 30_000 },
  );
}

/** One poll per channel at a time; a schedule tick while one is still running adds nothing. */
export function enqueueWooPoll(queue: JobQueue, channelId: string): Promise<void> {
  return queue.enqueue(WOO_POLL_JOB, { channelId }, { jobId: `woo-poll:${channelId}`, attempts: 1 });
}
