import type { JobQueue } from "../jobs/queue";
import { getConfig } from "./config.server";
import { dbReady, getDb } from "./db.server";
import { getLogger } from "./logger.server";
import { getQueue } from "./queue.server";
import { COMMAND_SWEEP_INTERVAL_MS, COMMAND_SWEEP_JOB, registerCommandJobs } from "./services/commands/jobs.server";
import { INBOX_RECOVER_INTERVAL_MS, INBOX_RECOVER_JOB, registerInboxJobs } from "./services/inbox/jobs.server";
import { verifyLedger } from "./services/ledger/verify.server";
import { registerShopifyPusher } from "./services/shopify/inventory-pusher.server";
import { registerShopifyLevelReader } from "./services/shopify/level-reader.server";
import { registerShopifyCommander } from "./services/shopify/commander.server";
import { registerShopifyReturnReader } from "./services/shopify/return-reader.server";
import { registerShopifyJobs } from "./services/shopify/jobs.server";
import { registerSyncJobs, SWEEP_INTERVAL_MS, SYNC_SWEEP_JOB } from "./services/sync/jobs.server";
import { reconcileIntervalMs, registerReconcileJobs, SYNC_RECONCILE_JOB } from "./services/sync/reconcile-jobs.server";
import { registerWooCommander } from "./services/woocommerce/commander.server";
import {
  registerWooJobs,
  WOO_POLL_JOB,
  WOO_WEBHOOKS_INTERVAL_MS,
  WOO_WEBHOOKS_JOB,
  wooPollIntervalMs,
} from "./services/woocommerce/jobs.server";
import { registerWooLevelReader } from "./services/woocommerce/level-reader.server";
import { registerWooPusher } from "./services/woocommerce/pusher.server";

const HOUR = 60 * 60 * 1000;

/** Every job the app knows; the web process (embedded default) and `npm run worker` register the same. */
export function registerJobHandlers(queue: JobQueue) {
  registerInboxJobs(queue);
  registerSyncJobs(queue);
  registerShopifyPusher();
  registerShopifyJobs(queue);
  registerCommandJobs(queue);
  registerShopifyCommander();
  registerShopifyReturnReader();
  registerWooPusher();
  registerWooJobs(queue);
  registerWooCommander();
  registerReconcileJobs(queue);
  registerShopifyLevelReader();
  registerWooLevelReader();
  queue.register("ledger.verify", async () => {
    const result = await verifyLedger(getDb(), {});
    const log = getLogger().child({ job: "ledger.verify" });
    if (result.mismatches.length > 0) {
      log.error({ checked: result.checked, mismatches: result.mismatches.length }, "ledger verify found mismatches");
    } else {
      log.info({ checked: result.checked }, "ledger verify clean");
    }
  });
}

/** Starts workers and schedules in this process; returns the queue so the caller can close it. */
export async function startBackgroundWork(options: { force?: boolean } = {}): Promise<JobQueue> {
  await dbReady();
  const queue = getQueue();
  registerJobHandlers(queue);
  const config = getConfig();
  if (options.force || config.runWorkersInWeb) {
    await queue.every("ledger.verify", HOUR);
    await queue.every(INBOX_RECOVER_JOB, INBOX_RECOVER_INTERVAL_MS);
    await queue.every(SYNC_SWEEP_JOB, SWEEP_INTERVAL_MS);
    await queue.every(COMMAND_SWEEP_JOB, COMMAND_SWEEP_INTERVAL_MS);
    await queue.every(WOO_POLL_JOB, wooPollIntervalMs(config));
    await queue.every(WOO_WEBHOOKS_JOB, WOO_WEBHOOKS_INTERVAL_MS);
    await queue.every(SYNC_RECONCILE_JOB, reconcileIntervalMs(config));
    await queue.startWorkers({ concurrency: config.JOB_CONCURRENCY });
    getLogger().info({ driver: queue.driver, concurrency: config.JOB_CONCURRENCY }, "workers started");
  }
  return queue;
}
