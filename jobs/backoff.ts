// Shared by both drivers so a job is retried on the same schedule whichever one runs it.

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;

// A retry storm against a rate-limited API should slow down, but never past the point where recovery stalls.
const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * Delay before the next attempt after `failedAttempts` failures: the exponential ceiling doubles each time, and the
 * delay is drawn from its upper half so jobs that failed together (one outage) do not retry in lockstep.
 */
export function retryDelayMs(baseMs: number, failedAttempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(failedAttempts - 1, 0), MAX_BACKOFF_MS);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
