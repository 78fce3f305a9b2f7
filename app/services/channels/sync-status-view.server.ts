import type { Db } from "../../db.server";
import type { SyncHealthLevel } from "../sync/status-health";
import { channelSyncStatus, type ChannelSyncStatus, type SyncProblem } from "../sync/status.server";

// What the channels screen shows of each channel's sync: plain strings and numbers, labels in the merchant's words.

const CAUSES: Record<string, string> = {
  channel_edit: "Changed on the channel",
  reconcile: "Found by reconciliation",
};
const ACTIONS: Record<string, string> = {
  set_back: "Set back to the ledger",
  imported: "Imported as an adjustment",
};

export type SyncProblemView = {
  listingId: string;
  sku: string;
  error: string;
  attempts: number;
  at: string;
  nextPushAt: string | null;
};

export type ChannelSyncView = {
  health: SyncHealthLevel;
  reason: string;
  lastPushAt: string | null;
  total: number;
  inStep: number;
  queueDepth: number;
  failed: number;
  dead: number;
  lagSeconds: number;
  retrying: SyncProblemView[];
  deadLetters: SyncProblemView[];
  drift24h: number;
  driftRows: {
    id: string;
    sku: string;
    expectedQty: number | null;
    channelQty: number;
    cause: string;
    action: string;
    detail: string | null;
    at: string;
  }[];
  lastReconcile: { at: string; summary: string; error: string | null } | null;
};

function problemView(problem: SyncProblem): SyncProblemView {
  return {
    listingId: problem.listingId,
    sku: problem.sku,
    error: problem.error ?? "No error recorded",
    attempts: problem.attempts,
    at: problem.at.toISOString(),
    nextPushAt: problem.nextPushAt?.toISOString() ?? null,
  };
}

function reconcileSummary(run: NonNullable<ChannelSyncStatus["lastReconcile"]>): string {
  if (run.status === "failed") return "failed";
  const parts = [`${run.listings} checked`, `${run.drifted} drifted`];
  if (run.missing > 0) parts.push(`${run.missing} missing on the channel`);
  return parts.join(" · ");
}

export function syncView(status: ChannelSyncStatus): ChannelSyncView {
  const { listings } = status;
  return {
    health: status.health.level,
    reason: status.health.reason,
    lastPushAt: status.lastPushAt?.toISOString() ?? null,
    total: Object.values(listings).reduce((sum, count) => sum + count, 0),
    inStep: listings.ok,
    queueDepth: status.queueDepth,
    failed: listings.failed,
    dead: listings.dead,
    lagSeconds: Math.round(status.lagMs / 1000),
    retrying: status.retrying.map(problemView),
    deadLetters: status.deadLetters.map(problemView),
    drift24h: status.drift.last24h,
    driftRows: status.drift.recent.map((row) => ({
      id: row.id,
      sku: row.sku ?? "(item removed)",
      expectedQty: row.expectedQty,
      channelQty: row.channelQty,
      cause: CAUSES[row.cause] ?? row.cause,
      action: ACTIONS[row.action] ?? row.action,
      detail: row.detail,
      at: row.at.toISOString(),
    })),
    lastReconcile: status.lastReconcile
      ? {
          at: status.lastReconcile.at.toISOString(),
          summary: reconcileSummary(status.lastReconcile),
          error: status.lastReconcile.error,
        }
      : null,
  };
}

/** Per channel id, for the shop's channels. */
export async function channelSyncViews(db: Db, shopId: string): Promise<Record<string, ChannelSyncView>> {
  const statuses = await channelSyncStatus(db, shopId);
  return Object.fromEntries(statuses.map((status) => [status.channelId, syncView(status)]));
}
