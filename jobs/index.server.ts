import { createBullmqQueue } from "./bullmq-queue.ts";
import { createInProcessQueue } from "./in-process-queue.ts";
import { type JobQueue, type LoggerLike } from "./queue.ts";

export type {
  EnqueueOptions,
  FailedJobListener,
  JobContext,
  JobHandler,
  JobQueue,
  LoggerLike,
  QueueStats,
} from "./queue.ts";

// Redis is optional: without it everything runs on one machine with the in-process driver, and the database-backed
// recovery sweep provides the durability Redis would otherwise add.
export function createQueue(config: { REDIS_URL?: string }, logger?: LoggerLike): JobQueue {
  if (config.REDIS_URL) return createBullmqQueue({ redisUrl: config.REDIS_URL, logger });
  return createInProcessQueue({ logger });
}
