// The terminal table and the goal's verdict.
import { renderTable } from "../lib/table.ts";
import type { RunFigures } from "./metrics.ts";
import { runName, type FlashSaleSettings, type RunMode } from "./settings.ts";

export type RunResult = { run: RunMode; figures?: RunFigures; error?: string };

/** A duration for a table cell: ms below a second, then seconds; "never" when the channels never showed 0. */
export function duration(ms: number): string {
  if (Number.isNaN(ms)) return "-";
  if (!Number.isFinite(ms)) return "never";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function renderResults(results: RunResult[]): string {
  const headers = [
    "run",
    "orders accepted",
    "units sold",
    "units oversold",
    "orders oversold",
    "to 0 p50",
    "to 0 p95",
    "API calls",
    "stock writes",
  ];
  const rows = results.map(({ run, figures }) =>
    figures
      ? [
          runName(run),
          String(figures.ordersAccepted),
          String(figures.unitsSold),
          String(figures.unitsOversold),
          String(figures.ordersOversold),
          duration(figures.toZero.p50),
          duration(figures.toZero.p95),
          String(figures.calls.total),
          String(figures.calls.stockWrites),
        ]
      : [runName(run), "failed", "", "", "", "", "", "", ""],
  );
  return renderTable(headers, rows);
}

/** "to 0": from the last unit of a SKU selling until both channels show 0 (over the SKUs that sold out). */
export function renderNotes(results: RunResult[]): string[] {
  return results.flatMap(({ run, figures, error }) => {
    if (!figures) return [`${runName(run)}: failed: ${error ?? "unknown"}`];
    const { toZero, oversoldAfter, oversoldByChannel } = figures;
    return [
      `${runName(run)}: ${figures.soldOut} SKUs sold out` +
        (toZero.never > 0 ? `, ${toZero.never} of them still shown in stock on a channel when watching stopped` : "") +
        (figures.unitsOversold > 0
          ? `; oversold units accepted ${duration(oversoldAfter.p50)} (p50) to ${duration(oversoldAfter.max)} (max) ` +
            `after their SKU's last unit sold (Shopify ${oversoldByChannel.shopify}, WooCommerce ${oversoldByChannel.woocommerce})`
          : ""),
    ];
  });
}

export function renderGoal(settings: FlashSaleSettings, results: RunResult[]): string {
  const event = results.find((result) => result.run.intervalSeconds === null)?.figures;
  const sixty = results.find((result) => result.run.intervalSeconds === 60)?.figures;
  if (!event || !sixty) return "Goal: not judged (needs the event-driven run and the 60 s run).";
  const ratio = event.unitsOversold === 0 ? Number.POSITIVE_INFINITY : sixty.unitsOversold / event.unitsOversold;
  const shown = Number.isFinite(ratio) ? `${ratio.toFixed(1)}x` : "infinitely";
  const met = ratio >= settings.goal.ratio;
  return (
    `Goal: event-driven oversells ${shown} fewer units than every 60 s (${sixty.unitsOversold} vs ` +
    `${event.unitsOversold}; goal >= ${settings.goal.ratio}x): ${met ? "met" : "MISSED"}`
  );
}
