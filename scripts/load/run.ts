import os from "node:os";
import type { Mode } from "../drills/support/cluster.ts";
import { parseLoadArgs, type LoadArgs } from "./args.ts";
import { startCannon, type Cannon } from "./cannon-client.ts";
import { cpuSampler } from "./cpu.ts";
import { environment, versions } from "./environment.ts";
import { startLoadWorld, type LoadWorld } from "./load-world.ts";
import { measure, RUNS, type MeasureContext, type TargetFigures } from "./measure.ts";
import { cpuTable, figuresTable, saveLogs, saveResults, seedLines, type ModeReport } from "./report.ts";
import { SEEDED_RETURNS, seedReturns } from "./seed.ts";
import { seedOrders } from "./seed-orders.ts";
import { sequence } from "./sequence.ts";
import { targetsFor } from "./targets.ts";

// npm run load: autocannon against the app in embedded mode (one process, SQLite, jobs in-process) and in scale-out
// mode (2 web processes behind the balancer, 2 workers, PostgreSQL, Redis). Per mode: the drill world (both
// simulated stores installed and backfilled, a 190-SKU catalogue), returns and 10,000 orders seeded through the
// channels, then the screens, then the webhooks (each with the inbox drain after every run). Prints the tables and
// saves every figure to test-results/load/. See docs/load.md for the method and the findings.

const PG_ADMIN_URL =
  process.env.DRILL_PG_URL ?? process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const current: { world?: LoadWorld; cannon?: Cannon } = {};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the app and the load generator`);
    void Promise.allSettled([current.world?.world.stop(), current.cannon?.stop()]).then(() => process.exit(130));
  });
}

async function runMode(mode: Mode, args: LoadArgs, cannon: Cannon, problems: string[]): Promise<ModeReport> {
  const started = Date.now();
  const log = (line: string) =>
    console.log(`[load ${mode} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}`);
  const load = await startLoadWorld(mode, log);
  current.world = load;
  const { world } = load;
  const cluster = world.cluster;
  const cpu = await cpuSampler({
    targets: [
      ...cluster.processes.map((entry) => ({ name: entry.name, pid: () => entry.pid })),
      { name: "load generator", pid: () => cannon.pid },
    ],
    pg:
      mode === "scale-out"
        ? { adminUrl: PG_ADMIN_URL, database: new URL(cluster.databaseUrl).pathname.slice(1) }
        : undefined,
    redisUrl: cluster.env.REDIS_URL,
  });
  try {
    const setupSeconds = (Date.now() - started) / 1000;
    const seq = sequence();
    await seedReturns(load, SEEDED_RETURNS, log);
    const seed = await seedOrders(load, args.orders, log);
    log(`seeded: ${seed.orders} orders, ${seed.items} items, ${seed.returns} returns in ${seed.seconds.toFixed(1)} s`);
    await world.settled(300_000);
    const context: MeasureContext = {
      cannon,
      sequence: seq,
      cpu,
      db: cluster.db,
      shopId: world.shopId,
      durationSeconds: args.durationSeconds,
      warmupSeconds: args.warmupSeconds,
      quiet: async () => {
        await Promise.all(load.webUrls.map((url) => fetch(`${url}/healthz`).then((answer) => answer.arrayBuffer())));
      },
      log,
    };
    const { screens, webhooks } = await targetsFor(mode, load, args.connections);
    const targets: TargetFigures[] = [];
    for (const target of [...screens, ...webhooks]) {
      const figures = await measure(context, target);
      targets.push(figures);
      problems.push(...figures.problems.map((problem) => `${mode} ${target.name} (${target.via}): ${problem}`));
      if (!target.webhook) await world.settled(300_000);
    }
    // Every run's events were applied (the drain); the balances must agree with the movements at any moment.
    const verification = await world.verify();
    if (verification.mismatches.length > 0) {
      problems.push(`${mode}: the ledger does not verify: ${JSON.stringify(verification.mismatches.slice(0, 3))}`);
    }
    log(`ledger verified: ${verification.checked} balances, ${verification.mismatches.length} mismatches`);
    const logs = saveLogs(mode, cluster.processes);
    log(`app log (its kept end): ${JSON.stringify(logs)}`);
    return {
      logs,
      mode,
      setupSeconds,
      seed,
      targets,
      versions: await versions(cluster),
      ledgerChecked: verification.checked,
    };
  } finally {
    await cpu.close();
    await world.stop();
    current.world = undefined;
  }
}

async function main() {
  const args = parseLoadArgs(process.argv.slice(2));
  const env = environment();
  const started = Date.now();
  console.log(
    `load: ${args.modes.join(" and ")}, ${args.connections} connections, ${args.durationSeconds} s per run ` +
      `(warm-up ${args.warmupSeconds} s, median of ${RUNS}), ${os.cpus().length} CPUs, load average at start ` +
      `${os
        .loadavg()
        .map((value) => value.toFixed(2))
        .join(" ")}`,
  );
  const cannon = await startCannon();
  current.cannon = cannon;
  const reports: ModeReport[] = [];
  const problems: string[] = [];
  try {
    for (const mode of args.modes) {
      try {
        reports.push(await runMode(mode, args, cannon, problems));
      } catch (error) {
        console.error(
          `load ${mode} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        problems.push(`${mode}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      }
    }
  } finally {
    await cannon.stop();
  }
  const done = reports.filter((report) => report.targets.length > 0);
  console.log(`\nFigures (median of ${RUNS} runs of ${args.durationSeconds} s, ${args.connections} connections)\n`);
  console.log(figuresTable(done));
  console.log(`\nCPU during the median run, in cores (1.00 = one core busy the whole run)\n`);
  console.log(cpuTable(done));
  console.log(`\n${seedLines(done)}`);
  const file = saveResults({ ...env, args, loadAverageAtEnd: os.loadavg(), reports, problems });
  console.log(
    `\nload average at the end ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(" ")}`,
  );
  console.log(`${((Date.now() - started) / 60_000).toFixed(1)} minutes; saved ${file}`);
  if (problems.length > 0) {
    console.log(`\nPROBLEMS (${problems.length}):\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    process.exit(1);
  }
  process.exit(0);
}

await main();
