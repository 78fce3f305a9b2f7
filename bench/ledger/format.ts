// One-line summaries of runs, printed as the benchmark goes.
import type { LoadFigures } from "../lib/load-result.ts";

const ms = (value: number) => (Number.isNaN(value) ? "-" : value < 10 ? value.toFixed(2) : value.toFixed(1));

export function describeLoad(figures: LoadFigures): string {
  return (
    `${figures.rate.toFixed(1)} req/s, p50 ${ms(figures.p50)} ms, p95 ${ms(figures.p95)}, ` +
    `p99 ${ms(figures.p99)}, max ${ms(figures.max)}, errors ${figures.errors}/${figures.sent}`
  );
}

export function describeProblems(statuses: Record<string, number>, failures: Record<string, number>): string {
  const bad = Object.entries(statuses).filter(([status]) => !status.startsWith("2"));
  const parts = [
    ...bad.map(([status, n]) => `${n} x HTTP ${status}`),
    ...Object.entries(failures).map(([e, n]) => `${n} x ${e}`),
  ];
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

export const seconds = (valueMs: number) => `${(valueMs / 1000).toFixed(2)} s`;
