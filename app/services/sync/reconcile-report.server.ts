import { z } from "zod";
import type { Db } from "../../db.server";

// The last reconciliation of a channel, kept in Channel.settings.reconcile (as the backfill keeps its progress) so
// the screens, the CLI and the REST API can show it. The listings it found drifted are in SyncDrift, one row each.

const count = z.number().int().min(0);

/** At most this many missing listings are named in the report; `missing` counts them all. */
export const MISSING_SAMPLE = 20;

export const ReconcileReportSchema = z.object({
  channelId: z.string().min(1),
  status: z.enum(["done", "failed"]),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  /** Every listing of the channel: matched + drifted + missing + skipped + unlinked. */
  listings: count,
  /** Figures the channel returned (items and locations the ledger does not list included). */
  read: count,
  /** The channel shows what the ledger wants it to. */
  matched: count,
  /** The channel shows something else; each has a SyncDrift row (cause "reconcile"). */
  drifted: count,
  /** Listings the channel did not return at any of its sellable locations (deleted there, or never stocked). */
  missing: count,
  /** Listings being pushed, planned or parked, or written since the channel was read: theirs is a newer story. */
  skipped: count,
  /** Listings with no link to a channel record (no externalInventoryItemId): nothing to read. */
  unlinked: count,
  /** Ledger as stock master: drifted listings queued to be set back. */
  queued: count,
  /** Channel as stock master: drifted listings whose figure became a ledger adjustment. */
  imported: count,
  durationMs: count,
  /** Calls made to the channel. */
  calls: count,
  missingSample: z.array(z.object({ listingId: z.string(), ref: z.string() })).max(MISSING_SAMPLE),
  error: z.string().nullable(),
});

export type ReconcileReport = z.infer<typeof ReconcileReportSchema>;

const SettingsObjectSchema = z.record(z.string(), z.unknown());

function settingsObject(value: unknown): Record<string, unknown> {
  const parsed = SettingsObjectSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** The stored report; undefined when there is none or it no longer reads as one. */
export function readReconcileReport(settings: unknown): ReconcileReport | undefined {
  const parsed = ReconcileReportSchema.safeParse(settingsObject(settings).reconcile);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Writes the report into the channel's settings, keeping every other setting. The row is locked first (a no-op
 * update) so a merchant saving other settings at the same moment cannot lose theirs, nor we ours.
 */
export async function saveReconcileReport(db: Db, channelId: string, report: ReconcileReport): Promise<void> {
  const valid = ReconcileReportSchema.parse(report);
  await db.$transaction(async (tx) => {
    const channel = await tx.channel.update({
      where: { id: channelId },
      data: { updatedAt: new Date() },
      select: { settings: true },
    });
    const settings = { ...settingsObject(channel.settings), reconcile: valid };
    await tx.channel.update({ where: { id: channelId }, data: { settings: settings as never } });
  });
}
