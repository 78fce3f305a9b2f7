// Acknowledgement under load, against one server: (a) open loop at a fixed rate, (b) closed loop at 32
// connections, each repeated settings.runs times with fresh orders. beforeRun lets the caller wait for the app's
// queue to empty, so every run starts from the same state.
import { runClosedLoop, type ClosedLoopRun } from "../lib/closed-loop.ts";
import type { Target } from "../lib/http-client.ts";
import type { LoadRun } from "../lib/load-result.ts";
import { openLoopCount, runOpenLoop, type OpenLoopRun } from "../lib/open-loop.ts";
import { describeLoad, describeProblems } from "./format.ts";
import { prepareOrderWebhooks, type OrderWebhookFactory } from "./order-webhooks.ts";
import type { LedgerSettings } from "./settings.ts";

export type AckResults = { warmup: ClosedLoopRun; openLoop: OpenLoopRun[]; closedLoop: ClosedLoopRun[] };

export type AckHooks = { beforeRun: (label: string) => Promise<void> };

const WARMUP = { connections: 4, durationMs: 1_500 };

export async function measureAck(
  target: Target,
  factory: OrderWebhookFactory,
  settings: LedgerSettings,
  hooks: AckHooks,
): Promise<AckResults> {
  // A short warm-up: the first requests pay for lazy imports and JIT, which is not what is measured.
  const warmup = await runClosedLoop(target, {
    ...WARMUP,
    next: factory.next,
    maxRequests: 10_000,
    timeoutMs: settings.requestTimeoutMs,
  });
  console.log(`  warm-up: ${warmup.figures.sent} requests${describeProblems(warmup.statuses, warmup.failures)}`);

  const openLoop: OpenLoopRun[] = [];
  const { rate, durationMs, maxSockets } = settings.openLoop;
  for (let run = 1; run <= settings.runs; run += 1) {
    await hooks.beforeRun(`open loop ${run}`);
    const requests = prepareOrderWebhooks(factory, openLoopCount(rate, durationMs));
    const result = await runOpenLoop(target, {
      rate,
      durationMs,
      requests,
      maxSockets,
      timeoutMs: settings.requestTimeoutMs,
    });
    openLoop.push(result);
    console.log(
      `  (a) open loop ${rate}/s for ${durationMs / 1000} s, run ${run}/${settings.runs}: ${describeLoad(result.figures)}` +
        describeProblems(result.statuses, result.failures),
    );
  }

  const closedLoop: ClosedLoopRun[] = [];
  for (let run = 1; run <= settings.runs; run += 1) {
    await hooks.beforeRun(`closed loop ${run}`);
    const result = await runClosedLoop(target, {
      ...settings.closedLoop,
      next: factory.next,
      timeoutMs: settings.requestTimeoutMs,
    });
    closedLoop.push(result);
    console.log(
      `  (b) closed loop ${settings.closedLoop.connections} connections for ${settings.closedLoop.durationMs / 1000} s, ` +
        `run ${run}/${settings.runs}: ${describeLoad(result.figures)}${describeProblems(result.statuses, result.failures)}`,
    );
  }
  return { warmup, openLoop, closedLoop };
}

/** All the load runs of an acknowledgement measurement, warm-up included. */
export function ackRuns(results: AckResults): LoadRun[] {
  return [results.warmup, ...results.openLoop, ...results.closedLoop];
}
