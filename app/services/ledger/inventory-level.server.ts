import type { InventoryLevelChanged } from "../../../connectors/events";
import type { Db, Tx } from "../../db.server";
import { readChannelSettings } from "../channel-settings";
import {
  isEchoAt,
  LISTING_VIEW_SELECT,
  ledgerAvailable,
  locationEntries,
  recordSeen,
  seenKey,
  sellableLocations,
  sharesOf,
  type ListingView,
  type LocationQuantity,
  type SellableLocation,
} from "../sync/location-quantities.server";
import { adjustToAvailable } from "./available-adjustment.server";
import { NotYetKnownError, type ApplyContext, type ApplyOutcome, type ChannelRef } from "./apply-types";
import { backfillRunning, importOpeningStock, isCounted, openingKey } from "./opening-stock.server";
import { locationForExternal } from "./orders/locations.server";
import { LEDGER_TX, withLedgerRetry } from "./retry.server";
import { recordDrift } from "./stock-drift.server";

// A channel says an item's available quantity changed at one of its locations. Either it is our own push coming
// back, or someone changed stock on the channel: a merchant in the admin, another app, or a sale. With the ledger as
// stock master the channel is set back to the ledger's figure; with the channel as master the change is imported.
// The sync engine sets every sellable mapped location (its share of the listing's quantity), so each of them is
// compared with what was pushed there and what the ledger wants there; levels at other locations are not the ledger's.

/** A level equal to what we pushed at that location this recently is taken as the echo of that push. */
export const ECHO_WINDOW_MS = 10 * 60 * 1000;

/**
 * How long a set-back waits. A sale on the channel lowers its level too, and the order's own webhook may arrive after
 * the level's: pushing at once would put back units that were just sold. Once the order lands, the ledger re-plans the
 * listing and finds the channel already right, and the set-back never happens.
 */
export const SET_BACK_GRACE_MS = 10_000;

export type InventoryLevelOptions = { graceMs?: number; now?: () => Date };

/**
 * How long a level of an item the ledger does not list may wait for the product webhook that lists it. Past it the
 * item is taken to be one the ledger never lists (no SKU) and the level is ignored; the inbox's retries (ten, about
 * 17 minutes) reach past it, so such a level is never quarantined.
 */
export const LISTING_WAIT_MS = 5 * 60_000;

/**
 * Whether a level that reached us (context.receivedAt) less than `windowMs` ago may still wait for what the channel
 * raised with it: deliveries arrive in any order, so the product webhook that lists a new item, or the order whose
 * sale lowered the figure, can come after the level. Waiting is the inbox retrying the event (a NotYetKnownError); a
 * level applied directly (no receivedAt) never waits.
 */
function mayWait(context: ApplyContext, options: InventoryLevelOptions, windowMs: number): boolean {
  if (!context.receivedAt) return false;
  const now = options.now?.() ?? new Date();
  return now.getTime() - context.receivedAt.getTime() < windowMs;
}

type Listing = ListingView & { itemId: string; desiredQty: number | null };

/** Where the level is, among the locations the sync engine sets. */
type At = {
  locations: SellableLocation[];
  /** The level's location is one of them. */
  sellable: boolean;
  /** What we pushed and saw there. */
  entry: LocationQuantity | undefined;
};

export async function applyInventoryLevel(
  db: Db,
  channel: ChannelRef & { settings?: unknown },
  event: InventoryLevelChanged,
  context: ApplyContext,
  options: InventoryLevelOptions = {},
): Promise<ApplyOutcome> {
  const listing = await db.channelListing.findFirst({
    where: { channelId: channel.id, externalInventoryItemId: event.externalInventoryItemId },
    select: { ...LISTING_VIEW_SELECT, itemId: true, desiredQty: true },
  });
  if (!listing) {
    // A product added on the channel: its level can arrive before the product webhook that lists it, and would be
    // lost (the item's first figure, its opening stock). It waits for the listing; an item the ledger never lists
    // (no SKU) is ignored once the window has passed.
    if (mayWait(context, options, LISTING_WAIT_MS)) {
      throw new NotYetKnownError(`Inventory item ${event.externalInventoryItemId} is not listed yet`);
    }
    return { outcome: "ignored", detail: "item or location not mapped to the ledger" };
  }
  const opening = await openingStock(db, channel, listing, event, context, options);
  if (opening) return opening;
  const locations = await sellableLocations(db, channel.id);
  const externalIds = locations.map((location) => location.externalLocationId);
  const sellable = externalIds.includes(event.locationExternalId);
  const at: At = {
    locations,
    sellable,
    entry: sellable ? locationEntries(listing, externalIds)[event.locationExternalId] : undefined,
  };
  // Our own push coming back as a webhook: Shopify announces the level we just set there. Not a change on the channel.
  if (isEchoAt(at.entry, event.available, ECHO_WINDOW_MS)) {
    return { outcome: "ignored", detail: "echo of our own push" };
  }
  if (readChannelSettings(channel.settings).stockMaster === "channel") {
    return importLevel(db, channel, listing, event, context, at);
  }
  if (!sellable) {
    // A location the sync engine does not set (not mapped, or not sellable): its figure is not the ledger's to judge.
    return { outcome: "ignored", detail: `location ${event.locationExternalId} is not where the ledger sets stock` };
  }
  return setBack(db, channel, listing, event, at, options);
}

/**
 * An item the ledger never counted where this level is takes the channel's figure as its opening stock, whoever is
 * stock master. While the channel's backfill runs the figure waits: the open orders it imports next hold units the
 * channel has already taken off its figure, and the backfill's last phase takes the opening stock once they are in.
 * Otherwise it waits out the grace window for the same reason: the figure already counts the channel's orders placed
 * by its time (importOpeningStock adds their units back), and a sale's order may land just after its level; one that
 * landed after the opening would reserve its units from the figure a second time.
 */
async function openingStock(
  db: Db,
  channel: ChannelRef & { settings?: unknown },
  listing: Listing,
  event: InventoryLevelChanged,
  context: ApplyContext,
  options: InventoryLevelOptions,
): Promise<ApplyOutcome | null> {
  if (backfillRunning(channel.settings)) {
    const locationId = await locationForExternal(db, channel.id, event.locationExternalId);
    if (!locationId || (await isCounted(db, channel.shopId, { itemId: listing.itemId, locationId }))) return null;
    return { outcome: "ignored", detail: "never counted: the backfill takes the opening stock once its orders are in" };
  }
  const figure = {
    itemId: listing.itemId,
    externalInventoryItemId: event.externalInventoryItemId,
    locationExternalId: event.locationExternalId,
  };
  if (mayWait(context, options, options.graceMs ?? SET_BACK_GRACE_MS) && (await openingKey(db, channel, figure))) {
    throw new NotYetKnownError(
      `The opening stock of inventory item ${event.externalInventoryItemId} waits for its orders`,
    );
  }
  return importOpeningStock(db, channel, { ...figure, available: event.available, at: event.updatedAt }, context);
}

/**
 * What the ledger wants the location to show: its share of the listing's planned quantity, split by the ledger's
 * available at each sellable location the way the pusher splits it; before any plan, what we pushed there.
 */
async function expectedAt(db: Db, shopId: string, listing: Listing, event: InventoryLevelChanged, at: At) {
  const index = at.locations.findIndex((location) => location.externalLocationId === event.locationExternalId);
  if (listing.desiredQty === null || index < 0) return at.entry?.pushed ?? null;
  const available = await ledgerAvailable(
    db,
    shopId,
    [listing.itemId],
    at.locations.map((location) => location.locationId),
  );
  return sharesOf(listing.desiredQty, at.locations, available.get(listing.itemId))[index] ?? null;
}

/**
 * What the channel shows at the location is a fact: recorded unless a newer level was already seen there (deliveries
 * arrive out of order), with the listing's channel-wide lastSeenQty the sum over its sellable locations.
 */
async function noteSeen(tx: Tx, listingId: string, event: InventoryLevelChanged, at: At) {
  const level = { listingId, location: event.locationExternalId, quantity: event.available, at: event.updatedAt };
  const externalIds = at.locations.map((location) => location.externalLocationId);
  const recorded = await recordSeen(tx, externalIds, [level]);
  return recorded.has(seenKey(listingId, event.locationExternalId));
}

/** Ledger as stock master: a drift row, and the listing due for a push of the ledger's figure after the grace window. */
async function setBack(
  db: Db,
  channel: ChannelRef,
  listing: Listing,
  event: InventoryLevelChanged,
  at: At,
  options: InventoryLevelOptions,
): Promise<ApplyOutcome> {
  // Channels stamp levels to the second (WooCommerce, Shopify's updated_at): a level from the same second as our push
  // may be a sale made just after it, so only a level from an earlier second is taken as replaced by the push. A
  // same-second echo of the push itself was recognised above; an older level judged anew costs one set-back at most.
  if (at.entry?.pushedAt && event.updatedAt.getTime() < Math.floor(at.entry.pushedAt.getTime() / 1000) * 1000) {
    return { outcome: "ignored", detail: "older than our last push, which replaced it" };
  }
  const expected = await expectedAt(db, channel.shopId, listing, event, at);
  const graceMs = options.graceMs ?? SET_BACK_GRACE_MS;
  const setBackAt = new Date((options.now?.() ?? new Date()).getTime() + graceMs);
  const where = at.locations.length > 1 ? ` at location ${event.locationExternalId}` : "";
  return withLedgerRetry(() =>
    db.$transaction(async (tx): Promise<ApplyOutcome> => {
      // The location's seenAt is the version of the last level read there: a redelivered webhook finds it already
      // there, so the drift is recorded once however often the level arrives.
      if (!(await noteSeen(tx, listing.id, event, at))) {
        return { outcome: "ignored", detail: "this level, or a newer one, was already seen" };
      }
      if (expected === null) return { outcome: "ignored", detail: "the ledger has not planned this listing yet" };
      if (event.available === expected)
        return { outcome: "ignored", detail: "the channel shows the ledger's quantity" };
      const shown = `${channel.name} showed ${event.available}${where} where the ledger has ${expected}`;
      await recordDrift(tx, {
        shopId: channel.shopId,
        channelId: channel.id,
        listingId: listing.id,
        itemId: listing.itemId,
        expectedQty: expected,
        channelQty: event.available,
        cause: "channel_edit",
        action: "set_back",
        detail: `${shown}; set back to ${expected}`,
      });
      // Queued with a nextPushAt: the push and the sweep pick the listing up once it has passed. The push sets every
      // location to its share again, compared against what each shows (this level, here).
      // A stock change meanwhile (the sale's order landing) re-plans the listing, which then either finds the channel
      // right already or pushes at once. Listings already queued, pending or parked are left to what they are doing.
      await tx.channelListing.updateMany({
        where: { id: listing.id, syncState: { in: ["ok", "failed"] } },
        data: { syncState: "queued", nextPushAt: setBackAt, pushAttempts: 0, lastError: null },
      });
      return { outcome: "applied", detail: `${shown}: set back in ${Math.round(graceMs / 1000)}s` };
    }, LEDGER_TX),
  );
}

/** Channel as stock master: the change becomes an adjustment at the mapped ledger location, and the drift row says so. */
async function importLevel(
  db: Db,
  channel: ChannelRef,
  listing: Listing,
  event: InventoryLevelChanged,
  context: ApplyContext,
  at: At,
): Promise<ApplyOutcome> {
  const locationId = await locationForExternal(db, channel.id, event.locationExternalId);
  if (!locationId) return { outcome: "ignored", detail: "item or location not mapped to the ledger" };
  if (at.sellable) await withLedgerRetry(() => db.$transaction((tx) => noteSeen(tx, listing.id, event, at), LEDGER_TX));
  const expected = await expectedAt(db, channel.shopId, listing, event, at);
  return adjustToAvailable(db, channel.shopId, {
    itemId: listing.itemId,
    locationId,
    available: event.available,
    reason: `Changed on ${channel.name}`,
    source: context.source,
    actor: context.actor ?? `channel:${channel.id}`,
    idempotencyKey: `level:${channel.id}:${event.externalInventoryItemId}:${event.locationExternalId}:${event.updatedAt.getTime()}`,
    onApplied: (tx, delta) =>
      recordDrift(tx, {
        shopId: channel.shopId,
        channelId: channel.id,
        listingId: listing.id,
        itemId: listing.itemId,
        expectedQty: expected,
        channelQty: event.available,
        cause: "channel_edit",
        action: "imported",
        detail: `${channel.name} showed ${event.available} at location ${event.locationExternalId}; imported as an adjustment of ${delta > 0 ? "+" : ""}${delta}`,
      }),
  });
}
