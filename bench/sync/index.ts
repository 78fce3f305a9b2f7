// The sync benchmark (issue 6): with both simulated stores running as local HTTP servers and the app connected to
// both, (a) how long an order on one channel takes to reach the other's stock, (b) how many stock-write calls 1,000
// listing changes cost against the batch lower bound, (c) how long reconciling 50,000 listings takes.
import { ensureBuild } from "../../scripts/ensure-build.ts";
import type { BenchArgs } from "../lib/args.ts";
import { removeIfEmpty, scanLog, type LogSummary } from "../lib/log-scan.ts";
import { codeInfo, machineInfo } from "../lib/machine.ts";
import { BENCH_DIR, compactStamp } from "../lib/paths.ts";
import { writeResults } from "../lib/results-file.ts";
import { measureCalls, type CallsRun } from "./calls.ts";
import { directionLabel, DIRECTIONS, measurePropagation, type PropagationRun } from "./propagation.ts";
import { checkConvergence, describeMismatches, describeState, waitForQuiet } from "./quiet.ts";
import { measureReconcile, type ReconcileResult } from "./reconcile.ts";
import { renderCalls, renderGoals, renderPropagation, renderReconcile } from "./report.ts";
import { syncSettings } from "./settings.ts";
import { firstLine, setUpWorld, type World } from "./world.ts";

/** The error's last message line and its stack frames: Prisma's messages carry pages of minified source. */
function describeFailure(error: unknown): string {
  const frames =
    error instanceof Error ? (error.stack ?? "").split("\n").filter((line) => line.startsWith("    at ")) : [];
  return [firstLine(error), ...frames.slice(0, 6)].join("\n");
}

function describeRepeats(run: CallsRun): string {
  const { quantities, records, repeats } = run.counts;
  const extra = (["shopify", "woocommerce"] as const).filter((kind) => quantities[kind] > records[kind]);
  if (extra.length === 0) return "";
  const drift = Object.entries(run.drift)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(", ");
  return (
    "; written more than once: " +
    extra
      .map(
        (kind) =>
          `${kind} ${quantities[kind] - records[kind]} extra quantities (${repeats[kind]} repeating a figure, ` +
          `${run.counts.resent[kind]} calls identical to an earlier one` +
          (run.counts.resentAfterMs.length > 0
            ? `, ${Math.min(...run.counts.resentAfterMs)} ms after it at the soonest`
            : "") +
          ")",
      )
      .join(", ") +
    (drift ? `; drift records meanwhile: ${drift}` : "")
  );
}

const ms = (value: number) => (Number.isNaN(value) ? "-" : value.toFixed(0));

/** Returns false when something measured was wrong: a stock change that never arrived, stores that disagree. */
export async function runSyncBenchmark(args: BenchArgs): Promise<boolean> {
  const settings = syncSettings(args.quick);
  const startedAt = new Date();
  const stamp = compactStamp(startedAt);
  const machine = machineInfo();
  const code = codeInfo();
  console.log(
    `Sync benchmark${args.quick ? " (--quick: 1 run, shorter durations)" : ""}: ` +
      `${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, load average ${machine.loadAverageAtStart
        .map((load) => load.toFixed(1))
        .join(" ")}`,
  );
  // No variants (it runs on SQLite): `--only` is the ledger's, and `npm run bench -- --only sqlite` runs this as it is.
  if (args.only.length > 0) console.log(`  --only ${args.only.join(",")} does not apply here: ignored`);
  ensureBuild((line) => console.log(line));

  const problems: string[] = [];
  const propagation: PropagationRun[] = [];
  const calls: CallsRun[] = [];
  let reconcile: ReconcileResult = { kind: "not-measured", reason: "the run stopped before it" };
  let world: World | undefined;
  let appLog: (LogSummary & { file: string }) | undefined;
  let failed: string | undefined;

  console.log("\nSetting up");
  try {
    world = await setUpWorld(settings, stamp);
    const current = world;
    const { lost } = world.setup;
    if (lost.afterShopify.length + lost.afterWoo.length > 0) {
      problems.push(
        `setup: items lost the stock both stores were seeded with (${lost.afterShopify.length} of ` +
          `${settings.catalogSize} after the Shopify backfill, ${lost.afterWoo.length} after the WooCommerce one; ` +
          `e.g. ${[...lost.afterShopify, ...lost.afterWoo][0]?.sku} at ${[...lost.afterShopify, ...lost.afterWoo][0]?.ledger}); ` +
          `counted back to ${settings.openingStock} before measuring`,
      );
    }
    const quiet = async (before: string) => {
      const result = await waitForQuiet(current.db, current.shopId, current.stores, settings.quietTimeoutMs);
      if (!result.quiet)
        problems.push(
          `not quiet before ${before} after ${settings.quietTimeoutMs / 1000} s: ${describeState(result.state)}`,
        );
    };
    const converged = async (after: string) => {
      const result = await checkConvergence(current.db, current.shopId, current.channels, current.stores);
      if (result.mismatches.length > 0) problems.push(`after ${after}: ${describeMismatches(result)}`);
    };

    console.log("\n(a) Propagation");
    for (const direction of DIRECTIONS) {
      for (let run = 1; run <= settings.runs; run += 1) {
        await quiet(`(a) ${directionLabel(direction)} run ${run}`);
        const result = await measurePropagation(current.stores, direction, settings, run, () =>
          current.app.child.isRunning(),
        );
        propagation.push(result);
        const { latency } = result;
        console.log(
          `  ${directionLabel(direction)}, run ${run}/${settings.runs}: ${result.arrived}/${result.orders} arrived, ` +
            `p50 ${ms(latency.p50)} ms, p95 ${ms(latency.p95)}, max ${ms(latency.max)}` +
            (result.placementLagMaxMs > 50 ? ` (orders placed up to ${ms(result.placementLagMaxMs)} ms late)` : ""),
        );
        if (result.missing.length > 0) {
          const first = result.missing[0]!;
          problems.push(
            `(a) ${directionLabel(direction)} run ${run}: ${result.missing.length} of ${result.orders} orders never ` +
              `reached the other store within ${settings.propagation.arrivalTimeoutMs / 1000} s of the last one ` +
              `(e.g. ${first.sku}${first.error ? `: ${first.error}` : ""})`,
          );
        }
        await quiet(`the convergence check after (a) run ${run}`);
        await converged(`(a) ${directionLabel(direction)} run ${run}`);
      }
    }

    console.log("\n(b) Calls per 1,000 listing changes");
    for (let run = 1; run <= settings.runs; run += 1) {
      await quiet(`(b) run ${run}`);
      const result = await measureCalls(current, settings, run);
      calls.push(result);
      console.log(
        `  run ${run}/${settings.runs}: Shopify ${result.counts.writes.shopify} stock writes ` +
          `(bound ${result.lowerBound.shopify}, ${result.counts.quantities.shopify} quantities), WooCommerce ` +
          `${result.counts.writes.woocommerce} (bound ${result.lowerBound.woocommerce}, ` +
          `${result.counts.quantities.woocommerce} quantities); last write after ${ms(result.lastWriteMs)} ms` +
          describeRepeats(result),
      );
      if (!result.quiet) problems.push(`(b) run ${run}: the engine did not go quiet`);
      if (result.convergence.mismatches.length > 0)
        problems.push(`after (b) run ${run}: ${describeMismatches(result.convergence)}`);
    }

    // (c) runs without the app: nothing else may read or write while the reconciliation is timed.
    await current.app.child.stop();
    console.log("\n(c) Reconciliation");
    reconcile = await measureReconcile(current.db, current.app, current.stores, settings);
    if (reconcile.kind === "not-measured") console.log(`  (c) not measured: ${reconcile.reason}`);
    else problems.push(...reconcile.problems);
  } catch (error) {
    failed = describeFailure(error);
    console.log(`  FAILED: ${failed}`);
  } finally {
    if (world) {
      await world.close();
      appLog = { ...scanLog(world.app.child.logFile), file: world.app.child.logFile };
      removeIfEmpty(world.app.child.logFile);
    }
  }

  console.log("");
  if (propagation.length > 0) console.log(`${renderPropagation(settings, propagation)}\n`);
  if (calls.length > 0) console.log(`${renderCalls(settings, calls)}\n`);
  console.log(`${renderReconcile(reconcile)}\n`);
  for (const line of renderGoals(settings, propagation, calls, reconcile)) console.log(line);
  console.log("");
  if (world) {
    const { setup } = world;
    const retried = (["shopify", "woocommerce"] as const)
      .filter((kind) => setup.backfills[kind].failures.length > 0)
      .map((kind) => `${kind} backfill failed ${setup.backfills[kind].failures.length}x before it finished`);
    console.log(
      `Setup: Shopify backfill ${(setup.backfills.shopify.ms / 1000).toFixed(1)} s, WooCommerce backfill ` +
        `${(setup.backfills.woocommerce.ms / 1000).toFixed(1)} s (after the app's next poll), quiet after ` +
        `${(setup.quietMs / 1000).toFixed(1)} s; ${setup.listings.shopify} + ${setup.listings.woocommerce} listings` +
        (retried.length > 0 ? `; ${retried.join(", ")}` : ""),
    );
  }
  const noise = world?.app.cliNoise ?? [];
  if (noise.length > 0) {
    console.log(`CLI: ${noise.length} line(s) on stdout before the --json answer, e.g. ${noise[0]}`);
  }
  if (appLog && appLog.warnings + appLog.errors + appLog.otherLines > 0) {
    const top = appLog.topMessages.map(([message, count]) => `${count} x ${message}`).join("; ");
    console.log(
      `App log: ${appLog.warnings} warnings, ${appLog.errors} errors, ${appLog.otherLines} other lines: ${top}`,
    );
  }
  const ok = failed === undefined && problems.length === 0;
  if (failed) console.log(`FAIL: the run stopped: ${failed.split("\n")[0]}`);
  for (const problem of problems) console.log(`FAIL: ${problem}`);
  if (ok) console.log("Checks: every order's stock reached the other store, and both stores agree with the ledger.");

  const file = writeResults(BENCH_DIR, "sync", startedAt, {
    benchmark: "sync",
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    quick: args.quick,
    machine,
    code,
    settings,
    setup: world?.setup,
    propagation,
    calls: calls.map((run) => ({
      ...run,
      convergence: { checked: run.convergence.checked, mismatches: run.convergence.mismatches.slice(0, 20) },
    })),
    reconcile,
    callLogUnreadable: world?.stores.calls.unreadable ?? [],
    cliNoise: world?.app.cliNoise ?? [],
    appLog,
    problems,
    failed: failed ?? null,
  });
  console.log(`\nRaw figures: ${file}`);
  return ok;
}
