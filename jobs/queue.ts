// The one job-queue contract the app codes against. Two drivers implement it (in-process and BullMQ),
// and jobs/queue-contract.ts holds the behaviour both must share.

export type LoggerLike = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type JobContext = { jobId: string; attempt: number /* 1-based */; name: string };

export type JobHandler<T = unknown> = (payload: T, ctx: JobContext) => Promise<void>;

export type EnqueueOptions = {
  /** Dedupe: enqueuing a jobId whose job has not finished yet (waiting, delayed, active or retrying) is a no-op. */
  jobId?: string;
  delayMs?: number;
  /** Total attempts including the first; default 5. */
  attempts?: number;
  /** Base for exponential backoff with jitter; default 1000. */
  backoffMs?: number;
};

export type QueueStats = { waiting: number; active: number; delayed: number; failed: number; completed: number };

export type FailedJobListener = (failure: {
  name: string;
  jobId: string;
  payload: unknown;
  error: Error;
  attempts: number;
}) => void | Promise<void>;

export interface JobQueue {
  readonly driver: "in-process" | "bullmq";
  /** Handlers must be registered before startWorkers. */
  register<T>(name: string, handler: JobHandler<T>): void;
  enqueue<T>(name: string, payload: T, options?: EnqueueOptions): Promise<void>;
  enqueueMany<T>(jobs: { name: string; payload: T; options?: EnqueueOptions }[]): Promise<void>;
  /** Repeatable schedule; idempotent per name (calling it again replaces the interval); runs only where workers run. */
  every(name: string, intervalMs: number, payload?: unknown): Promise<void>;
  /** Start consuming; before this, enqueue only stores. */
  startWorkers(options: { concurrency: number }): Promise<void>;
  /** Called once after the last attempt of a job fails. */
  onFinalFailure(listener: FailedJobListener): void;
  /** For /healthz: true when the backend is reachable. */
  ping(): Promise<boolean>;
  stats(): Promise<QueueStats>;
  /**
   * Resolves when nothing is waiting, active or delayed-and-due (tests, graceful shutdown). Jobs delayed into the
   * future, including retries still in their backoff, do not block. Rejects after timeoutMs (default 30 s).
   */
  drain(timeoutMs?: number): Promise<void>;
  /** Stop workers and timers, close connections; in-flight jobs finish first. */
  close(): Promise<void>;
}
