import type { Db } from "../../db.server";
import { LEDGER_TX, withLedgerRetry } from "../ledger/retry.server";
import {
  readLocationQuantities,
  recordPushed,
  sellableLocations,
  type PushedLocations,
} from "./location-quantities.server";
import type { PushItemResult } from "./pushers";

export const PUSH_MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 10 * 60_000;
/** Listings (id and changeSeq, two bound values each) per guarded update: well inside either database's limit. */
const GUARDS_PER_UPDATE = 400;

export type PushedListing = { id: string; changeSeq: number; pushAttempts: number; locationQuantities: unknown };
type Guard = { id: string; changeSeq: number };
type Counts = { pushed: number; failed: number; dead: number };

/**
 * Writes what a push call did, listing by listing but in a few statements: listings that share an outcome (the same
 * figure pushed, the same failure) are updated together, so a batch of 250 costs a handful of writes, not 500.
 * Failures wait with exponential backoff; after the last attempt a listing is parked as dead.
 */
export async function recordPushResults(
  db: Db,
  channelId: string,
  listings: PushedListing[],
  results: PushItemResult[],
  options: { now: Date; backoffBase: number },
): Promise<Counts> {
  const { now } = options;
  const byId = new Map(listings.map((listing) => [listing.id, listing]));
  const known = results.filter((result) => byId.has(result.listingId));
  await recordPerLocation(db, channelId, known, now);

  const counts = { pushed: 0, failed: 0, dead: 0 };
  // What the channel shows now is a fact whatever happened meanwhile; "done" is only true if nothing did, so the
  // state changes are guarded by the changeSeq we read and a newer stock change keeps its listing pending.
  const shown = new Map<string, { data: object; ids: string[] }>();
  const done: Guard[] = [];
  const failures = new Map<string, { data: object; guards: Guard[] }>();
  // One draw per push, not per listing: jitter spreads channels apart, while listings that failed together must come
  // due together, or one failed call of 100 comes back as many small ones.
  const jitter = 0.75 + Math.random() / 2;
  for (const result of known) {
    const listing = byId.get(result.listingId)!;
    const guard = { id: listing.id, changeSeq: listing.changeSeq };
    if (result.ok) {
      counts.pushed += 1;
      done.push(guard);
      if (result.locations?.length) continue;
      // One channel-wide figure: per-location figures from before no longer describe the channel.
      const stale = Object.keys(readLocationQuantities(listing.locationQuantities)).length > 0;
      const key = `${result.pushedQuantity}:${stale}`;
      const group = shown.get(key) ?? {
        data: { lastPushedQty: result.pushedQuantity, lastPushedAt: now, ...(stale ? { locationQuantities: {} } : {}) },
        ids: [],
      };
      group.ids.push(listing.id);
      shown.set(key, group);
      continue;
    }
    const attempts = listing.pushAttempts + 1;
    const dead = !result.retryable || attempts >= PUSH_MAX_ATTEMPTS;
    const backoff = Math.min(options.backoffBase * 2 ** (attempts - 1), MAX_BACKOFF_MS) * jitter;
    if (dead) counts.dead += 1;
    else counts.failed += 1;
    const lastError = result.error.slice(0, 500);
    const key = JSON.stringify([attempts, dead, lastError]);
    const group = failures.get(key) ?? {
      data: {
        syncState: dead ? "dead" : "failed",
        pushAttempts: attempts,
        lastError,
        nextPushAt: dead ? null : new Date(now.getTime() + backoff),
      },
      guards: [],
    };
    group.guards.push(guard);
    failures.set(key, group);
  }

  for (const { data, ids } of shown.values()) {
    for (const chunk of chunks(ids)) await db.channelListing.updateMany({ where: { id: { in: chunk } }, data });
  }
  for (const chunk of chunks(done)) {
    await db.channelListing.updateMany({
      where: { syncState: { in: ["queued", "failed"] }, OR: chunk },
      data: { syncState: "ok", pushAttempts: 0, nextPushAt: null, lastError: null },
    });
  }
  for (const { data, guards } of failures.values()) {
    for (const chunk of chunks(guards)) await db.channelListing.updateMany({ where: { OR: chunk }, data });
  }
  return counts;
}

/** Set per location (Shopify): what each location shows now, and the channel-wide sums, in one transaction. */
async function recordPerLocation(db: Db, channelId: string, results: PushItemResult[], now: Date) {
  const perLocation: PushedLocations[] = results.flatMap((result) =>
    result.locations?.length
      ? [
          {
            listingId: result.listingId,
            locations: result.locations,
            total: result.ok ? { quantity: result.pushedQuantity, at: now } : undefined,
          },
        ]
      : [],
  );
  if (perLocation.length === 0) return;
  const locations = (await sellableLocations(db, channelId)).map((location) => location.externalLocationId);
  await withLedgerRetry(() => db.$transaction((tx) => recordPushed(tx, locations, perLocation), LEDGER_TX));
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += GUARDS_PER_UPDATE)
    out.push(rows.slice(start, start + GUARDS_PER_UPDATE));
  return out;
}
