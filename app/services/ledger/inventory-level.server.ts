import type { InventoryLevelChanged } from "../../../connectors/events";
import type { Db } from "../../db.server";
import { readChannelSettings } from "../channel-settings";
import { adjustToAvailable } from "./available-adjustment.server";
import type { ApplyContext, ApplyOutcome, ChannelRef } from "./apply-types";
import { locationForExternal } from "./orders/locations.server";
import { LEDGER_TX, withLedgerRetry } from "./retry.server";
import { recordDrift } from "./stock-drift.server";

// A channel says an item's available quantity changed at one of its locations. Either it is our own push coming
// back, or someone changed stock on the channel: a merchant in the admin, another app, or a sale. With the ledger as
// stock master the channel is set back to the ledger's figure; with the channel as master the change is imported.

/** A level equal to what we pushed this recently is taken as the echo of that push. */
export const ECHO_WINDOW_MS = 10 * 60 * 1000;

/**
 * How long a set-back waits. A sale on the channel lowers its level too, and the order's own webhook may arrive after
 * the level's: pushing at once would put back units that were just sold. Once the order lands, the ledger re-plans the
 * listing and finds the channel already right, and the set-back never happens.
 */
export const SET_BACK_GRACE_MS = 10_000;

export type InventoryLevelOptions = { graceMs?: number; now?: () => Date };

type Listing = {
  id: string;
  itemId: string;
  desiredQty: number | null;
  lastPushedQty: number | null;
  lastPushedAt: Date | null;
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
    select: { id: true, itemId: true, desiredQty: true, lastPushedQty: true, lastPushedAt: true },
  });
  // Our own push coming back as a webhook: Shopify announces the level we just set. Not a change on the channel.
  if (
    listing?.lastPushedAt &&
    listing.lastPushedQty === event.available &&
    Date.now() - listing.lastPushedAt.getTime() <= ECHO_WINDOW_MS
  ) {
    return { outcome: "ignored", detail: "echo of our own push" };
  }
  if (!listing) return { outcome: "ignored", detail: "item or location not mapped to the ledger" };
  const pushedHere = (await pushedLocation(db, channel.id)) === event.locationExternalId;
  if (readChannelSettings(channel.settings).stockMaster === "channel") {
    return importLevel(db, channel, listing, event, context, pushedHere);
  }
  if (!pushedHere) {
    // The sync engine sets one location per channel; a figure at another one cannot be compared with the ledger's.
    return { outcome: "ignored", detail: `location ${event.locationExternalId} is not where the ledger sets stock` };
  }
  return setBack(db, channel, listing, event, options);
}

/**
 * The channel location the sync engine sets stock at: the first sellable mapped one, by ledger location, the way the
 * Shopify pusher picks it. Only a level there is what the channel shows for the listing (lastSeenQty).
 */
async function pushedLocation(db: Db, channelId: string): Promise<string | null> {
  const mapped = await db.channelLocation.findFirst({
    where: { channelId, sellable: true, location: { active: true } },
    orderBy: { locationId: "asc" },
    select: { externalLocationId: true },
  });
  return mapped?.externalLocationId ?? null;
}

/** What the channel shows is a fact: recorded unless a newer level was already seen (deliveries arrive out of order). */
function noteSeen(db: Pick<Db, "channelListing">, listingId: string, event: InventoryLevelChanged) {
  return db.channelListing.updateMany({
    where: { id: listingId, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: event.updatedAt } }] },
    data: { lastSeenQty: event.available, lastSeenAt: event.updatedAt },
  });
}

/** Ledger as stock master: a drift row, and the listing due for a push of the ledger's figure after the grace window. */
async function setBack(
  db: Db,
  channel: ChannelRef,
  listing: Listing,
  event: InventoryLevelChanged,
  options: InventoryLevelOptions,
): Promise<ApplyOutcome> {
  if (listing.lastPushedAt && event.updatedAt < listing.lastPushedAt) {
    return { outcome: "ignored", detail: "older than our last push, which replaced it" };
  }
  const expected = listing.desiredQty ?? listing.lastPushedQty;
  const graceMs = options.graceMs ?? SET_BACK_GRACE_MS;
  const setBackAt = new Date((options.now?.() ?? new Date()).getTime() + graceMs);
  return withLedgerRetry(() =>
    db.$transaction(async (tx): Promise<ApplyOutcome> => {
      // lastSeenAt is the version of the last level read: a redelivered webhook finds it already there, so the drift
      // is recorded once however often the level arrives.
      const { count } = await noteSeen(tx, listing.id, event);
      if (count === 0) return { outcome: "ignored", detail: "this level, or a newer one, was already seen" };
      if (expected === null) return { outcome: "ignored", detail: "the ledger has not planned this listing yet" };
      if (event.available === expected)
        return { outcome: "ignored", detail: "the channel shows the ledger's quantity" };
      const shown = `${channel.name} showed ${event.available} where the ledger has ${expected}`;
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
      // Queued with a nextPushAt: the push and the sweep pick the listing up once it has passed.
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

/** Channel as stock master: the change becomes an adjustment, and the drift row says so. */
async function importLevel(
  db: Db,
  channel: ChannelRef,
  listing: Listing,
  event: InventoryLevelChanged,
  context: ApplyContext,
  pushedHere: boolean,
): Promise<ApplyOutcome> {
  const locationId = await locationForExternal(db, channel.id, event.locationExternalId);
  if (!locationId) return { outcome: "ignored", detail: "item or location not mapped to the ledger" };
  if (pushedHere) await noteSeen(db, listing.id, event);
  const expected = listing.desiredQty ?? listing.lastPushedQty;
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
