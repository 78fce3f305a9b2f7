import { performance } from "node:perf_hooks";
import type { Db } from "../../db.server";
import { readChannelSettings } from "../channel-settings";
import { chunked, findInChunks } from "../chunks";
import { SET_BACK_GRACE_MS } from "../ledger/inventory-level.server";
import { backfillRunning } from "../ledger/opening-stock.server";
import { levelReaderFor, type LevelReader, type ReadChannel } from "./level-readers";
import { ledgerAvailable, sellableLocations, type SellableLocation } from "./location-quantities.server";
import { planPushes } from "./plan.server";
import { describeDrift, likelyCause, RECENT_SALE_MS } from "./reconcile-cause";
import { importDrifts, type DriftFigure } from "./reconcile-import.server";
import { judgeListing, JUDGED_LISTING_SELECT, type Figure, type LocationCheck } from "./reconcile-judge";
import { MISSING_SAMPLE, saveReconcileReport, type ReconcileReport } from "./reconcile-report.server";
import { settleFindings, type Finding } from "./reconcile-write.server";

// Reconciliation: read everything a channel shows, compare it with what the ledger wants it to show, and fix the
// drift the webhooks did not catch (a lost push, a missed webhook, an edit by another app). Pending listings are
// planned first, so the ledger's side is current; then every figure is read, and the listings are judged in batches:
// a mismatch is a drift row and, with the ledger as stock master, a set-back push; with the channel as master, an
// adjustment. Listings the channel no longer has are reported, never deleted.

/** The channel cannot be reconciled now (gone, disconnected, backfilling, nothing to read with): not a failure. */
export class ReconcileRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReconcileRefusal";
  }
}

export type ReconcileOptions = {
  now?: () => Date;
  /** The channel's reader; the one registered for its kind by default. */
  reader?: LevelReader;
  /** How long a set-back waits when the drift looks like a sale whose order is still on its way. */
  graceMs?: number;
  /** Recorded with imported adjustments. */
  source?: string;
};

/** Why the channel cannot be reconciled now, or null. */
export function whyNotReconcilable(
  channel: { name: string; kind: string; status: string; settings: unknown },
  options: { reader?: LevelReader } = {},
): string | null {
  if (channel.status !== "connected") return `${channel.name} is ${channel.status}, not connected`;
  if (!options.reader && !levelReaderFor(channel.kind)) return `${channel.kind} channels have no stock figures to read`;
  // The backfill takes the store's figures as opening stock once its orders are in; until then they are not drift.
  if (backfillRunning(channel.settings)) return `${channel.name} is still being backfilled`;
  return null;
}

type Channel = ReadChannel & { name: string; status: string; settings: unknown };

type Run = {
  db: Db;
  channel: Channel;
  reader: LevelReader;
  locations: SellableLocation[];
  figures: Map<string, Map<string, Figure>>;
  startedAt: Date;
  setBack: boolean;
  options: ReconcileOptions;
};

type Tally = Omit<ReconcileReport, "channelId" | "status" | "startedAt" | "finishedAt" | "durationMs" | "error">;

export async function reconcileChannel(db: Db, channelId: string, options: ReconcileOptions = {}) {
  const now = options.now ?? (() => new Date());
  const channel = await db.channel.findUnique({
    where: { id: channelId },
    select: {
      id: true,
      shopId: true,
      kind: true,
      name: true,
      externalRef: true,
      credentials: true,
      status: true,
      settings: true,
    },
  });
  if (!channel) throw new ReconcileRefusal(`Channel ${channelId} does not exist`);
  const refusal = whyNotReconcilable(channel, options);
  if (refusal) throw new ReconcileRefusal(refusal);
  const reader = options.reader ?? levelReaderFor(channel.kind)!;
  const locations = await sellableLocations(db, channel.id);
  if (locations.length === 0) throw new ReconcileRefusal(`${channel.name} has no sellable location mapped`);

  const startedAt = now();
  const clock = performance.now();
  const tally: Tally = {
    listings: 0,
    read: 0,
    matched: 0,
    drifted: 0,
    missing: 0,
    skipped: 0,
    unlinked: 0,
    queued: 0,
    imported: 0,
    calls: 0,
    missingSample: [],
  };
  const finish = (error: string | null): ReconcileReport => ({
    channelId,
    status: error === null ? "done" : "failed",
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    durationMs: Math.round(performance.now() - clock),
    error,
    ...tally,
  });
  const setBack = readChannelSettings(channel.settings).stockMaster !== "channel";
  const run: Run = { db, channel, reader, locations, figures: new Map(), startedAt, setBack, options };
  try {
    await reconcile(run, tally);
  } catch (error) {
    const report = finish(error instanceof Error ? error.message.slice(0, 500) : String(error));
    await saveReconcileReport(db, channelId, report);
    throw error;
  }
  const report = finish(null);
  await saveReconcileReport(db, channelId, report);
  return report;
}

async function reconcile(run: Run, tally: Tally) {
  const { db, channel, locations, figures } = run;
  await planPushes(db, channel.shopId);
  // The listings known when the read starts; one created meanwhile is the next reconciliation's.
  const listings = await db.channelListing.findMany({
    where: { channelId: channel.id },
    select: { id: true, externalInventoryItemId: true },
    orderBy: { id: "asc" },
  });
  tally.listings = listings.length;
  const linked = listings.filter((listing) => listing.externalInventoryItemId !== null);
  tally.unlinked = listings.length - linked.length;

  const sellable = new Set(locations.map((location) => location.externalLocationId));
  const { calls } = await run.reader.read(db, channel, async (page) => {
    for (const level of page.levels) {
      tally.read += 1;
      if (!sellable.has(level.location)) continue;
      const at = figures.get(level.externalInventoryItemId) ?? new Map<string, Figure>();
      at.set(level.location, { available: level.available, readAt: page.readAt });
      figures.set(level.externalInventoryItemId, at);
    }
  });
  tally.calls = calls;
  for (const ids of chunked(linked.map((listing) => listing.id))) await judgeBatch(run, tally, ids);
}

/** Judges a batch of listings and writes what they call for. */
async function judgeBatch(run: Run, tally: Tally, ids: string[]) {
  const { db, channel, locations, figures, startedAt } = run;
  const rows = await db.channelListing.findMany({ where: { id: { in: ids } }, select: JUDGED_LISTING_SELECT });
  // Split over several locations by the ledger's available at each, as the pusher splits it.
  const available =
    locations.length > 1
      ? await ledgerAvailable(
          db,
          channel.shopId,
          rows.map((row) => row.itemId),
          locations.map((location) => location.locationId),
        )
      : undefined;
  const verdicts = rows.map((row) => ({
    row,
    verdict: judgeListing(
      row,
      figures.get(row.externalInventoryItemId ?? ""),
      locations,
      available?.get(row.itemId),
      startedAt,
    ),
  }));

  const now = run.options.now?.() ?? new Date();
  const fewer = verdicts.flatMap(({ row, verdict }) =>
    verdict.kind === "drifted" && verdict.drifting.every((check) => check.channel < check.expected) ? [row.itemId] : [],
  );
  const recent = await recentSales(db, channel, fewer, new Date(now.getTime() - RECENT_SALE_MS));
  const graceMs = run.options.graceMs ?? SET_BACK_GRACE_MS;

  const findings: Finding[] = [];
  const driftFigures = new Map<string, DriftFigure[]>();
  let drifts = 0;
  for (const { row, verdict } of verdicts) {
    if (verdict.kind === "missing") {
      tally.missing += 1;
      if (tally.missingSample.length < MISSING_SAMPLE)
        tally.missingSample.push({ listingId: row.id, ref: row.externalInventoryItemId ?? "" });
      continue;
    }
    if (verdict.kind === "skipped") {
      tally.skipped += 1;
      continue;
    }
    const listing = { id: row.id, updatedAt: row.updatedAt };
    if (verdict.kind === "matched") {
      tally.matched += 1;
      if (verdict.news.length > 0) findings.push({ listing, seen: seenLevels(row.id, verdict.news) });
      continue;
    }
    drifts += 1;
    const reason = likelyCause(verdict.entries, verdict.drifting, recent.has(row.itemId));
    const expected = sum(verdict.checks, (check) => check.expected);
    const described = describeDrift(channel.name, verdict.entries, verdict.drifting, reason, locations.length > 1);
    const touched = new Set([...verdict.news, ...verdict.drifting]);
    findings.push({
      listing,
      seen: seenLevels(row.id, [...touched]),
      drift: {
        row: {
          shopId: channel.shopId,
          channelId: channel.id,
          listingId: row.id,
          itemId: row.itemId,
          expectedQty: expected,
          channelQty: sum(verdict.checks, (check) => check.channel),
          cause: "reconcile",
          action: run.setBack ? "set_back" : "imported",
          detail: run.setBack ? `${described}; set back to ${expected}` : described,
        },
        locations: verdict.drifting.map((check) => check.location),
        nextPushAt: reason === "sale_pending" ? new Date(now.getTime() + graceMs) : null,
      },
    });
    driftFigures.set(row.id, verdict.drifting);
  }

  const externalIds = locations.map((location) => location.externalLocationId);
  const settled = await settleFindings(db, externalIds, findings, { setBack: run.setBack });
  tally.drifted += settled.confirmed.length;
  tally.skipped += drifts - settled.confirmed.length;
  tally.queued += settled.queued;
  if (!run.setBack && settled.confirmed.length > 0) {
    tally.imported += await importDrifts(
      db,
      channel,
      locations,
      settled.confirmed.map((finding) => ({ finding, figures: driftFigures.get(finding.listing.id) ?? [] })),
      { source: run.options.source ?? "reconcile", readAt: startedAt },
    );
  }
}

function seenLevels(listingId: string, checks: LocationCheck[]) {
  return checks.map((check) => ({ listingId, location: check.location, quantity: check.channel, at: check.readAt }));
}

/** Items with an order on this channel that reached the ledger since `since`: a lower figure may be a newer sale. */
async function recentSales(db: Db, channel: Channel, itemIds: string[], since: Date): Promise<Set<string>> {
  if (itemIds.length === 0) return new Set();
  const lines = await findInChunks([...new Set(itemIds)], (chunk) =>
    db.orderLine.findMany({
      where: {
        shopId: channel.shopId,
        itemId: { in: chunk },
        order: { channelId: channel.id, createdAt: { gte: since } },
      },
      select: { itemId: true },
      distinct: ["itemId"],
    }),
  );
  return new Set(lines.flatMap((line) => (line.itemId ? [line.itemId] : [])));
}

const sum = <T>(items: T[], value: (item: T) => number) => items.reduce((total, item) => total + value(item), 0);
