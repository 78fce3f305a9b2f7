// The flash-sale benchmark (issue 9): the same seeded sale against the real app and both simulated stores, three
// times: the engine as built (pushes on events), then forced to push every 60 s and every 900 s
// (SYNC_PUSH_INTERVAL_SECONDS). Units accepted beyond the physical pool are what the merchant pays for.
import { writeFileSync } from "node:fs";
import { ensureBuild } from "../../scripts/ensure-build.ts";
import { nextTickAt } from "../../app/services/sync/jobs.server.ts";
import type { BenchArgs } from "../lib/args.ts";
import { removeIfEmpty, scanLog, type LogSummary } from "../lib/log-scan.ts";
import { codeInfo, machineInfo } from "../lib/machine.ts";
import { BENCH_DIR } from "../lib/paths.ts";
import { compactStamp } from "../lib/paths.ts";
import { writeResults } from "../lib/results-file.ts";
import { sleep } from "../lib/sleep.ts";
import { renderChart, seriesColor } from "./chart.ts";
import { measureRun, type RunMeasurement } from "./metrics.ts";
import { renderGoal, renderNotes, renderResults, type RunResult } from "./report.ts";
import { runSale } from "./sale.ts";
import { buildScenario } from "./scenario.ts";
import { flashSaleSettings, runName, type FlashSaleSettings, type RunMode } from "./settings.ts";
import { setUpSaleWorld } from "./world.ts";

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0]!;

/**
 * An interval run starts its sale just after a tick, as for a merchant whose tool has just synced, so that (b) and
 * (c) are repeatable: waits for the next tick when it would otherwise fall inside the sale.
 */
async function alignWithTick(run: RunMode, settings: FlashSaleSettings): Promise<number | null> {
  if (run.intervalSeconds === null) return null;
  const tick = nextTickAt(run.intervalSeconds * 1000);
  if (tick > Date.now() + settings.durationMs + settings.settleMs) return null;
  console.log(`  waiting ${((tick - Date.now()) / 1000).toFixed(0)} s for the tick, to start the sale just after it`);
  await sleep(tick - Date.now() + 1_000);
  return tick;
}

type RunRecord = RunResult & {
  measurement?: RunMeasurement;
  setupMs?: number;
  tickBeforeSale?: number | null;
  sale?: { unplaced: number; refusedCheckouts: object; placementLagMaxMs: number; watchedMs: number };
  appLog?: LogSummary & { file: string };
};

async function measure(settings: FlashSaleSettings, run: RunMode, stamp: string): Promise<RunRecord> {
  const scenario = buildScenario(settings);
  const record: RunRecord = { run };
  const world = await setUpSaleWorld(settings, scenario, run, stamp);
  try {
    record.setupMs = world.setupMs;
    console.log(`  set up in ${(world.setupMs / 1000).toFixed(1)} s (app log: ${world.app.child.logFile})`);
    record.tickBeforeSale = await alignWithTick(run, settings);
    console.log(`  selling for ${settings.durationMs / 1000} s, then watching for ${settings.settleMs / 1000} s`);
    const log = await runSale(world.stores, scenario, {
      settleMs: settings.settleMs,
      appRunning: () => world.app.child.isRunning(),
    });
    record.measurement = measureRun(scenario, log, world.stores);
    record.figures = record.measurement.figures;
    record.sale = {
      unplaced: log.unplaced,
      refusedCheckouts: log.refusedCheckouts,
      placementLagMaxMs: log.placementLagMaxMs,
      watchedMs: log.watchedUntilMs,
    };
    if (log.placementLagMaxMs > 250)
      console.log(`  ! orders were placed up to ${log.placementLagMaxMs.toFixed(0)} ms late (a busy machine)`);
  } finally {
    await world.close();
    record.appLog = { ...scanLog(world.app.child.logFile), file: world.app.child.logFile };
    removeIfEmpty(world.app.child.logFile);
  }
  return record;
}

/** Returns false when a run could not be measured. */
export async function runFlashSaleBenchmark(args: BenchArgs): Promise<boolean> {
  const settings = flashSaleSettings(args);
  const scenario = buildScenario(settings);
  const startedAt = new Date();
  const stamp = compactStamp(startedAt);
  const machine = machineInfo();
  const code = codeInfo();
  const hot = scenario.orders.flatMap((order) => order.lines).reduce((sum, line) => sum + line.quantity, 0);
  console.log(
    `Flash-sale benchmark: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, load average ` +
      `${machine.loadAverageAtStart.map((load) => load.toFixed(1)).join(" ")}\n` +
      `  seed ${settings.seed}: ${settings.skus} SKUs, ${scenario.totalStock} units in the physical pool; ` +
      `${scenario.orders.length} orders (${hot} units wanted) at ${settings.rate}/s for ${settings.durationMs / 1000} s`,
  );
  ensureBuild((line) => console.log(line));

  const results: RunRecord[] = [];
  for (const run of settings.runs) {
    console.log(`\n${runName(run)}`);
    try {
      results.push(await measure(settings, run, stamp));
    } catch (error) {
      console.log(`  FAILED: ${firstLine(error)}`);
      results.push({ run, error: firstLine(error) });
    }
    const figures = results.at(-1)!.figures;
    if (figures)
      console.log(
        `  ${figures.ordersAccepted} orders accepted, ${figures.unitsOversold} units oversold in ` +
          `${figures.ordersOversold} orders, ${figures.calls.total} API calls`,
      );
  }

  console.log(`\n${renderResults(results)}\n`);
  for (const line of renderNotes(results)) console.log(line);
  console.log(renderGoal(settings, results));
  for (const { run, appLog } of results) {
    if (appLog && appLog.warnings + appLog.errors > 0) {
      const top = appLog.topMessages.map(([message, count]) => `${count} x ${message}`).join("; ");
      console.log(`App log ${runName(run)}: ${appLog.warnings} warnings, ${appLog.errors} errors: ${top}`);
    }
  }

  const chart = renderChart(
    `Units oversold during a ${settings.durationMs / 1000} s flash sale (seed ${settings.seed}, ${settings.rate} orders/s)`,
    settings.durationMs,
    results.flatMap((result, index) =>
      result.measurement
        ? [{ name: runName(result.run), color: seriesColor(index), points: result.measurement.oversoldTimeline }]
        : [],
    ),
  );
  const file = writeResults(BENCH_DIR, "flash-sale", startedAt, {
    benchmark: "flash-sale",
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine,
    code,
    settings,
    scenario: { totalStock: scenario.totalStock, orders: scenario.orders.length, catalog: scenario.catalog },
    runs: results.map(({ measurement, ...rest }) => ({ ...rest, ...measurement })),
  });
  const svg = file.replace(/\.json$/, ".svg");
  writeFileSync(svg, chart);
  console.log(`\nRaw figures: ${file}\nChart: ${svg}`);
  return results.every((result) => result.figures !== undefined);
}
