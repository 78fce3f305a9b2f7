import { BACKFILL_PHASES, readBackfillProgress } from "../shopify/backfill-progress.server";

const PHASE_LABELS: Record<(typeof BACKFILL_PHASES)[number], string> = {
  locations: "Reading locations",
  catalog: "Reading products and variants",
  stock: "Reading stock levels",
  orders: "Importing orders",
  reconcile: "Matching stock after the import",
  done: "Done",
};

export type BackfillView = {
  status: "running" | "done" | "failed";
  label: string;
  percent: number;
  days: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  counts: {
    locations: number;
    listings: number;
    levels: number;
    orders: number;
    fulfillments: number;
    skipped: number;
  };
};

/** What the channels screen shows of a channel's backfill: the phase as a share of the whole, and what it found. */
export function backfillView(settings: unknown): BackfillView | null {
  const progress = readBackfillProgress(settings);
  if (!progress) return null;
  const phases = BACKFILL_PHASES.length - 1;
  const index = BACKFILL_PHASES.indexOf(progress.phase);
  const within = progress.total ? Math.min(progress.processed / progress.total, 0.99) : 0;
  const percent = progress.status === "done" ? 100 : Math.round(((index + within) / phases) * 100);
  return {
    status: progress.status,
    label:
      progress.status === "failed"
        ? `Stopped while ${PHASE_LABELS[progress.phase].toLowerCase()}`
        : PHASE_LABELS[progress.phase],
    percent,
    days: progress.days,
    startedAt: progress.startedAt,
    finishedAt: progress.finishedAt,
    error: progress.error,
    counts: progress.counts,
  };
}
