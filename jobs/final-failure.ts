import { type FailedJobListener, type LoggerLike } from "./queue.ts";

type Failure = Parameters<FailedJobListener>[0];

export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(typeof thrown === "string" ? thrown : JSON.stringify(thrown));
}

// Listeners record failures (alerts, the job's database row); one that throws must not stop the others or crash
// the worker, and close() must be able to wait for notifications still running.
export function createFinalFailureNotifier(logger: LoggerLike) {
  const listeners: FailedJobListener[] = [];
  const running = new Set<Promise<void>>();

  async function callListeners(failure: Failure): Promise<void> {
    logger.error(
      { job: failure.name, jobId: failure.jobId, attempts: failure.attempts, err: failure.error },
      "job failed after its last attempt",
    );
    for (const listener of listeners) {
      try {
        await listener(failure);
      } catch (thrown) {
        logger.error({ job: failure.name, jobId: failure.jobId, err: toError(thrown) }, "final-failure listener threw");
      }
    }
  }

  return {
    add(listener: FailedJobListener): void {
      listeners.push(listener);
    },
    notify(failure: Failure): Promise<void> {
      const run = callListeners(failure).finally(() => running.delete(run));
      running.add(run);
      return run;
    },
    async settled(): Promise<void> {
      await Promise.all(running);
    },
  };
}
