import { z } from "zod";
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS } from "./backoff.ts";
import { type EnqueueOptions } from "./queue.ts";

const EnqueueOptionsSchema = z.object({
  jobId: z.string().min(1).optional(),
  delayMs: z.number().finite().min(0).default(0),
  attempts: z.number().int().min(1).default(DEFAULT_ATTEMPTS),
  backoffMs: z.number().finite().min(0).default(DEFAULT_BACKOFF_MS),
});

export type ResolvedEnqueueOptions = z.infer<typeof EnqueueOptionsSchema>;

// Options often come from computed values (a Retry-After header, a config number); reject nonsense at enqueue time
// rather than letting a NaN delay surface later inside a worker.
export function resolveEnqueueOptions(name: string, options: EnqueueOptions | undefined): ResolvedEnqueueOptions {
  const parsed = EnqueueOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    throw new Error(`Invalid options for job "${name}": ${z.prettifyError(parsed.error)}`);
  }
  return { ...parsed.data, delayMs: Math.round(parsed.data.delayMs) };
}

export function assertJobName(name: string): void {
  if (name.trim() === "") throw new Error("Job name must not be empty");
}

export function assertPositiveInteger(label: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${label} must be a positive whole number, got ${value}`);
}

export function unknownJobError(name: string): Error {
  return new Error(`No handler registered for job "${name}"; register it before startWorkers`);
}
