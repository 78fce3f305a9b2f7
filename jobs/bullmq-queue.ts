// The Redis-backed driver for running web and worker processes on several machines. One BullMQ queue carries every
// job; the worker dispatches on the job name to the handler registered for it.
import {
  type BackoffStrategy,
  type Job,
  type JobsOptions,
  type KeepJobs,
  Queue,
  UnrecoverableError,
  Worker,
} from "bullmq";
import { Redis } from "ioredis";
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, retryDelayMs } from "./backoff.ts";
import { createFinalFailureNotifier, toError } from "./final-failure.ts";
import {
  assertJobName,
  assertPositiveInteger,
  resolveEnqueueOptions,
  unknownJobError,
  type ResolvedEnqueueOptions,
} from "./job-options.ts";
import { fallbackLogger } from "./logger.ts";
import { type EnqueueOptions, type JobHandler, type JobQueue, type LoggerLike, type QueueStats } from "./queue.ts";
import { pollUntil, withTimeout } from "./timing.ts";

export type BullmqQueueOptions = {
  redisUrl: string;
  /** Redis key prefix; default "channelledger". */
  prefix?: string;
  queueName?: string;
  logger?: LoggerLike;
};

const BACKOFF_TYPE = "channelledger-exponential-jitter";
const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
const PING_TIMEOUT_MS = 2_000;
// Finished jobs are kept only for inspection; the database is the record of what happened.
const KEEP_COMPLETED: KeepJobs = { age: 24 * 60 * 60, count: 1_000 };
const KEEP_FAILED: KeepJobs = { age: 7 * 24 * 60 * 60, count: 5_000 };

function jobOptions(resolved: Omit<ResolvedEnqueueOptions, "jobId" | "delayMs">): JobsOptions {
  return {
    attempts: resolved.attempts,
    backoff: { type: BACKOFF_TYPE, delay: resolved.backoffMs },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}

function enqueueOptions(resolved: ResolvedEnqueueOptions): JobsOptions {
  return {
    ...jobOptions(resolved),
    ...(resolved.delayMs > 0 ? { delay: resolved.delayMs } : {}),
    // BullMQ's own jobId would also swallow re-enqueues while the finished job is kept for inspection; a
    // deduplication id is released as soon as the job completes or finally fails, which is the contract.
    ...(resolved.jobId !== undefined ? { deduplication: { id: resolved.jobId } } : {}),
  };
}

const backoffStrategy: BackoffStrategy = (attemptsMade, _type, _error, job) => {
  const backoff = job?.opts.backoff;
  const baseMs = typeof backoff === "object" ? (backoff.delay ?? DEFAULT_BACKOFF_MS) : DEFAULT_BACKOFF_MS;
  return retryDelayMs(baseMs, attemptsMade);
};

// The caller's jobId when one was given, so handlers and failure reports see the same id on both drivers.
function contextJobId(job: Job): string {
  return job.deduplicationId ?? job.id ?? "";
}

export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const logger = options.logger ?? fallbackLogger;
  const prefix = options.prefix ?? "channelledger";
  const queueName = options.queueName ?? "jobs";
  const failures = createFinalFailureNotifier(logger);
  const handlers = new Map<string, JobHandler<never>>();
  // Workers block on Redis for new jobs; BullMQ requires unlimited retries so a blip does not fail those calls.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix });
  queue.on("error", (error) => logger.error({ err: error, queue: queueName }, "job queue connection error"));
  let worker: Worker | undefined;
  let closing: Promise<void> | undefined;

  function assertOpen(): void {
    if (closing) throw new Error("Job queue is closed");
  }

  async function processJob(job: Job): Promise<void> {
    const handler = handlers.get(job.name) as JobHandler<unknown> | undefined;
    // Unrecoverable: retrying cannot help when this worker has no handler for the name.
    if (!handler) throw new UnrecoverableError(unknownJobError(job.name).message);
    await handler(job.data, { jobId: contextJobId(job), attempt: job.attemptsMade + 1, name: job.name });
  }

  function onFailed(job: Job | undefined, error: Error): void {
    if (!job) {
      logger.error({ err: error, queue: queueName }, "job failed and was removed before it could be reported");
      return;
    }
    const attempts = job.opts.attempts ?? 1;
    const final = job.attemptsMade >= attempts || error instanceof UnrecoverableError;
    if (!final) {
      logger.warn({ job: job.name, jobId: contextJobId(job), attempt: job.attemptsMade, err: error }, "job retrying");
      return;
    }
    void failures.notify({
      name: job.name,
      jobId: contextJobId(job),
      payload: job.data,
      error,
      attempts: job.attemptsMade,
    });
  }

  async function shutDown(): Promise<void> {
    try {
      await worker?.close();
      await failures.settled();
      await queue.close();
    } finally {
      // quit() waits for a reply, which never comes while Redis is unreachable.
      if (connection.status === "ready") await connection.quit().catch(() => connection.disconnect());
      else connection.disconnect();
    }
  }

  return {
    driver: "bullmq",

    register<T>(name: string, handler: JobHandler<T>): void {
      assertJobName(name);
      if (worker) throw new Error(`Cannot register job "${name}" after startWorkers`);
      if (handlers.has(name)) throw new Error(`A handler for job "${name}" is already registered`);
      handlers.set(name, handler as JobHandler<never>);
    },

    async enqueue<T>(name: string, payload: T, options?: EnqueueOptions): Promise<void> {
      assertOpen();
      assertJobName(name);
      await queue.add(name, payload, enqueueOptions(resolveEnqueueOptions(name, options)));
    },

    async enqueueMany<T>(jobs: { name: string; payload: T; options?: EnqueueOptions }[]): Promise<void> {
      assertOpen();
      const bulk = jobs.map((job) => {
        assertJobName(job.name);
        return {
          name: job.name,
          data: job.payload,
          opts: enqueueOptions(resolveEnqueueOptions(job.name, job.options)),
        };
      });
      if (bulk.length > 0) await queue.addBulk(bulk);
    },

    async every(name: string, intervalMs: number, payload: unknown = {}): Promise<void> {
      assertOpen();
      assertJobName(name);
      assertPositiveInteger("every() interval", intervalMs);
      await queue.upsertJobScheduler(
        name,
        { every: intervalMs },
        { name, data: payload, opts: jobOptions({ attempts: DEFAULT_ATTEMPTS, backoffMs: DEFAULT_BACKOFF_MS }) },
      );
    },

    async startWorkers(workerOptions: { concurrency: number }): Promise<void> {
      assertOpen();
      if (worker) throw new Error("Workers are already started");
      assertPositiveInteger("Job concurrency", workerOptions.concurrency);
      worker = new Worker(queueName, processJob, {
        connection,
        prefix,
        concurrency: workerOptions.concurrency,
        settings: { backoffStrategy },
      });
      worker.on("failed", onFailed);
      worker.on("error", (error) => logger.error({ err: toError(error), queue: queueName }, "job worker error"));
      worker.on("stalled", (jobId) => logger.warn({ jobId, queue: queueName }, "job stalled; moved back to waiting"));
      await worker.waitUntilReady();
    },

    onFinalFailure(listener): void {
      failures.add(listener);
    },

    async ping(): Promise<boolean> {
      if (closing || ["reconnecting", "close", "end"].includes(connection.status)) return false;
      try {
        return (await withTimeout(connection.ping(), PING_TIMEOUT_MS, "Redis PING timed out")) === "PONG";
      } catch {
        return false;
      }
    },

    async stats(): Promise<QueueStats> {
      const counts = await queue.getJobCounts("waiting", "prioritized", "active", "delayed", "failed", "completed");
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
      };
    },

    async drain(timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS): Promise<void> {
      let pending = 0;
      await pollUntil(
        async () => {
          // One script reads every state at once, so a job moving between states cannot slip past the check; the
          // delayed count only includes jobs already due.
          const counts = await queue
            .getBackend()
            .getCounts(["waiting", "prioritized", "active", "delayed"], Date.now() + 1);
          pending = counts.reduce((sum, count) => sum + count, 0);
          return pending === 0;
        },
        { timeoutMs, intervalMs: 20, describe: () => `the queue to drain (${pending} jobs pending)` },
      );
    },

    close(): Promise<void> {
      closing ??= shutDown();
      return closing;
    },
  };
}
