import type { Db } from "../../db.server";
import { readReconcileReport } from "./reconcile-report.server";
import { emptyCounts, lagMs, readListingFigures, type ListingState } from "./status-figures.server";
import { syncHealth, type SyncHealth } from "./status-health";

// Where each of a shop's channels stands with its stock: what landed last, what waits, what failed, what drifted.
// Counts come from grouped queries whatever the number of listings; the few sample rows are read only for the
// channels that have any.

const DAY_MS = 24 * 60 * 60 * 1000;
export const RECENT_SHOWN = 5;
export const DEAD_SHOWN = 10;

export type SyncProblem = {
  listingId: string;
  sku: string;
  error: string | null;
  attempts: number;
  at: Date;
  /** When a failed listing is tried again; null for a dead one. */
  nextPushAt: Date | null;
};

export type DriftRow = {
  id: string;
  sku: string | null;
  expectedQty: number | null;
  channelQty: number;
  cause: string;
  action: string;
  detail: string | null;
  at: Date;
};

export type LastReconcile = {
  at: Date;
  status: "done" | "failed";
  listings: number;
  drifted: number;
  missing: number;
  error: string | null;
};

export type ChannelSyncStatus = {
  channelId: string;
  kind: string;
  name: string;
  status: string;
  lastPushAt: Date | null;
  listings: Record<ListingState, number>;
  /** Pending and queued listings: the push queue. Failed ones wait for their retry time and count apart. */
  queueDepth: number;
  oldestToPushAt: Date | null;
  lagMs: number;
  /** Failed listings, most recent first (those still retried). */
  retrying: SyncProblem[];
  /** Dead listings, most recent first: the dead-letter list. */
  deadLetters: SyncProblem[];
  drift: { last24h: number; byCause: { cause: string; action: string; count: number }[]; recent: DriftRow[] };
  lastReconcile: LastReconcile | null;
  health: SyncHealth;
};

/** The channel's last reconciliation, as its report in Channel.settings.reconcile tells it; null if it never ran. */
export function readLastReconcile(settings: unknown): LastReconcile | null {
  // readReconcileReport parses with safeParse: a report in another shape reads as "never reconciled", not an error.
  const report = readReconcileReport(settings);
  if (!report) return null;
  return {
    at: new Date(report.finishedAt),
    status: report.status,
    listings: report.listings,
    drifted: report.drifted,
    missing: report.missing,
    error: report.error,
  };
}

const problemSelect = {
  id: true,
  lastError: true,
  pushAttempts: true,
  updatedAt: true,
  nextPushAt: true,
  item: { select: { sku: true } },
} as const;

async function problems(
  db: Db,
  shopId: string,
  channelId: string,
  state: "failed" | "dead",
  take: number,
): Promise<SyncProblem[]> {
  const rows = await db.channelListing.findMany({
    where: { shopId, channelId, syncState: state },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take,
    select: problemSelect,
  });
  return rows.map((row) => ({
    listingId: row.id,
    sku: row.item.sku,
    error: row.lastError,
    attempts: row.pushAttempts,
    at: row.updatedAt,
    nextPushAt: row.nextPushAt,
  }));
}

async function recentDrift(
  db: Db,
  shopId: string,
  channelIds: string[],
  since: Date,
): Promise<Map<string, DriftRow[]>> {
  const perChannel = await Promise.all(
    channelIds.map((channelId) =>
      db.syncDrift.findMany({
        where: { shopId, channelId, createdAt: { gte: since } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: RECENT_SHOWN,
      }),
    ),
  );
  const rows = perChannel.flat();
  // SyncDrift keeps the item id without a relation (drift outlives a deleted listing): one lookup for every SKU.
  const items = rows.length
    ? await db.inventoryItem.findMany({
        where: { shopId, id: { in: [...new Set(rows.map((row) => row.itemId))] } },
        select: { id: true, sku: true },
      })
    : [];
  const skus = new Map(items.map((item) => [item.id, item.sku]));
  const byChannel = new Map<string, DriftRow[]>();
  for (const row of rows) {
    const shaped: DriftRow = {
      id: row.id,
      sku: skus.get(row.itemId) ?? null,
      expectedQty: row.expectedQty,
      channelQty: row.channelQty,
      cause: row.cause,
      action: row.action,
      detail: row.detail,
      at: row.createdAt,
    };
    byChannel.set(row.channelId, [...(byChannel.get(row.channelId) ?? []), shaped]);
  }
  return byChannel;
}

/** The sync status of every channel of the shop, in the order the channels were connected. */
export async function channelSyncStatus(
  db: Db,
  shopId: string,
  options: { now?: Date } = {},
): Promise<ChannelSyncStatus[]> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - DAY_MS);
  const [channels, figures, driftGroups] = await Promise.all([
    db.channel.findMany({
      where: { shopId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, kind: true, name: true, status: true, settings: true },
    }),
    readListingFigures(db, shopId),
    db.syncDrift.groupBy({
      by: ["channelId", "cause", "action"],
      where: { shopId, createdAt: { gte: since } },
      _count: { _all: true },
    }),
  ]);

  const byCause = new Map<string, { cause: string; action: string; count: number }[]>();
  for (const group of driftGroups) {
    const entry = { cause: group.cause, action: group.action, count: group._count._all };
    byCause.set(group.channelId, [...(byCause.get(group.channelId) ?? []), entry]);
  }
  const countsOf = (channelId: string) => figures.get(channelId)?.counts ?? emptyCounts();
  const [retrying, dead, drift] = await Promise.all([
    Promise.all(
      channels.map((channel) =>
        countsOf(channel.id).failed > 0 ? problems(db, shopId, channel.id, "failed", RECENT_SHOWN) : [],
      ),
    ),
    Promise.all(
      channels.map((channel) =>
        countsOf(channel.id).dead > 0 ? problems(db, shopId, channel.id, "dead", DEAD_SHOWN) : [],
      ),
    ),
    recentDrift(
      db,
      shopId,
      channels.filter((channel) => byCause.has(channel.id)).map((channel) => channel.id),
      since,
    ),
  ]);

  return channels.map((channel, index) => {
    const listings = countsOf(channel.id);
    const channelFigures = figures.get(channel.id);
    const causes = byCause.get(channel.id) ?? [];
    const last24h = causes.reduce((sum, entry) => sum + entry.count, 0);
    const lastReconcile = readLastReconcile(channel.settings);
    const lag = lagMs(channelFigures, now);
    const lastPushAt = channelFigures?.lastPushAt ?? null;
    return {
      channelId: channel.id,
      kind: channel.kind,
      name: channel.name,
      status: channel.status,
      lastPushAt,
      listings,
      queueDepth: listings.pending + listings.queued,
      oldestToPushAt: channelFigures?.oldestToPushAt ?? null,
      lagMs: lag,
      retrying: retrying[index] ?? [],
      deadLetters: dead[index] ?? [],
      drift: { last24h, byCause: causes, recent: drift.get(channel.id) ?? [] },
      lastReconcile,
      health: syncHealth({
        status: channel.status,
        waiting: listings.pending + listings.queued,
        failed: listings.failed,
        dead: listings.dead,
        lagMs: lag,
        drift24h: last24h,
        reconcileError: lastReconcile?.status === "failed" ? (lastReconcile.error ?? "no reason recorded") : null,
        lastPushAt,
      }),
    };
  });
}
