import type { Db } from "../../db.server";
import { backfillRunning, countedItemIds } from "../ledger/opening-stock.server";
import { claimPushLease, releasePushLease } from "./push-lease.server";
import { recordPushResults } from "./push-results.server";
import { pusherFor, type ChannelPusher, type PushChannel, type PushItemResult } from "./pushers";

export { PUSH_MAX_ATTEMPTS } from "./push-results.server";

/** Why a listing of an item the ledger never counted is parked rather than pushed (see countedItemIds). */
export const NEVER_COUNTED =
  "ChannelLedger has no stock count for this item yet, so the channel keeps its own quantity: " +
  "count the item or receive stock for it, and its quantity is set on the channel";
const PUSH_BACKOFF_MS = 1_000;

/**
 * replan: listings changed while this push was in flight and wait for a plan again (see rejudgeMoved).
 * busy: another push holds the channel (see claimPushLease); it looks for work left when it ends.
 */
export type PushSummary = {
  pushed: number;
  failed: number;
  dead: number;
  more: boolean;
  retryAt: Date | null;
  replan: boolean;
  busy: boolean;
};

type Outcome = Pick<PushSummary, "pushed" | "failed" | "dead" | "replan">;
type PushOptions = { now?: Date; backoffMs?: number };

/**
 * One push call for a channel: as many queued listings as the channel takes in one call, while holding the channel's
 * push lease. Failures wait with exponential backoff and jitter; after the last attempt a listing is parked as dead
 * (the dead-letter list) until someone retries it or its stock moves again. What is left to push is counted after the
 * lease is let go, so a push refused meanwhile for being second loses nothing.
 */
export async function pushChannel(db: Db, channelId: string, options: PushOptions = {}): Promise<PushSummary> {
  const now = options.now ?? new Date();
  const idle = { pushed: 0, failed: 0, dead: 0, replan: false };
  const channel = await db.channel.findUnique({
    where: { id: channelId },
    select: { id: true, shopId: true, kind: true, externalRef: true, credentials: true, status: true, settings: true },
  });
  const pusher = channel?.status === "connected" ? pusherFor(channel.kind) : undefined;
  if (!channel || !pusher) return { ...idle, more: false, retryAt: null, busy: false };
  // While the channel's backfill runs, the ledger is importing its figures: what it would push is half an import (a
  // shipment's count before its ship, say), and the backfill's closing count reads the store back as the truth, so a
  // figure pushed now would come back as stock that is not there. The listings stay queued; the backfill's job queues
  // the push when it ends (and the sweep would find them).
  if (backfillRunning(channel.settings)) return { ...idle, more: false, retryAt: null, busy: false };

  const lease = await claimPushLease(db, channelId);
  if (!lease) return { ...idle, more: false, retryAt: null, busy: true };
  let outcome: Outcome;
  try {
    outcome = await pushOneBatch(db, channel, pusher, { ...options, now });
  } finally {
    await releasePushLease(db, lease);
  }
  const more = (await db.channelListing.count({ where: { channelId, ...dueListings(now) } })) > 0;
  return { ...outcome, more, retryAt: await nextRetry(db, channelId), busy: false };
}

async function pushOneBatch(
  db: Db,
  channel: PushChannel,
  pusher: ChannelPusher,
  options: PushOptions & { now: Date },
): Promise<Outcome> {
  const { now } = options;
  const channelId = channel.id;
  const backoffBase = options.backoffMs ?? PUSH_BACKOFF_MS;
  const due = { channelId, ...dueListings(now) };
  const listings = await db.channelListing.findMany({
    where: due,
    orderBy: { updatedAt: "asc" },
    take: pusher.batchLimit,
    select: {
      id: true,
      itemId: true,
      externalProductId: true,
      externalVariantId: true,
      externalInventoryItemId: true,
      desiredQty: true,
      lastPushedQty: true,
      pushAttempts: true,
      changeSeq: true,
      locationQuantities: true,
    },
  });
  if (listings.length === 0) return { pushed: 0, failed: 0, dead: 0, replan: false };

  const counted = await countedItemIds(
    db,
    channel.shopId,
    listings.map((listing) => listing.itemId),
  );
  const uncounted: PushItemResult[] = listings
    .filter((listing) => !counted.has(listing.itemId))
    .map((listing) => ({ listingId: listing.id, ok: false, retryable: false, error: NEVER_COUNTED }));
  const pushable = listings.filter((listing) => counted.has(listing.itemId));
  let results: PushItemResult[];
  try {
    results =
      pushable.length === 0
        ? []
        : await pusher.push(
            db,
            channel,
            pushable.map((listing) => ({
              listingId: listing.id,
              itemId: listing.itemId,
              externalProductId: listing.externalProductId,
              externalVariantId: listing.externalVariantId,
              externalInventoryItemId: listing.externalInventoryItemId,
              quantity: listing.desiredQty ?? 0,
              previousQuantity: listing.lastPushedQty,
            })),
          );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    results = pushable.map((listing) => ({ listingId: listing.id, ok: false, retryable: true, error: message }));
  }
  results.push(...uncounted);

  const summary = await recordPushResults(db, channelId, listings, results, { now, backoffBase });
  const failedIds = new Set(results.filter((result) => !result.ok).map((result) => result.listingId));
  const replan = await rejudgeMoved(db, listings, failedIds);
  if (summary.pushed > 0) await db.channel.update({ where: { id: channelId }, data: { lastSyncAt: now } });
  return { ...summary, replan };
}

/**
 * Listings whose stock moved while their push was in flight. A plan that ran meanwhile judged them against what the
 * channel showed before the push landed, and may have found nothing to push (the stock went back to what we had
 * pushed before); then the push changed what the channel shows, or, failed, may have. So they are judged again:
 * pending, with a new changeSeq so that a plan still holding the old view cannot mark them, and a failed one with an
 * attempt counted so the plan pushes it. True when a plan is needed.
 */
async function rejudgeMoved(db: Db, read: { id: string; changeSeq: number }[], failed: Set<string>): Promise<boolean> {
  const readSeq = new Map(read.map((listing) => [listing.id, listing.changeSeq]));
  const current = await db.channelListing.findMany({
    where: { id: { in: [...readSeq.keys()] } },
    select: { id: true, changeSeq: true },
  });
  const moved = current.filter((listing) => listing.changeSeq !== readSeq.get(listing.id)).map(({ id }) => id);
  let count = 0;
  for (const [ids, attempt] of [
    [moved.filter((id) => !failed.has(id)), 0],
    [moved.filter((id) => failed.has(id)), 1],
  ] as const) {
    if (ids.length === 0) continue;
    const rejudged = await db.channelListing.updateMany({
      where: { id: { in: ids }, syncState: { in: ["pending", "ok"] } },
      data: { syncState: "pending", changeSeq: { increment: 1 }, pushAttempts: { increment: attempt } },
    });
    count += rejudged.count;
  }
  return count > 0;
}

/**
 * Listings a push should carry now: queued ones (a set-back waits in "queued" with a nextPushAt, so a sale's order
 * can land first) and failed ones whose retry time has come.
 */
export function dueListings(now: Date) {
  return {
    OR: [
      { syncState: "queued", OR: [{ nextPushAt: null }, { nextPushAt: { lte: now } }] },
      { syncState: "failed", nextPushAt: { lte: now } },
    ],
  };
}

async function nextRetry(db: Db, channelId: string): Promise<Date | null> {
  const next = await db.channelListing.findFirst({
    where: { channelId, syncState: { in: ["failed", "queued"] }, nextPushAt: { not: null } },
    orderBy: { nextPushAt: "asc" },
    select: { nextPushAt: true },
  });
  return next?.nextPushAt ?? null;
}

/** The dead-letter list's retry action: parked listings are queued again. */
export async function retryDeadPushes(db: Db, shopId: string, channelId?: string): Promise<number> {
  const { count } = await db.channelListing.updateMany({
    where: { shopId, syncState: "dead", ...(channelId ? { channelId } : {}) },
    data: { syncState: "queued", pushAttempts: 0, lastError: null, nextPushAt: null },
  });
  return count;
}
