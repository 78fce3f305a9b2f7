import {
  locationEntries,
  locationShows,
  sharesOf,
  type ListingView,
  type LocationQuantities,
  type SellableLocation,
} from "./location-quantities.server";

// How reconciliation judges one listing against what its channel showed: the same figures the pusher sets (the
// listing's planned quantity split over the sellable locations that stock the item, by the ledger's available at
// each) compared with what the channel returned at each.

/** What the channel showed at one location, and when we asked. */
export type Figure = { available: number; readAt: Date };

export type JudgedListing = ListingView & {
  itemId: string;
  externalInventoryItemId: string | null;
  desiredQty: number | null;
  syncState: string;
  updatedAt: Date;
};

export const JUDGED_LISTING_SELECT = {
  id: true,
  itemId: true,
  externalInventoryItemId: true,
  desiredQty: true,
  syncState: true,
  updatedAt: true,
  lastPushedQty: true,
  lastPushedAt: true,
  lastSeenQty: true,
  lastSeenAt: true,
  locationQuantities: true,
} as const;

/** One location of a listing: what the channel shows, what the ledger wants there, what the ledger believed it shows. */
export type LocationCheck = {
  location: string;
  channel: number;
  expected: number;
  believed: number | null;
  readAt: Date;
};

export type Verdict =
  | { kind: "missing" }
  | { kind: "skipped"; reason: string }
  | {
      kind: "matched" | "drifted";
      checks: LocationCheck[];
      /** The locations whose figure is not the ledger's. */
      drifting: LocationCheck[];
      /** The channel shows something the ledger did not know of: worth recording as seen. */
      news: LocationCheck[];
      entries: LocationQuantities;
    };

export function judgeListing(
  listing: JudgedListing,
  figures: Map<string, Figure> | undefined,
  locations: readonly SellableLocation[],
  available: Map<string, number> | undefined,
  startedAt: Date,
): Verdict {
  const stocked = locations.filter((location) => figures?.has(location.externalLocationId));
  if (!figures || stocked.length === 0) return { kind: "missing" };
  // A listing the sync engine is handling has a newer story than this read: queued, failed or pending listings are
  // about to be pushed or planned, dead ones are parked for the merchant. One written since we asked the channel (a
  // push that landed, a webhook recorded) or pushed since the reconciliation started may have been read before that
  // write reached the channel: its figure proves nothing.
  if (listing.syncState !== "ok") return { kind: "skipped", reason: `listing is ${listing.syncState}` };
  if (listing.desiredQty === null) return { kind: "skipped", reason: "listing never planned" };
  if (listing.lastPushedAt && listing.lastPushedAt >= startedAt) return { kind: "skipped", reason: "pushed meanwhile" };
  const firstRead = Math.min(...stocked.map((location) => figures.get(location.externalLocationId)!.readAt.getTime()));
  if (listing.updatedAt.getTime() >= firstRead)
    return { kind: "skipped", reason: "written since the channel was read" };

  const externalIds = locations.map((location) => location.externalLocationId);
  const entries = locationEntries(listing, externalIds);
  // A location that does not stock the item gets no share (as the pusher splits it): the others show it all.
  const shares = sharesOf(listing.desiredQty, stocked, available);
  const checks = stocked.map((location, index): LocationCheck => {
    const figure = figures.get(location.externalLocationId)!;
    return {
      location: location.externalLocationId,
      channel: figure.available,
      expected: shares[index] ?? 0,
      believed: locationShows(entries[location.externalLocationId]),
      readAt: figure.readAt,
    };
  });
  const drifting = checks.filter((check) => check.channel !== check.expected);
  const news = checks.filter((check) => check.channel !== check.believed);
  return { kind: drifting.length > 0 ? "drifted" : "matched", checks, drifting, news, entries };
}
