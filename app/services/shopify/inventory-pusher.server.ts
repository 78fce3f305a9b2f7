import type { ShopifyAdmin } from "../../../connectors/shopify/admin";
import {
  CHANGE_FROM_QUANTITY_STALE,
  INVENTORY_SET_QUANTITIES_MAX,
} from "../../../connectors/shopify/admin/operations/inventory-set-quantities";
import {
  LISTING_VIEW_SELECT,
  ledgerAvailable,
  locationEntries,
  locationShows,
  sellableLocations,
  sharesOf,
  type SellableLocation,
} from "../sync/location-quantities.server";
import {
  registerPusher,
  type ChannelPusher,
  type PushChannel,
  type PushedLocation,
  type PushItem,
  type PushItemResult,
} from "../sync/pushers";
import { getShopifyAdmin } from "./admin-for-shop.server";
import { packCalls, readAvailable, setAvailable, type Planned } from "./inventory-calls.server";

// The sync engine's Shopify side: the ledger's sellable quantity becomes "available" at the channel's sellable
// locations, with inventorySetQuantities. Shopify sells from the sum of its locations, so the quantity is split over
// every sellable mapped location by the ledger's available at each (splitByLocation): the store's sum is then exactly
// the ledger's sellable quantity, and each location shows the stock the ledger has there (less what the channel's
// rules hold back, taken off the largest first). Every quantity carries changeFromQuantity (what we believe that
// location shows now), so a sale on Shopify between our plan and our push is refused instead of being overwritten.
// Non-sellable mapped locations are left alone.

export type ShopifyPusherOptions = {
  /** The Admin client for a channel; getShopifyAdmin(channel.externalRef) by default. Tests pass their own. */
  admin?: (channel: PushChannel) => Promise<ShopifyAdmin>;
  now?: () => Date;
};

/** Rounds of the set mutation per call: items with an error are dropped and the rest sent again. */
const MAX_ROUNDS = 3;

export function createShopifyPusher(options: ShopifyPusherOptions = {}): ChannelPusher {
  const adminFor = options.admin ?? ((channel: PushChannel) => getShopifyAdmin(channel.externalRef));
  const now = options.now ?? (() => new Date());
  return {
    kind: "shopify",
    // Listings per push. With several locations a listing has a quantity at each, and the calls carry at most
    // INVENTORY_SET_QUANTITIES_MAX quantities: a single-location channel still pushes 250 listings in one call.
    batchLimit: INVENTORY_SET_QUANTITIES_MAX,
    async push(db, channel, items) {
      const results = new Map<string, PushItemResult>();
      const applied = new Map<string, PushedLocation[]>();
      // The first failure of an item is its result: later calls skip it.
      const fail = (item: PushItem, retryable: boolean, error: string) => {
        if (!results.has(item.listingId)) {
          results.set(item.listingId, { listingId: item.listingId, ok: false, retryable, error });
        }
      };
      const failed = (item: PushItem) => results.get(item.listingId)?.ok === false;
      const ordered = () =>
        items.map((item) => {
          const result = results.get(item.listingId)!;
          const locations = applied.get(item.listingId);
          return locations ? { ...result, locations } : result;
        });

      const locations = await sellableLocations(db, channel.id);
      if (locations.length === 0) {
        // Retryable: the location backfill may map it shortly; the engine parks the listings after its last attempt.
        for (const item of items) fail(item, true, "no sellable Shopify location is mapped for this channel");
        return ordered();
      }
      const externalIds = locations.map((location) => location.externalLocationId);
      const several = locations.length > 1;

      const linked: PushItem[] = [];
      for (const item of items) {
        if (item.externalInventoryItemId) linked.push(item);
        else fail(item, false, "the listing has no Shopify inventory item");
      }
      if (linked.length === 0) return ordered();
      const admin = await adminFor(channel);

      // The compare base at each location: what Shopify showed there when we last looked, if we looked after our
      // last push there; else what we pushed there last; else ask Shopify.
      const listings = await db.channelListing.findMany({
        where: { id: { in: linked.map((item) => item.listingId) } },
        select: LISTING_VIEW_SELECT,
      });
      const byId = new Map(listings.map((listing) => [listing.id, listing]));
      const bases = new Map<string, Map<string, number | null>>();
      // When each base was learnt: part of the push's idempotency key, so the same change made again later (20 -> 18,
      // back to 20, then 18 again) is a new intent rather than a replay of the first one's answer.
      const baseVersions = new Map<string, string>();
      const unknown = new Map<string, PushItem[]>(externalIds.map((location) => [location, []]));
      for (const item of linked) {
        const listing = byId.get(item.listingId);
        const entries = listing ? locationEntries(listing, externalIds) : {};
        const itemBases = new Map<string, number | null>();
        for (const location of externalIds) {
          const base = locationShows(entries[location]);
          itemBases.set(location, base);
          const entry = entries[location];
          baseVersions.set(
            `${item.listingId}@${location}`,
            `${entry?.pushedAt?.getTime() ?? "-"}/${entry?.seenAt?.getTime() ?? "-"}`,
          );
          if (base === null) unknown.get(location)!.push(item);
        }
        bases.set(item.listingId, itemBases);
      }
      for (const [location, unread] of unknown) {
        if (unread.length === 0) continue;
        const readAt = now();
        const levels = await readAvailable(db, admin, externalIds, location, unread, readAt);
        for (const item of unread) {
          bases.get(item.listingId)!.set(location, levels.get(item.listingId) ?? null);
          baseVersions.set(`${item.listingId}@${location}`, `read:${readAt.getTime()}`);
        }
      }

      // Each item's quantity over the locations that stock it, by the ledger's available at each.
      const available = await ledgerAvailable(
        db,
        channel.shopId,
        linked.map((item) => item.itemId),
        locations.map((location) => location.locationId),
      );
      const plannedByItem: Planned[][] = [];
      for (const item of linked) {
        const itemBases = bases.get(item.listingId)!;
        const stocked: SellableLocation[] = locations.filter(
          (location) => itemBases.get(location.externalLocationId) != null,
        );
        if (stocked.length === 0) {
          fail(
            item,
            false,
            several
              ? `the item is not stocked at any of the channel's Shopify locations (${externalIds.join(", ")})`
              : `the item is not stocked at Shopify location ${externalIds[0]}`,
          );
          continue;
        }
        // A location that does not stock the item gets no share: the others show the whole quantity.
        const shares = sharesOf(item.quantity, stocked, available.get(item.itemId));
        plannedByItem.push(
          stocked.map((location, index) => ({
            item,
            inventoryItemId: item.externalInventoryItemId!,
            locationId: location.externalLocationId,
            quantity: shares[index]!,
            changeFromQuantity: itemBases.get(location.externalLocationId)!,
            baseVersion: baseVersions.get(`${item.listingId}@${location.externalLocationId}`) ?? "-",
          })),
        );
      }

      const plannedOf = new Map(plannedByItem.map((entries) => [entries[0]!.item.listingId, entries]));
      try {
        for (const call of packCalls(plannedByItem, INVENTORY_SET_QUANTITIES_MAX)) await pushCall(call);
      } catch (error) {
        // A lost answer or an unreachable Shopify: whatever is not settled yet is retried by the engine.
        const message = error instanceof Error ? error.message : String(error);
        for (const item of linked) fail(item, true, message);
      }
      return ordered();

      /** One inventorySetQuantities call, sent again without the items Shopify refused (it applies all or nothing). */
      async function pushCall(call: Planned[]) {
        let pending = call.filter((entry) => !failed(entry.item));
        for (let round = 1; pending.length > 0; round++) {
          const at = now();
          const outcome = await setAvailable(admin, channel, pending);
          if (outcome.ok) {
            for (const entry of pending) {
              const set = { location: entry.locationId, quantity: entry.quantity, at };
              applied.set(entry.item.listingId, [...(applied.get(entry.item.listingId) ?? []), set]);
            }
            // Done once set at every location (only an item with more locations than a call takes spans calls).
            for (const { item } of pending) {
              const entries = plannedOf.get(item.listingId)!;
              if (results.has(item.listingId) || applied.get(item.listingId)!.length < entries.length) continue;
              const pushedQuantity = entries.reduce((total, entry) => total + entry.quantity, 0);
              results.set(item.listingId, { listingId: item.listingId, ok: true, pushedQuantity });
            }
            return;
          }
          const refused = new Map<string, { item: PushItem; stale: Planned[]; messages: string[] }>();
          for (const [index, entry] of pending.entries()) {
            const errors = outcome.errors.get(index);
            if (!errors) continue;
            const item = refused.get(entry.item.listingId) ?? { item: entry.item, stale: [], messages: [] };
            if (errors.every((error) => error.code === CHANGE_FROM_QUANTITY_STALE)) item.stale.push(entry);
            else item.messages.push(...errors.map((error) => error.message));
            refused.set(entry.item.listingId, item);
          }
          // An item is set at all its locations or at none: one refused quantity drops all of the item's.
          const rest = pending.filter((entry) => !refused.has(entry.item.listingId));
          if (outcome.general.length > 0) {
            // An error about the whole input (reason, name, idempotency): nothing here can fix it by retrying.
            const message = outcome.general.join("; ");
            for (const entry of pending) fail(entry.item, false, message);
            return;
          }
          const stale: Planned[] = [];
          for (const { item, stale: staleEntries, messages } of refused.values()) {
            if (messages.length > 0) fail(item, false, messages.join("; "));
            else stale.push(...staleEntries);
          }
          if (stale.length > 0) {
            // A sale (or an edit) on Shopify changed these locations since we last looked. Remember what each shows
            // now, so the retry compares against it, and let the engine re-plan and retry the items.
            const fresh = new Map<string, number | null>();
            for (const location of new Set(stale.map((entry) => entry.locationId))) {
              const there = stale.filter((entry) => entry.locationId === location).map((entry) => entry.item);
              const levels = await readAvailable(db, admin, externalIds, location, there, now());
              for (const [listingId, level] of levels) fresh.set(`${listingId}@${location}`, level);
            }
            for (const { item, stale: staleEntries } of refused.values()) {
              if (staleEntries.length === 0 || failed(item)) continue;
              const seen = staleEntries
                .map((entry) => {
                  const level = fresh.get(`${item.listingId}@${entry.locationId}`) ?? "unknown";
                  return several ? `at location ${entry.locationId} now ${level}` : `now ${level}`;
                })
                .join("; ");
              fail(item, true, `Shopify's available changed since our last push (${seen}); retrying with the new base`);
            }
          }
          // The call was all-or-nothing: the quantities without an error were not applied either, so send them again.
          if (round >= MAX_ROUNDS) {
            for (const entry of rest) fail(entry.item, true, "not applied: other quantities in the call were refused");
            return;
          }
          pending = rest;
        }
      }
    },
  };
}

/** Puts the Shopify pusher in the sync engine's registry (once, from the job handlers' registration). */
export function registerShopifyPusher(options: ShopifyPusherOptions = {}) {
  registerPusher(createShopifyPusher(options));
}
