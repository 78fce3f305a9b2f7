import type { Db } from "../../app/db.server.ts";
import type { Cannon } from "./cannon-client.ts";
import type { CannonJob, CannonResult } from "./cannon-job.ts";
import { cpuBetween, type CpuSampler, type CpuUsage } from "./cpu.ts";
import type { Sequence } from "./sequence.ts";

// One figure of the table: a warm-up, then RUNS fixed-duration runs of the same target, each reported and the median
// taken. For webhooks each run is followed by the wait for the inbox to drain (every accepted event applied), which
// gives the end-to-end rate, and by a check that every accepted delivery became an inbox event and none was
// quarantined (a lost or broken event is a failure, whatever the speed).

export const RUNS = 3;
const DRAIN_TIMEOUT_MS = 300_000;
const STABLE_MS = 2_000;

export type Target = {
  name: string;
  /** Where the requests go: the public address, or the web processes directly. */
  via: "balancer" | "direct" | "app";
  job: Omit<CannonJob, "firstSeq" | "durationSeconds" | "amount">;
  /** Webhooks: the inbox events one delivery stores (topics) and the count check. */
  webhook?: { topics: string[]; source: string };
};

export type RunFigures = {
  /** 2xx answers, and per second of the run. */
  ok: number;
  okPerSecond: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** Webhooks: seconds from the end of the run until the run's events were all applied, and events per second from
   * the start of the run until then. */
  drainSeconds?: number;
  endToEndPerSecond?: number;
  eventsStored?: number;
  eventsQuarantined?: number;
  meanBodyBytes: number;
  cpu: CpuUsage;
};

export type TargetFigures = {
  name: string;
  via: Target["via"];
  runs: RunFigures[];
  median: RunFigures;
  problems: string[];
};

export type MeasureContext = {
  cannon: Cannon;
  sequence: Sequence;
  cpu: CpuSampler;
  db: Db;
  shopId: string;
  durationSeconds: number;
  warmupSeconds: number;
  /** Resolves once the web processes answer again (requests in flight when a run stopped are through). */
  quiet: () => Promise<void>;
  log: (line: string) => void;
};

async function eventCounts(db: Db, shopId: string, webhook: NonNullable<Target["webhook"]>) {
  const where = { shopId, source: webhook.source, topic: { in: webhook.topics } };
  const [stored, quarantined, unfinished] = await Promise.all([
    db.inboxEvent.count({ where }),
    db.inboxEvent.count({ where: { ...where, status: "quarantined" } }),
    db.inboxEvent.count({ where: { ...where, status: { in: ["pending", "processing"] } } }),
  ]);
  return { stored, quarantined, unfinished };
}

/**
 * Seconds from now (the end of a run) until every event of the run was applied. Requests still in flight when the
 * generator stopped are stored a moment later, so the count must also have stopped growing: done is the first moment
 * nothing was unfinished, confirmed by STABLE_MS without a new event.
 */
async function waitForEvents(context: MeasureContext, webhook: NonNullable<Target["webhook"]>) {
  const started = Date.now();
  let zeroSince: number | undefined;
  let stored = -1;
  while (Date.now() - started < DRAIN_TIMEOUT_MS) {
    const counts = await eventCounts(context.db, context.shopId, webhook);
    if (counts.unfinished > 0 || counts.stored !== stored) zeroSince = undefined;
    if (counts.unfinished === 0) zeroSince ??= Date.now();
    stored = counts.stored;
    if (zeroSince !== undefined && Date.now() - zeroSince >= STABLE_MS) return (zeroSince - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

async function oneRun(context: MeasureContext, target: Target, seconds: number): Promise<RunFigures> {
  const before = target.webhook ? await eventCounts(context.db, context.shopId, target.webhook) : undefined;
  const cpuBefore = await context.cpu.snapshot();
  const result: CannonResult = await context.sequence.use((firstSeq) =>
    context.cannon.run({ ...target.job, firstSeq, durationSeconds: seconds }),
  );
  const cpu = cpuBetween(cpuBefore, await context.cpu.snapshot());
  await context.quiet();
  const figures: RunFigures = {
    ok: result.ok,
    okPerSecond: result.okPerSecond,
    p50: result.latencyMs.p50,
    p97_5: result.latencyMs.p97_5,
    p99: result.latencyMs.p99,
    max: result.latencyMs.max,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes: result.statusCodes,
    meanBodyBytes: result.meanBodyBytes,
    cpu,
  };
  if (target.webhook && before) {
    const drainSeconds = await waitForEvents(context, target.webhook);
    const after = await eventCounts(context.db, context.shopId, target.webhook);
    figures.drainSeconds = drainSeconds;
    figures.eventsStored = after.stored - before.stored;
    figures.eventsQuarantined = after.quarantined - before.quarantined;
    if (drainSeconds !== undefined) {
      figures.endToEndPerSecond = figures.eventsStored / (result.durationSeconds + drainSeconds);
    }
  }
  return figures;
}

function problemsOf(run: RunFigures, index: number, result: { ok: number; connections: number }): string[] {
  const problems: string[] = [];
  const label = `run ${index + 1}`;
  const serverErrors = Object.entries(run.statusCodes).filter(([code]) => Number(code) >= 500);
  if (serverErrors.length > 0)
    problems.push(`${label}: server errors ${JSON.stringify(Object.fromEntries(serverErrors))}`);
  if (run.errors > 0)
    problems.push(`${label}: ${run.errors} requests without an answer (connection error or 10 s timeout)`);
  if (run.eventsStored !== undefined) {
    if (run.drainSeconds === undefined)
      problems.push(`${label}: the inbox did not drain in ${DRAIN_TIMEOUT_MS / 1000} s`);
    // A delivery in flight when the run stopped may be stored without its answer being counted.
    if (run.eventsStored < result.ok || run.eventsStored > result.ok + result.connections + run.errors) {
      problems.push(`${label}: ${result.ok} deliveries accepted but ${run.eventsStored} inbox events stored`);
    }
    if (run.eventsQuarantined) problems.push(`${label}: ${run.eventsQuarantined} events quarantined`);
  }
  return problems;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function medianFigures(runs: RunFigures[]): RunFigures {
  const pick = (read: (run: RunFigures) => number | undefined) => {
    const values = runs.map(read).filter((value): value is number => value !== undefined);
    return values.length === runs.length ? median(values) : undefined;
  };
  // The CPU split shown is the run whose acceptance rate is the median.
  const middle = [...runs].sort((a, b) => a.okPerSecond - b.okPerSecond)[Math.floor(runs.length / 2)]!;
  return {
    ...middle,
    okPerSecond: pick((run) => run.okPerSecond)!,
    p50: pick((run) => run.p50)!,
    p97_5: pick((run) => run.p97_5)!,
    p99: pick((run) => run.p99)!,
    max: pick((run) => run.max)!,
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    drainSeconds: pick((run) => run.drainSeconds),
    endToEndPerSecond: pick((run) => run.endToEndPerSecond),
  };
}

export async function measure(context: MeasureContext, target: Target): Promise<TargetFigures> {
  const { log } = context;
  log(`${target.name} (${target.via}): warm-up ${context.warmupSeconds} s`);
  await oneRun(context, target, context.warmupSeconds);
  const runs: RunFigures[] = [];
  const problems: string[] = [];
  for (let index = 0; index < RUNS; index++) {
    const run = await oneRun(context, target, context.durationSeconds);
    runs.push(run);
    problems.push(...problemsOf(run, index, { ok: run.ok, connections: target.job.connections }));
    log(
      `${target.name} (${target.via}) run ${index + 1}: ${run.okPerSecond.toFixed(1)} req/s, p50 ${run.p50} ms, ` +
        `p99 ${run.p99} ms, non-2xx ${run.non2xx}` +
        (run.drainSeconds !== undefined ? `, drained ${run.drainSeconds.toFixed(1)} s after` : ""),
    );
  }
  return { name: target.name, via: target.via, runs, median: medianFigures(runs), problems };
}
