import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../db.server";

// A backfill's progress, kept in Channel.settings.backfill (until a BackfillRun table exists) and written after
// every page, so a backfill that crashed resumes from the cursor it had reached instead of starting over.

export const BACKFILL_PHASES = ["locations", "catalog", "stock", "orders", "reconcile", "done"] as const;
export type BackfillPhase = (typeof BACKFILL_PHASES)[number];

export const BackfillProgressSchema = z.object({
  runId: z.string().min(1),
  status: z.enum(["running", "done", "failed"]),
  phase: z.enum(BACKFILL_PHASES),
  /** Where the current phase continues: the GraphQL cursor after the last page applied. */
  cursor: z.string().nullable(),
  /** The stock phases read one location at a time: the Shopify location (numeric id) being read. */
  locationId: z.string().nullable().default(null),
  processed: z.number().int().min(0),
  total: z.number().int().min(0).optional(),
  /** Orders updated since this instant are imported; fixed when the run starts so a resume reads the same window. */
  since: z.iso.datetime(),
  days: z.number().int().min(1),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  error: z.string().nullable(),
  counts: z
    .object({
      locations: z.number().int().min(0),
      listings: z.number().int().min(0),
      levels: z.number().int().min(0),
      orders: z.number().int().min(0),
      fulfillments: z.number().int().min(0),
      /** Orders whose data the ledger cannot take (a malformed amount, say); logged and left out. */
      skipped: z.number().int().min(0).default(0),
    })
    .default({ locations: 0, listings: 0, levels: 0, orders: 0, fulfillments: 0, skipped: 0 }),
});

export type BackfillProgress = z.infer<typeof BackfillProgressSchema>;

const SettingsObjectSchema = z.record(z.string(), z.unknown());

function settingsObject(value: unknown): Record<string, unknown> {
  const parsed = SettingsObjectSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** The stored progress; undefined when there is none or it does not read as progress (then a new run starts). */
export function readBackfillProgress(settings: unknown): BackfillProgress | undefined {
  const parsed = BackfillProgressSchema.safeParse(settingsObject(settings).backfill);
  return parsed.success ? parsed.data : undefined;
}

export function newBackfillProgress(days: number, now: Date): BackfillProgress {
  return BackfillProgressSchema.parse({
    runId: randomUUID(),
    status: "running",
    phase: "locations",
    cursor: null,
    locationId: null,
    processed: 0,
    since: new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString(),
    days,
    startedAt: now.toISOString(),
    finishedAt: null,
    error: null,
  });
}

/**
 * Writes the progress into the channel's settings, keeping every other setting. The row is locked first (a
 * no-op update) so a merchant saving other settings at the same moment cannot lose theirs, nor we ours.
 */
/**
 * Records that a run stopped, with the error, where it stopped (so a retry resumes there). Best effort: the error that
 * stopped the run matters more than a failure to record it. Returns the failed progress for the caller's log.
 */
export async function saveBackfillFailure(
  db: Db,
  channelId: string,
  progress: BackfillProgress,
  error: unknown,
): Promise<BackfillProgress> {
  const failed = {
    ...progress,
    status: "failed" as const,
    error: String(error instanceof Error ? error.message : error),
  };
  await saveBackfillProgress(db, channelId, failed).catch(() => undefined);
  return failed;
}

export async function saveBackfillProgress(db: Db, channelId: string, progress: BackfillProgress): Promise<void> {
  const valid = BackfillProgressSchema.parse(progress);
  await db.$transaction(async (tx) => {
    // Writing updatedAt takes the row lock; the settings read after it are the latest committed ones.
    const channel = await tx.channel.update({
      where: { id: channelId },
      data: { updatedAt: new Date() },
      select: { settings: true },
    });
    const settings = { ...settingsObject(channel.settings), backfill: valid };
    await tx.channel.update({ where: { id: channelId }, data: { settings: settings as never } });
  });
}
