import { z } from "zod";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import type { ShopifyAdmin } from "../../../connectors/shopify/admin/client";
import { getConfig } from "../../config.server";
import { getDb, type Db } from "../../db.server";
import { getLogger } from "../../logger.server";
import { getShopifyAdmin } from "./admin-for-shop.server";
import { enqueuePush } from "../sync/jobs.server";
import { runShopifyBackfill } from "./backfill.server";

export const SHOPIFY_BACKFILL_JOB = "shopify.backfill";

const BackfillPayloadSchema = z.object({
  channelId: z.string().min(1),
  /** Orders updated in the last N days; the configured BACKFILL_DAYS when absent. */
  days: z.number().int().min(1).max(730).optional(),
});

export type ShopifyJobOptions = {
  db?: () => Db;
  /** The Admin API client for a shop domain; the offline session's by default. */
  adminFor?: (shopDomain: string) => Promise<ShopifyAdmin>;
  days?: number;
  logger?: LoggerLike;
};

/** The Shopify connector's jobs. A failed backfill is retried by the queue and resumes from its saved cursor. */
export function registerShopifyJobs(queue: JobQueue, options: ShopifyJobOptions = {}): void {
  const db = options.db ?? getDb;
  const logger = options.logger ?? getLogger().child({ module: "shopify-backfill" });
  queue.register(SHOPIFY_BACKFILL_JOB, async (payload) => {
    const { channelId, days } = BackfillPayloadSchema.parse(payload);
    const channel = await db().channel.findUniqueOrThrow({
      where: { id: channelId },
      select: { kind: true, externalRef: true, status: true },
    });
    if (channel.kind !== "shopify") throw new Error(`Channel ${channelId} is not a Shopify channel`);
    if (channel.status === "disconnected") {
      logger.warn({ channelId }, "backfill skipped: the channel is disconnected");
      return;
    }
    const admin = await (options.adminFor ?? getShopifyAdmin)(channel.externalRef);
    await runShopifyBackfill(db(), channelId, {
      admin,
      days: days ?? options.days ?? getConfig().BACKFILL_DAYS,
      logger,
    });
    // Pushes to the channel waited for its backfill (see pushChannel): what they held back goes now.
    await enqueuePush(queue, channelId);
  });
}

/** One backfill per channel at a time: the job id dedupes while one is waiting or running. */
export function enqueueShopifyBackfill(
  queue: JobQueue,
  channelId: string,
  options: { days?: number } = {},
): Promise<void> {
  return queue.enqueue(
    SHOPIFY_BACKFILL_JOB,
    { channelId, ...(options.days ? { days: options.days } : {}) },
    { jobId: `backfill:${channelId}`, attempts: 5, backoffMs: 30_000 },
  );
}
