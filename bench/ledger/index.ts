// The ledger benchmark: webhook acknowledgement (rate, latency, max throughput) and orders processed per second,
// for the app on SQLite and on PostgreSQL, beside a bare node:http server that only verifies the HMAC.
import { randomBytes } from "node:crypto";
import { ensureBuild } from "../../scripts/ensure-build.ts";
import type { BenchArgs } from "../lib/args.ts";
import { ArgsError } from "../lib/args.ts";
import { removeIfEmpty } from "../lib/log-scan.ts";
import { codeInfo, machineInfo } from "../lib/machine.ts";
import { BENCH_DIR, compactStamp } from "../lib/paths.ts";
import { writeResults } from "../lib/results-file.ts";
import { measureAck } from "./ack.ts";
import { BENCH_SHOP_DOMAIN } from "./catalog.ts";
import { runOnDatabase, type DatabaseResult } from "./database-run.ts";
import { DATABASE_NAMES, type DatabaseName } from "./databases.ts";
import { createOrderWebhookFactory } from "./order-webhooks.ts";
import { ackMedians, renderChecks, renderGoals, renderLedgerTable, renderProcessing } from "./report.ts";
import { startBaseline } from "./servers.ts";
import { ledgerSettings } from "./settings.ts";

const ALIASES: Record<string, DatabaseName> = {
  sqlite: "sqlite",
  postgresql: "postgresql",
  postgres: "postgresql",
  pg: "postgresql",
};

function selectDatabases(only: string[]): DatabaseName[] {
  if (only.length === 0) return DATABASE_NAMES;
  const unknown = only.filter((name) => !(name in ALIASES));
  if (unknown.length > 0)
    throw new ArgsError(`--only ${unknown.join(",")}: the ledger benchmark knows sqlite, postgresql`);
  return DATABASE_NAMES.filter((name) => only.some((value) => ALIASES[value] === name));
}

/** Returns false when a ledger check failed or a database run broke off. */
export async function runLedgerBenchmark(args: BenchArgs): Promise<boolean> {
  const databases = selectDatabases(args.only);
  const settings = ledgerSettings(args.quick);
  const startedAt = new Date();
  const stamp = compactStamp(startedAt);
  const machine = machineInfo();
  const code = codeInfo();
  console.log(
    `Ledger benchmark${args.quick ? " (--quick: 1 run, shorter durations)" : ""}: ${databases.join(", ")}; ` +
      `${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}`,
  );
  ensureBuild((line) => console.log(line));
  const secret = randomBytes(32).toString("hex");

  console.log("\nBaseline: bare node:http server, HMAC check only");
  const baselineServer = await startBaseline(secret, stamp);
  const baselineFactory = createOrderWebhookFactory({ secret, shopDomain: BENCH_SHOP_DOMAIN });
  const baseline = await measureAck(baselineServer.target, baselineFactory, settings, { beforeRun: async () => {} });
  await baselineServer.child.stop();
  removeIfEmpty(baselineServer.child.logFile);

  const results: DatabaseResult[] = [];
  for (const name of databases) {
    console.log(`\nApp on ${name}`);
    try {
      const result = await runOnDatabase(name, { settings, secret, stamp });
      if ("skipped" in result) console.log(`  skipped: ${result.skipped}`);
      results.push(result);
    } catch (error) {
      console.log(`  FAILED: ${(error as Error).stack ?? String(error)}`);
      results.push({ database: name, failed: (error as Error).message });
    }
  }

  console.log(`\n${renderLedgerTable(settings, baseline, results)}\n`);
  for (const line of [...renderGoals(settings, results), "", ...renderProcessing(results), ...renderChecks(results)]) {
    console.log(line);
  }
  const file = writeResults(BENCH_DIR, "ledger", startedAt, {
    benchmark: "ledger",
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    quick: args.quick,
    machine,
    code,
    settings,
    appJobConcurrency: "app default (JOB_CONCURRENCY unset)",
    baseline: { medians: ackMedians(baseline), runs: baseline },
    databases: results.map((result) => ("ack" in result ? { ...result, medians: ackMedians(result.ack) } : result)),
  });
  console.log(`\nRaw figures: ${file}`);
  return results.every((result) => !("failed" in result) && (!("consistency" in result) || result.consistency.ok));
}
