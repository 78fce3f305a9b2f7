import { createQueue } from "../jobs/index.server";
import type { JobQueue } from "../jobs/queue";
import { getConfig } from "./config.server";
import { getLogger } from "./logger.server";

declare global {
  var channelLedgerQueue: JobQueue | undefined;
}

/** The process's one queue: BullMQ when REDIS_URL is set, in-process otherwise. */
export function getQueue(): JobQueue {
  global.channelLedgerQueue ??= createQueue(getConfig(), getLogger());
  return global.channelLedgerQueue;
}
