// The summary the ledger benchmark prints: medians per server, the goals met or missed, the consistency check.
import type { LoadRun } from "../lib/load-result.ts";
import { median, medianOf } from "../lib/stats.ts";
import { cell, renderTable } from "../lib/table.ts";
import type { AckResults } from "./ack.ts";
import type { DatabaseResult } from "./database-run.ts";
import type { LedgerSettings } from "./settings.ts";

const LABELS = { sqlite: "SQLite", postgresql: "PostgreSQL" } as const;

export type AckMedians = ReturnType<typeof ackMedians>;

export function ackMedians(ack: AckResults) {
  const figures = (runs: LoadRun[]) => medianOf(runs.map((run) => run.figures));
  return { openLoop: figures(ack.openLoop), closedLoop: figures(ack.closedLoop) };
}

type Measured = Extract<DatabaseResult, { consistency: unknown }>;
const measured = (result: DatabaseResult): result is Measured => "consistency" in result;

function row(name: string, ack: AckResults, ordersPerSecond: number | undefined): string[] {
  const { openLoop, closedLoop } = ackMedians(ack);
  return [
    name,
    cell(openLoop.rate, 1),
    cell(openLoop.p50, 1),
    cell(openLoop.p95, 1),
    cell(openLoop.p99, 1),
    cell(openLoop.max, 1),
    cell(openLoop.errors),
    cell(closedLoop.rate),
    cell(closedLoop.p99, 1),
    cell(ordersPerSecond, 1),
  ];
}

export function renderLedgerTable(settings: LedgerSettings, baseline: AckResults, results: DatabaseResult[]): string {
  const headers = [
    "server",
    "rate req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "max ms",
    "errors",
    "max req/s",
    "p99@max ms",
    "orders/s",
  ];
  const rows = [row("baseline (bare node:http + HMAC)", baseline, undefined)];
  for (const result of results) {
    const label = `app on ${LABELS[result.database]}`;
    if (measured(result)) {
      rows.push(row(label, result.ack, median(result.processing.map((run) => run.figures.ordersPerSecond))));
    } else rows.push([label, "skipped" in result ? "skipped" : "failed", "", "", "", "", "", "", "", ""]);
  }
  const { openLoop, closedLoop, processing } = settings;
  return [
    `Medians of ${settings.runs} run(s). rate..errors: open loop at ${openLoop.rate} req/s for ${openLoop.durationMs / 1000} s, ` +
      "latency from each request's scheduled send time.",
    `max req/s, p99@max: closed loop, ${closedLoop.connections} connections for ${closedLoop.durationMs / 1000} s. ` +
      `orders/s: ${processing.orders} orders/create webhooks (3 lines each), first post to all "done".`,
    "",
    renderTable(headers, rows),
  ].join("\n");
}

function verdict(ok: boolean, missedBy: string): string {
  return ok ? "met" : `MISSED by ${missedBy}`;
}

export function renderGoals(settings: LedgerSettings, results: DatabaseResult[]): string[] {
  const { goals } = settings;
  const lines = [`Goals (this machine, ${settings.runs === 1 ? "quick run, 1 run" : "medians"}):`];
  for (const result of results.filter(measured)) {
    const { openLoop } = ackMedians(result.ack);
    const rateShort = openLoop.rate < goals.ackRate * 0.99;
    const slow = openLoop.p99 > goals.ackP99Ms;
    const missed = [
      slow ? `${(openLoop.p99 - goals.ackP99Ms).toFixed(1)} ms (p99 ${openLoop.p99.toFixed(1)} ms)` : "",
      rateShort ? `${(goals.ackRate - openLoop.rate).toFixed(1)} req/s (achieved ${openLoop.rate.toFixed(1)})` : "",
      openLoop.errors > 0 ? `${openLoop.errors} errors` : "",
    ].filter(Boolean);
    lines.push(
      `  ack p99 <= ${goals.ackP99Ms} ms at ${goals.ackRate} req/s, ${LABELS[result.database]}: ` +
        (missed.length === 0
          ? `met (p99 ${openLoop.p99.toFixed(1)} ms at ${openLoop.rate.toFixed(1)} req/s)`
          : verdict(false, missed.join(", "))),
    );
  }
  const sqlite = results.find((result) => result.database === "sqlite");
  if (sqlite && measured(sqlite)) {
    const ordersPerSecond = median(sqlite.processing.map((run) => run.figures.ordersPerSecond));
    const ok = ordersPerSecond >= goals.sqliteOrdersPerSecond;
    lines.push(
      `  >= ${goals.sqliteOrdersPerSecond} orders/s processed on SQLite: ` +
        (ok
          ? `met (${ordersPerSecond.toFixed(1)} orders/s)`
          : verdict(
              false,
              `${(goals.sqliteOrdersPerSecond - ordersPerSecond).toFixed(1)} orders/s ` +
                `(${ordersPerSecond.toFixed(1)} orders/s, ${((ordersPerSecond / goals.sqliteOrdersPerSecond) * 100).toFixed(0)}% of the goal)`,
            )),
    );
  } else lines.push(`  >= ${goals.sqliteOrdersPerSecond} orders/s processed on SQLite: not measured`);
  return lines;
}

function storedAnyway(extra: number, unanswered: number): string {
  if (unanswered === 0) return "";
  return ` + ${extra} of the ${unanswered} requests that got no answer (the client gave up, the app stored them)`;
}

export function renderChecks(results: DatabaseResult[]): string[] {
  const lines: string[] = [];
  for (const result of results) {
    const label = LABELS[result.database];
    if ("skipped" in result) lines.push(`${label}: skipped. ${result.skipped}`);
    else if ("failed" in result) lines.push(`${label}: FAIL, the run stopped: ${result.failed}`);
    else {
      const c = result.consistency;
      lines.push(
        c.ok
          ? `${label} ledger: consistent (verifyLedger: ${c.balancesChecked} balances, 0 mismatches; ` +
              `${c.orders} orders = ${c.acknowledged} acknowledged${storedAnyway(c.orders - c.acknowledged, c.unanswered)}, ` +
              `${c.orderLines} lines, no oversells, ` +
              `inbox ${c.inbox.done} done / 0 unfinished / 0 quarantined)`
          : `${label} ledger: FAIL: ${c.problems.join("; ")}`,
      );
      const log = result.appLog;
      if (log.warnings + log.errors + log.otherLines > 0) {
        const top = log.topMessages.map(([message, count]) => `${count} x ${message}`).join("; ");
        lines.push(`  app log: ${log.warnings} warnings, ${log.errors} errors, ${log.otherLines} other lines: ${top}`);
      }
      const incomplete = result.processing.filter((run) => !run.complete).length;
      if (incomplete > 0) lines.push(`  ${incomplete} processing run(s) did not finish within the time limit`);
    }
  }
  return lines;
}

export function renderProcessing(results: DatabaseResult[]): string[] {
  return results.filter(measured).map((result) => {
    const figures = medianOf(result.processing.map((run) => run.figures));
    return (
      `${LABELS[result.database]} processing (medians): acknowledging ${figures.accepted} orders took ` +
      `${(figures.ackMs / 1000).toFixed(2)} s (${figures.ackPerSecond.toFixed(0)}/s); all were done after ` +
      `${(figures.doneMs / 1000).toFixed(2)} s, ${(figures.tailMs / 1000).toFixed(2)} s after the last acknowledgement`
    );
  });
}
