import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Mode } from "../drills/support/cluster.ts";
import type { TargetFigures } from "./measure.ts";
import type { SeedReport } from "./seed-orders.ts";

// The terminal tables (figures, then where the CPU went) and the JSON file under test-results/load/.

export type ModeReport = {
  mode: Mode;
  setupSeconds: number;
  seed: SeedReport;
  targets: TargetFigures[];
  versions: Record<string, string>;
  /** Stock balances rebuilt from the movements at the end, none of which may differ. */
  ledgerChecked: number;
  /** Warnings and errors in the kept end of each process's log. */
  logs?: Record<string, { warnings: number; errors: number }>;
};

export const RESULTS_DIR = join(process.cwd(), "test-results", "load");

const fixed = (value: number | undefined, digits = 0) => (value === undefined ? "-" : value.toFixed(digits));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [line(rows[0]!), widths.map((width) => "-".repeat(width)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

export function figuresTable(reports: ModeReport[]): string {
  const rows = [
    [
      "mode",
      "target",
      "req/s",
      "p50 ms",
      "p97.5 ms",
      "p99 ms",
      "non-2xx",
      "no answer",
      "drain s",
      "e2e ev/s",
      "req/s runs",
      "p99 runs",
    ],
  ];
  for (const report of reports) {
    for (const target of report.targets) {
      const m = target.median;
      rows.push([
        report.mode,
        target.via === "direct" ? `${target.name} [direct to webs]` : target.name,
        fixed(m.okPerSecond, 1),
        fixed(m.p50),
        fixed(m.p97_5),
        fixed(m.p99),
        String(m.non2xx),
        String(m.errors),
        fixed(m.drainSeconds, 1),
        fixed(m.endToEndPerSecond, 1),
        target.runs.map((run) => fixed(run.okPerSecond, 1)).join(" / "),
        target.runs.map((run) => fixed(run.p99)).join(" / "),
      ]);
    }
  }
  return table(rows);
}

export function cpuTable(reports: ModeReport[]): string {
  const names = [...new Set(reports.flatMap((r) => r.targets.flatMap((t) => Object.keys(t.median.cpu.cores))))];
  const order = ["web-1", "web-2", "worker-1", "worker-2", "postgresql", "redis (shared)", "load generator"];
  names.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  const rows = [["mode", "target", ...names, "machine busy"]];
  for (const report of reports) {
    for (const target of report.targets) {
      const { cores, machineBusy } = target.median.cpu;
      rows.push([
        report.mode,
        target.via === "direct" ? `${target.name} [direct]` : target.name,
        ...names.map((name) => fixed(cores[name], 2)),
        `${Math.round(machineBusy * 100)}%`,
      ]);
    }
  }
  return table(rows);
}

export function seedLines(reports: ModeReport[]): string {
  return reports
    .map(
      (report) =>
        `${report.mode}: setup ${report.setupSeconds.toFixed(0)} s; screens measured at ${report.seed.orders} orders, ` +
        `${report.seed.items} items, ${report.seed.returns} returns, ${report.seed.fulfillments} seeded fulfilments ` +
        `(${report.seed.seeded} orders seeded through ` +
        `the ledger services in ${report.seed.seconds.toFixed(1)} s, ${report.seed.ordersPerSecond.toFixed(0)}/s); ` +
        `${report.versions.database}${report.versions.redis ? `, ${report.versions.redis}` : ""}, Node ${report.versions.node}`,
    )
    .join("\n");
}

/**
 * The end of every app process's log (the drill harness keeps the last 100-200 KB), saved for a look at what the app
 * said under load; returns the warnings and errors in it per process.
 */
export function saveLogs(mode: Mode, processes: { name: string; output(): string }[]) {
  const dir = join(RESULTS_DIR, "logs");
  mkdirSync(dir, { recursive: true });
  const counts: Record<string, { warnings: number; errors: number }> = {};
  for (const entry of processes) {
    const output = entry.output();
    writeFileSync(join(dir, `${mode}-${entry.name}.log`), output);
    counts[entry.name] = {
      warnings: output.match(/"level":40\b/g)?.length ?? 0,
      errors: output.match(/"level":(50|60)\b/g)?.length ?? 0,
    };
  }
  return counts;
}

export function saveResults(data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `load-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
