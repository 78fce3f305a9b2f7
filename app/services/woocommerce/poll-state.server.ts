import { z } from "zod";
import type { Db } from "../../db.server";

// Where the polling safety net has got to on a channel, kept in Channel.settings.poll: the high-water mark of each
// resource (the newest date_modified_gmt it has read, capped at the moment the poll started, in WooCommerce's GMT
// form), when it last ran and why it last failed. The marks only move after a poll read everything up to them.

/** WooCommerce's GMT time: whole seconds, no zone ("2026-11-26T08:00:00"). */
const WooGmtSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);

export const PollStateSchema = z.object({
  ordersAfter: WooGmtSchema.nullable(),
  productsAfter: WooGmtSchema.nullable(),
  lastRunAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
});

export type PollState = z.infer<typeof PollStateSchema>;

const SettingsObjectSchema = z.record(z.string(), z.unknown());

function settingsObject(value: unknown): Record<string, unknown> {
  const parsed = SettingsObjectSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** The stored state; undefined when the channel was never polled (or backfilled) or it does not read as state. */
export function readPollState(settings: unknown): PollState | undefined {
  const parsed = PollStateSchema.safeParse(settingsObject(settings).poll);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Writes the state into the channel's settings, keeping every other setting. The row is locked first (a no-op
 * update) so a merchant saving other settings, or a backfill saving its progress, at the same moment loses nothing.
 */
export async function savePollState(db: Db, channelId: string, state: PollState): Promise<void> {
  const valid = PollStateSchema.parse(state);
  await db.$transaction(async (tx) => {
    const channel = await tx.channel.update({
      where: { id: channelId },
      data: { updatedAt: new Date() },
      select: { settings: true },
    });
    const settings = { ...settingsObject(channel.settings), poll: valid };
    await tx.channel.update({ where: { id: channelId }, data: { settings: settings as never } });
  });
}

export function toWooGmt(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export function fromWooGmt(text: string): Date {
  return new Date(`${text.slice(0, 19)}Z`);
}

/** The later of two WooCommerce GMT times (they compare as text); either may be missing. */
export function laterGmt(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a > b ? a : b;
}
