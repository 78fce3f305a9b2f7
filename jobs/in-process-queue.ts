// The one-machine default. Not durable by design: every piece of work is recorded in the database before it is
// queued, and a recovery sweep re-enqueues unfinished work on start, so losing this in-memory state on a restart
// only delays jobs, it never loses them.
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, retryDelayMs } from "./backoff.ts";
import { createFifo } from "./fifo.ts";
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
import { pollUntil } from "./timing.ts";

type QueuedJob = {
  id: string;
  dedupeKey: string | undefined;
  name: string;
  payload: unknown;
  failedAttempts: number;
  maxAttempts: number;
  backoffMs: number;
};

type Schedule = { intervalMs: number; payload: unknown; timer: NodeJS.Timeout | undefined };

const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

// BullMQ stores payloads as JSON (and reads a missing one back as {}); doing the same here means a handler that
// works in-process cannot come to rely on Dates, Maps or shared references that would not survive the Redis driver.
function asStoredPayload(payload: unknown): unknown {
  return payload === undefined ? {} : JSON.parse(JSON.stringify(payload));
}

export function createInProcessQueue(options: { logger?: LoggerLike } = {}): JobQueue {
  const logger = options.logger ?? fallbackLogger;
  const failures = createFinalFailureNotifier(logger);
  const handlers = new Map<string, JobHandler<never>>();
  const waiting = createFifo<QueuedJob>();
  const delayed = new Map<QueuedJob, { dueAt: number; timer: NodeJS.Timeout }>();
  const pendingKeys = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  const schedules = new Map<string, Schedule>();
  let concurrency = 0; // 0 until startWorkers: enqueued jobs are only stored.
  let completed = 0;
  let failed = 0;
  let nextId = 1;
  let closing: Promise<void> | undefined;

  function assertOpen(): void {
    if (closing) throw new Error("Job queue is closed");
  }

  function release(job: QueuedJob): void {
    if (job.dedupeKey !== undefined) pendingKeys.delete(job.dedupeKey);
  }

  function pump(): void {
    while (!closing && concurrency > 0 && inFlight.size < concurrency) {
      const job = waiting.shift();
      if (!job) return;
      const run: Promise<void> = runJob(job).finally(() => {
        inFlight.delete(run);
        pump();
      });
      inFlight.add(run);
    }
  }

  function schedule(job: QueuedJob, delayMs: number): void {
    if (delayMs <= 0) {
      waiting.push(job);
      pump();
      return;
    }
    const timer = setTimeout(() => {
      delayed.delete(job);
      waiting.push(job);
      pump();
    }, delayMs);
    timer.unref();
    delayed.set(job, { dueAt: Date.now() + delayMs, timer });
  }

  function add(name: string, payload: unknown, resolved: ResolvedEnqueueOptions): void {
    if (resolved.jobId !== undefined) {
      if (pendingKeys.has(resolved.jobId)) return;
      pendingKeys.add(resolved.jobId);
    }
    const id = resolved.jobId ?? String(nextId++);
    const job: QueuedJob = {
      id,
      dedupeKey: resolved.jobId,
      name,
      payload: asStoredPayload(payload),
      failedAttempts: 0,
      maxAttempts: resolved.attempts,
      backoffMs: resolved.backoffMs,
    };
    schedule(job, resolved.delayMs);
  }

  async function fail(job: QueuedJob, error: Error): Promise<void> {
    job.failedAttempts += 1;
    if (job.failedAttempts < job.maxAttempts) {
      if (closing) {
        release(job);
        logger.warn({ job: job.name, jobId: job.id, err: error }, "job attempt failed while closing; retry dropped");
        return;
      }
      const delayMs = retryDelayMs(job.backoffMs, job.failedAttempts);
      logger.warn({ job: job.name, jobId: job.id, attempt: job.failedAttempts, delayMs, err: error }, "job retrying");
      schedule(job, delayMs);
      return;
    }
    failed += 1;
    release(job);
    await failures.notify({
      name: job.name,
      jobId: job.id,
      payload: job.payload,
      error,
      attempts: job.failedAttempts,
    });
  }

  async function runJob(job: QueuedJob): Promise<void> {
    const handler = handlers.get(job.name) as JobHandler<unknown> | undefined;
    if (!handler) {
      // Retrying cannot help: handlers are fixed once workers start.
      job.maxAttempts = job.failedAttempts + 1;
      await fail(job, unknownJobError(job.name));
      return;
    }
    try {
      await handler(job.payload, { jobId: job.id, attempt: job.failedAttempts + 1, name: job.name });
    } catch (thrown) {
      await fail(job, toError(thrown));
      return;
    }
    completed += 1;
    release(job);
  }

  function startSchedule(name: string, entry: Schedule): void {
    // Like a BullMQ job scheduler: the first run is immediate, and a slow run is never piled up behind.
    const tick = (): void => {
      const key = `every:${name}`;
      if (closing || pendingKeys.has(key)) return;
      pendingKeys.add(key);
      schedule(
        {
          id: `${key}:${Date.now()}`,
          dedupeKey: key,
          name,
          payload: asStoredPayload(entry.payload),
          failedAttempts: 0,
          maxAttempts: DEFAULT_ATTEMPTS,
          backoffMs: DEFAULT_BACKOFF_MS,
        },
        0,
      );
    };
    entry.timer = setInterval(tick, entry.intervalMs);
    entry.timer.unref();
    tick();
  }

  function delayedDue(): number {
    const now = Date.now();
    let due = 0;
    for (const { dueAt } of delayed.values()) if (dueAt <= now) due += 1;
    return due;
  }

  async function shutDown(): Promise<void> {
    for (const entry of schedules.values()) clearInterval(entry.timer);
    for (const { timer } of delayed.values()) clearTimeout(timer);
    const dropped = waiting.drainAll().length + delayed.size;
    delayed.clear();
    pendingKeys.clear();
    await Promise.all(inFlight);
    await failures.settled();
    if (dropped > 0) logger.info({ dropped }, "job queue closed; unstarted jobs dropped (the recovery sweep requeues)");
  }

  return {
    driver: "in-process",

    register<T>(name: string, handler: JobHandler<T>): void {
      assertJobName(name);
      if (concurrency > 0) throw new Error(`Cannot register job "${name}" after startWorkers`);
      if (handlers.has(name)) throw new Error(`A handler for job "${name}" is already registered`);
      handlers.set(name, handler as JobHandler<never>);
    },

    async enqueue<T>(name: string, payload: T, options?: EnqueueOptions): Promise<void> {
      assertOpen();
      assertJobName(name);
      add(name, payload, resolveEnqueueOptions(name, options));
    },

    async enqueueMany<T>(jobs: { name: string; payload: T; options?: EnqueueOptions }[]): Promise<void> {
      assertOpen();
      // Validate everything first so a bad entry does not leave half the batch queued.
      const resolved = jobs.map((job) => {
        assertJobName(job.name);
        return { ...job, resolved: resolveEnqueueOptions(job.name, job.options) };
      });
      for (const job of resolved) add(job.name, job.payload, job.resolved);
    },

    async every(name: string, intervalMs: number, payload: unknown = {}): Promise<void> {
      assertOpen();
      assertJobName(name);
      assertPositiveInteger("every() interval", intervalMs);
      clearInterval(schedules.get(name)?.timer);
      const entry: Schedule = { intervalMs, payload: asStoredPayload(payload), timer: undefined };
      schedules.set(name, entry);
      if (concurrency > 0) startSchedule(name, entry);
    },

    async startWorkers(workerOptions: { concurrency: number }): Promise<void> {
      assertOpen();
      if (concurrency > 0) throw new Error("Workers are already started");
      assertPositiveInteger("Job concurrency", workerOptions.concurrency);
      concurrency = workerOptions.concurrency;
      for (const [name, entry] of schedules) startSchedule(name, entry);
      pump();
    },

    onFinalFailure(listener): void {
      failures.add(listener);
    },

    async ping(): Promise<boolean> {
      return !closing;
    },

    async stats(): Promise<QueueStats> {
      return { waiting: waiting.size, active: inFlight.size, delayed: delayed.size, failed, completed };
    },

    async drain(timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS): Promise<void> {
      await pollUntil(() => waiting.size === 0 && inFlight.size === 0 && delayedDue() === 0, {
        timeoutMs,
        intervalMs: 5,
        describe: () => `the queue to drain (${waiting.size} waiting, ${inFlight.size} active)`,
      });
    },

    close(): Promise<void> {
      closing ??= shutDown();
      return closing;
    },
  };
}
