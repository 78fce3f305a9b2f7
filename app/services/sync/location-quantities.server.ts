import { z } from "zod";
import type { Db, Tx } from "../../db.server";
import { providerOf } from "../ledger/bulk-insert.server";
import { channelShows } from "./channel-shows";
import { splitByLocation } from "./split-by-location";

// What the ledger knows of a listing's quantity at each of its channel's locations (ChannelListing.locationQuantities,
// keyed by the channel's location id): what we pushed there and what we saw there, with when. A channel that sells
// from the sum of its locations (Shopify) is set per location, each against its own compare-and-set base, and each
// location's webhook is compared with what we pushed there. The listing's lastPushedQty and lastSeenQty stay the
// channel-wide figures: the sums over the channel's sellable locations.
//
// A listing without per-location figures (pushed before they existed, or by a pusher that sets one channel-wide
// figure) has its totals at the channel's first sellable location, where the pusher used to put everything.

const LocationQuantitySchema = z.object({
  pushed: z.number().int().optional(),
  pushedAt: z.iso.datetime().optional(),
  seen: z.number().int().optional(),
  seenAt: z.iso.datetime().optional(),
});

/** The stored shape: { [externalLocationId]: { pushed?, pushedAt?, seen?, seenAt? } }, times as ISO strings. */
export const LocationQuantitiesSchema = z.record(z.string(), LocationQuantitySchema);

export type LocationQuantity = { pushed?: number; pushedAt?: Date; seen?: number; seenAt?: Date };
export type LocationQuantities = Record<string, LocationQuantity>;

/** The listing fields the per-location views are read from. */
export const LISTING_VIEW_SELECT = {
  id: true,
  lastPushedQty: true,
  lastPushedAt: true,
  lastSeenQty: true,
  lastSeenAt: true,
  locationQuantities: true,
} as const;

export type ListingView = {
  id: string;
  lastPushedQty: number | null;
  lastPushedAt: Date | null;
  lastSeenQty: number | null;
  lastSeenAt: Date | null;
  locationQuantities: unknown;
};

export type SellableLocation = { locationId: string; externalLocationId: string };

/** The channel's sellable mapped locations whose ledger location is active, by ledger location id (the plan's order). */
export function sellableLocations(db: Db | Tx, channelId: string): Promise<SellableLocation[]> {
  return db.channelLocation.findMany({
    where: { channelId, sellable: true, location: { active: true } },
    orderBy: { locationId: "asc" },
    select: { locationId: true, externalLocationId: true },
  });
}

/** The stored per-location figures; an unreadable value counts as none (the totals then stand for the listing). */
export function readLocationQuantities(value: unknown): LocationQuantities {
  const parsed = LocationQuantitiesSchema.safeParse(value ?? {});
  if (!parsed.success) return {};
  const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));
  return Object.fromEntries(
    Object.entries(parsed.data).map(([location, entry]) => [
      location,
      compact({ pushed: entry.pushed, pushedAt: date(entry.pushedAt), seen: entry.seen, seenAt: date(entry.seenAt) }),
    ]),
  );
}

function toStored(entries: LocationQuantities): z.infer<typeof LocationQuantitiesSchema> {
  return Object.fromEntries(
    Object.entries(entries).map(([location, entry]) => [
      location,
      compact({
        pushed: entry.pushed,
        pushedAt: entry.pushedAt?.toISOString(),
        seen: entry.seen,
        seenAt: entry.seenAt?.toISOString(),
      }),
    ]),
  );
}

function compact<T extends Record<string, unknown>>(entry: T): T {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined && value !== null)) as T;
}

/**
 * The listing's per-location figures. Without any, the channel-wide totals are the first sellable location's (the
 * listing was last pushed to one location only, or by a pusher that knows no locations).
 */
export function locationEntries(listing: ListingView, locations: readonly string[]): LocationQuantities {
  const stored = readLocationQuantities(listing.locationQuantities);
  if (Object.keys(stored).length > 0 || locations.length === 0) return stored;
  const legacy = compact({
    pushed: listing.lastPushedQty ?? undefined,
    pushedAt: listing.lastPushedAt ?? undefined,
    seen: listing.lastSeenQty ?? undefined,
    seenAt: listing.lastSeenAt ?? undefined,
  });
  return Object.keys(legacy).length > 0 ? { [locations[0]!]: legacy } : {};
}

/** What the channel shows at one location: what we saw there since our last push there, else what we pushed there. */
export function locationShows(entry: LocationQuantity | undefined): number | null {
  if (!entry) return null;
  return channelShows({
    lastPushedQty: entry.pushed ?? null,
    lastPushedAt: entry.pushedAt ?? null,
    lastSeenQty: entry.seen ?? null,
    lastSeenAt: entry.seenAt ?? null,
  });
}

/** The sum over the sellable locations of what each shows; locations we know nothing of yet count as nothing. */
export function totalShows(entries: LocationQuantities, locations: readonly string[]): number | null {
  const known = locations.map((location) => locationShows(entries[location])).filter((units) => units !== null);
  return known.length === 0 ? null : known.reduce((total, units) => total + units, 0);
}

/** An echo: the level equals what we pushed at that location, and we pushed it within the window. */
export function isEchoAt(entry: LocationQuantity | undefined, available: number, windowMs: number, now = Date.now()) {
  return entry?.pushedAt !== undefined && entry.pushed === available && now - entry.pushedAt.getTime() <= windowMs;
}

/** The ledger's available (on hand - committed) of items at locations: itemId → locationId → available. */
export async function ledgerAvailable(
  db: Db | Tx,
  shopId: string,
  itemIds: string[],
  locationIds: string[],
): Promise<Map<string, Map<string, number>>> {
  const byItem = new Map<string, Map<string, number>>();
  for (let start = 0; start < itemIds.length; start += 300) {
    const levels = await db.stockLevel.findMany({
      where: { shopId, itemId: { in: itemIds.slice(start, start + 300) }, locationId: { in: locationIds } },
      select: { itemId: true, locationId: true, onHand: true, committed: true },
    });
    for (const level of levels) {
      const item = byItem.get(level.itemId) ?? new Map<string, number>();
      item.set(level.locationId, level.onHand - level.committed);
      byItem.set(level.itemId, item);
    }
  }
  return byItem;
}

/** Each location's share of a quantity, by the ledger's available there (see splitByLocation). */
export function sharesOf(
  quantity: number,
  locations: readonly SellableLocation[],
  available: Map<string, number> | undefined,
): number[] {
  return splitByLocation(
    quantity,
    locations.map((location) => available?.get(location.locationId) ?? 0),
  );
}

/**
 * Locks listing rows for a read-modify-write of their per-location figures, in id order (two transactions cannot
 * deadlock): a no-op UPDATE on SQLite (the database write lock, taken first), SELECT ... FOR UPDATE on PostgreSQL.
 */
export async function lockListings(tx: Tx, ids: string[]) {
  const sorted = [...new Set(ids)].sort();
  const provider = providerOf(tx);
  for (let start = 0; start < sorted.length; start += 500) {
    const chunk = sorted.slice(start, start + 500);
    if (provider === "sqlite") {
      const marks = chunk.map(() => "?").join(", ");
      await tx.$executeRawUnsafe(`UPDATE "ChannelListing" SET "id" = "id" WHERE "id" IN (${marks})`, ...chunk);
    } else {
      const marks = chunk.map((_, index) => `$${index + 1}`).join(", ");
      await tx.$queryRawUnsafe(
        `SELECT "id" FROM "ChannelListing" WHERE "id" IN (${marks}) ORDER BY "id" FOR UPDATE`,
        ...chunk,
      );
    }
  }
}

export type SeenLevel = { listingId: string; location: string; quantity: number; at: Date };

/**
 * Records levels seen on the channel, each unless a newer level was already seen at that location (deliveries
 * arrive out of order), and the listings' channel-wide view: lastSeenQty the sum over the sellable locations,
 * lastSeenAt the latest level. Run inside a transaction. Returns the recorded levels' listing@location keys.
 */
export async function recordSeen(tx: Tx, locations: readonly string[], levels: SeenLevel[]): Promise<Set<string>> {
  const recorded = new Set<string>();
  if (levels.length === 0) return recorded;
  const ids = [...new Set(levels.map((level) => level.listingId))];
  await lockListings(tx, ids);
  const listings = await tx.channelListing.findMany({ where: { id: { in: ids } }, select: LISTING_VIEW_SELECT });
  for (const listing of listings) {
    const entries = locationEntries(listing, locations);
    let latest = listing.lastSeenAt;
    let changed = false;
    for (const level of levels.filter((candidate) => candidate.listingId === listing.id)) {
      const entry = entries[level.location] ?? {};
      if (entry.seenAt && entry.seenAt >= level.at) continue;
      entries[level.location] = { ...entry, seen: level.quantity, seenAt: level.at };
      if (!latest || latest < level.at) latest = level.at;
      recorded.add(seenKey(level.listingId, level.location));
      changed = true;
    }
    if (!changed) continue;
    await tx.channelListing.update({
      where: { id: listing.id },
      data: {
        locationQuantities: toStored(entries),
        lastSeenQty: totalShows(entries, locations) ?? listing.lastSeenQty,
        lastSeenAt: latest,
      },
    });
  }
  return recorded;
}

export const seenKey = (listingId: string, location: string) => `${listingId}@${location}`;

export type PushedLocations = {
  listingId: string;
  locations: { location: string; quantity: number; at: Date }[];
  /** The push set every location: the listing's lastPushedQty and lastPushedAt become these. */
  total?: { quantity: number; at: Date };
};

/**
 * Records what a push set at each location. A whole push also sets the channel-wide lastPushedQty; a partial one
 * (some locations set, the rest refused) counts as a look at the channel, since the channel now shows a mix.
 * lastSeenQty is the sum over the sellable locations of what each shows. Run inside a transaction.
 */
export async function recordPushed(tx: Tx, locations: readonly string[], pushes: PushedLocations[]): Promise<void> {
  if (pushes.length === 0) return;
  const ids = pushes.map((push) => push.listingId);
  await lockListings(tx, ids);
  const listings = new Map(
    (await tx.channelListing.findMany({ where: { id: { in: ids } }, select: LISTING_VIEW_SELECT })).map((listing) => [
      listing.id,
      listing,
    ]),
  );
  for (const push of pushes) {
    const listing = listings.get(push.listingId);
    if (!listing) continue;
    const entries = locationEntries(listing, locations);
    for (const set of push.locations) {
      entries[set.location] = { ...entries[set.location], pushed: set.quantity, pushedAt: set.at };
    }
    const shows = totalShows(entries, locations);
    let lastSeenAt = listing.lastSeenAt;
    if (!push.total) {
      for (const set of push.locations) if (!lastSeenAt || lastSeenAt < set.at) lastSeenAt = set.at;
    }
    await tx.channelListing.update({
      where: { id: listing.id },
      data: {
        locationQuantities: toStored(entries),
        ...(push.total ? { lastPushedQty: push.total.quantity, lastPushedAt: push.total.at } : { lastSeenAt }),
        // Once anything was seen, the seen total follows what each location shows (a push replaces what it set).
        ...(lastSeenAt && shows !== null ? { lastSeenQty: shows } : {}),
      },
    });
  }
}
