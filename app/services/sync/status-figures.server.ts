import type { Db } from "../../db.server";

// The figures the channels screen and /metrics share, read with one grouped query however many listings and
// channels there are.

export const LISTING_STATES = ["pending", "queued", "ok", "failed", "dead"] as const;
export type ListingState = (typeof LISTING_STATES)[number];

/** States of a listing whose quantity has yet to reach the channel (dead ones wait for a person, not a push). */
const TO_PUSH = new Set<string>(["pending", "queued", "failed"]);

export type ListingFigures = {
  counts: Record<ListingState, number>;
  /** The latest push that landed. Channel.lastSyncAt is not used: backfills set it too. */
  lastPushAt: Date | null;
  /**
   * Since when the oldest listing still to push has waited. updatedAt stands in for "queued at": every stock change,
   * plan and failed attempt touches it, so this reads low for an item that keeps changing, never high.
   */
  oldestToPushAt: Date | null;
};

export const emptyCounts = (): Record<ListingState, number> => ({ pending: 0, queued: 0, ok: 0, failed: 0, dead: 0 });

const isState = (state: string): state is ListingState => (LISTING_STATES as readonly string[]).includes(state);

const earlier = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));
const later = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));

/** Per channel id; a channel without listings is absent. `shopId` undefined: every shop (the operator's view). */
export async function readListingFigures(db: Db, shopId?: string): Promise<Map<string, ListingFigures>> {
  const groups = await db.channelListing.groupBy({
    by: ["channelId", "syncState"],
    where: shopId === undefined ? {} : { shopId },
    _count: { _all: true },
    _max: { lastPushedAt: true },
    _min: { updatedAt: true },
  });
  const figures = new Map<string, ListingFigures>();
  for (const group of groups) {
    const entry = figures.get(group.channelId) ?? { counts: emptyCounts(), lastPushAt: null, oldestToPushAt: null };
    if (isState(group.syncState)) entry.counts[group.syncState] += group._count._all;
    entry.lastPushAt = later(entry.lastPushAt, group._max.lastPushedAt);
    if (TO_PUSH.has(group.syncState)) entry.oldestToPushAt = earlier(entry.oldestToPushAt, group._min.updatedAt);
    figures.set(group.channelId, entry);
  }
  return figures;
}

export function lagMs(figures: ListingFigures | undefined, now: Date): number {
  return figures?.oldestToPushAt ? Math.max(0, now.getTime() - figures.oldestToPushAt.getTime()) : 0;
}
