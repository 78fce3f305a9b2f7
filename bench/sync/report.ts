// What the sync benchmark prints: one table per measurement (medians over the runs, every run listed), the goals met
// or missed and by how much, and the checks that make the command fail.
import { median } from "../lib/stats.ts";
import { cell, renderTable } from "../lib/table.ts";
import type { ChannelKind } from "./call-log.ts";
import type { CallsRun } from "./calls.ts";
import { directionLabel, DIRECTIONS, type PropagationRun } from "./propagation.ts";
import type { ReconcileResult } from "./reconcile.ts";
import type { SyncSettings } from "./settings.ts";

const NAMES: Record<ChannelKind, string> = { shopify: "Shopify", woocommerce: "WooCommerce" };
const seconds = (ms: number) => (Number.isNaN(ms) ? "-" : `${(ms / 1000).toFixed(2)} s`);

export function propagationMedians(runs: PropagationRun[]) {
  return DIRECTIONS.map((direction) => {
    const mine = runs.filter(
      (run) => run.direction.from === direction.from && run.direction.to === direction.to && run.arrived > 0,
    );
    return {
      direction,
      runs: mine.length,
      p50: median(mine.map((run) => run.latency.p50)),
      p95: median(mine.map((run) => run.latency.p95)),
      max: Math.max(Number.NaN, ...mine.map((run) => run.latency.max)),
      orders: mine.reduce((sum, run) => sum + run.orders, 0),
      arrived: mine.reduce((sum, run) => sum + run.arrived, 0),
    };
  });
}

export function renderPropagation(settings: SyncSettings, runs: PropagationRun[]): string {
  const { ordersPerSecond, durationMs } = settings.propagation;
  const rows = propagationMedians(runs).map((row) => [
    directionLabel(row.direction),
    String(row.runs),
    cell(row.p50),
    cell(row.p95),
    cell(row.max),
    `${row.arrived}/${row.orders}`,
  ]);
  return [
    `(a) propagation: ${ordersPerSecond} orders/s for ${durationMs / 1000} s per run, one random SKU each; from the ` +
      "order's placement on one store to the other store receiving the stock write for it. p50/p95: medians of the " +
      "runs' figures; max: over all runs.",
    "",
    renderTable(["direction", "runs", "p50 ms", "p95 ms", "max ms", "arrived"], rows),
  ].join("\n");
}

export function callsMedians(runs: CallsRun[]) {
  return (["shopify", "woocommerce"] as const).map((channel) => ({
    channel,
    writes: median(runs.map((run) => run.counts.writes[channel])),
    quantities: median(runs.map((run) => run.counts.quantities[channel])),
    reads: median(runs.map((run) => otherCalls(run, channel))),
    lowerBound: runs[0]?.lowerBound[channel] ?? Number.NaN,
    writesPerRun: runs.map((run) => run.counts.writes[channel]),
  }));
}

function otherCalls(run: CallsRun, channel: ChannelKind): number {
  return Object.values(run.counts.other[channel]).reduce((sum, count) => sum + count, 0);
}

export function renderCalls(settings: SyncSettings, runs: CallsRun[]): string {
  const rows = callsMedians(runs).map((row) => [
    NAMES[row.channel],
    String(settings.calls.listings),
    cell(row.writes),
    String(row.lowerBound),
    cell(row.quantities),
    cell(row.reads),
    row.writesPerRun.join(", "),
  ]);
  const timing = runs.map((run) => `last write ${seconds(run.lastWriteMs)}, quiet ${seconds(run.quietMs)}`).join("; ");
  return [
    `(b) calls: ${settings.calls.listings} items' stock moves at once (+${settings.calls.delta} each), so as many ` +
      "listings per channel change; every request each store gets until the engine is quiet. Medians of the runs.",
    "",
    renderTable(
      ["channel", "listings", "stock writes", "lower bound", "quantities sent", "other calls", "writes per run"],
      rows,
    ),
    `After the change: ${timing}.`,
  ].join("\n");
}

export function renderReconcile(result: ReconcileResult): string {
  if (result.kind === "not-measured") return `(c) not measured: ${result.reason}`;
  const rows = result.channels.map((entry) =>
    "error" in entry
      ? [NAMES[entry.channel], String(entry.listings), "failed", "", "", "", "", entry.error.slice(0, 60)]
      : [
          NAMES[entry.channel],
          String(entry.listings),
          seconds(entry.report.durationMs),
          seconds(entry.wallMs),
          String(entry.report.calls),
          String(entry.report.read),
          `${entry.report.drifted}/${entry.drifted}`,
          entry.note ?? "",
        ],
  );
  return [
    "(c) reconciliation: `npm run cli -- sync reconcile` (its own process) against the store's simulator, listings " +
      "seeded into the ledger with the store's real ids and a few hundred figures changed on the store. time: the " +
      "report's durationMs; process: the command's wall time (start-up included).",
    "",
    renderTable(["channel", "listings", "time", "process", "calls", "figures read", "drift found", "note"], rows),
  ].join("\n");
}

function verdict(ok: boolean, met: string, missed: string) {
  return ok ? `met (${met})` : `MISSED by ${missed}`;
}

export function renderGoals(
  settings: SyncSettings,
  propagation: PropagationRun[],
  calls: CallsRun[],
  reconcile: ReconcileResult,
): string[] {
  const { goals } = settings;
  const lines = [
    `Goals (this machine, ${settings.runs === 1 ? "quick run, 1 run" : `medians of ${settings.runs} runs`}):`,
  ];
  for (const row of propagationMedians(propagation)) {
    const label = `  propagation p95 <= ${goals.propagationP95Ms / 1000} s, ${directionLabel(row.direction)}: `;
    if (Number.isNaN(row.p95)) lines.push(`${label}not measured`);
    else
      lines.push(
        label +
          verdict(
            row.p95 <= goals.propagationP95Ms,
            `p95 ${cell(row.p95)} ms`,
            `${cell(row.p95 - goals.propagationP95Ms)} ms (p95 ${cell(row.p95)} ms)`,
          ),
      );
  }
  for (const row of callsMedians(calls)) {
    const label = `  stock writes per ${settings.calls.listings} listing changes = lower bound, ${NAMES[row.channel]}: `;
    if (Number.isNaN(row.writes)) lines.push(`${label}not measured`);
    else {
      const extra = row.writes - row.lowerBound;
      lines.push(
        label +
          verdict(
            extra <= 0,
            `${cell(row.writes)} calls, bound ${row.lowerBound}`,
            `${cell(extra)} call(s) (${cell(row.writes)} for a bound of ${row.lowerBound}, ` +
              `${cell((row.writes / row.lowerBound) * 100)}%)`,
          ),
      );
    }
  }
  const label = `  ${goals.reconcileListings.toLocaleString("en")} listings reconciled in <= ${goals.reconcileMs / 1000} s`;
  if (reconcile.kind === "not-measured") lines.push(`${label}: not measured (${reconcile.reason})`);
  else
    for (const entry of reconcile.channels) {
      const name = `${label}, ${NAMES[entry.channel]}: `;
      if ("error" in entry) {
        lines.push(`${name}FAILED (${entry.error})`);
        continue;
      }
      const ms = entry.report.durationMs;
      const scaled = entry.listings === goals.reconcileListings ? "" : ` (measured on ${entry.listings} listings)`;
      lines.push(
        name +
          verdict(
            ms <= goals.reconcileMs,
            `${seconds(ms)}${scaled}`,
            `${seconds(ms - goals.reconcileMs)} (${seconds(ms)}${scaled})`,
          ),
      );
    }
  return lines;
}
