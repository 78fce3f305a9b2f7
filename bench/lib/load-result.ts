// What one load run measured: counts, rate and latency in milliseconds, plus the statuses and errors seen.
import type { Outcome } from "./http-client.ts";
import { summarize } from "./stats.ts";

export type LoadFigures = {
  sent: number;
  answered: number;
  ok: number;
  /** Non-2xx answers plus requests that failed or got no answer. */
  errors: number;
  /** 2xx answers per second, from the first send to the last answer. */
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  elapsedMs: number;
};

export type LoadRun = { figures: LoadFigures; statuses: Record<string, number>; failures: Record<string, number> };

export class LoadRecorder {
  readonly latencies: number[] = [];
  readonly statuses: Record<string, number> = {};
  readonly failures: Record<string, number> = {};
  sent = 0;
  answered = 0;
  ok = 0;
  errors = 0;

  /** Every request enters the latencies: one that got no answer with the time until it was given up. */
  record(outcome: Outcome, latencyMs: number) {
    this.latencies.push(latencyMs);
    if ("status" in outcome) {
      this.answered += 1;
      this.statuses[outcome.status] = (this.statuses[outcome.status] ?? 0) + 1;
      if (outcome.status >= 200 && outcome.status < 300) this.ok += 1;
      else this.errors += 1;
    } else {
      this.errors += 1;
      this.failures[outcome.error] = (this.failures[outcome.error] ?? 0) + 1;
    }
  }

  result(elapsedMs: number): LoadRun {
    const latency = summarize(this.latencies);
    return {
      figures: {
        sent: this.sent,
        answered: this.answered,
        ok: this.ok,
        errors: this.errors,
        rate: elapsedMs > 0 ? (this.ok * 1000) / elapsedMs : 0,
        p50: latency.p50,
        p95: latency.p95,
        p99: latency.p99,
        max: latency.max,
        mean: latency.mean,
        elapsedMs,
      },
      statuses: this.statuses,
      failures: this.failures,
    };
  }
}
