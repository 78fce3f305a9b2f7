import { createHash } from "node:crypto";
import type { ShopifyAdmin } from "../../../connectors/shopify/admin";
import { toGid } from "../../../connectors/shopify/admin/gid";
import {
  availableByPosition,
  INVENTORY_ITEM_LEVELS_MAX,
  InventoryItemLevelsResponseSchema,
  inventoryItemLevelsQuery,
  inventoryItemLevelsVariables,
} from "../../../connectors/shopify/admin/operations/inventory-item-levels";
import {
  CHANGE_FROM_QUANTITY_STALE,
  INVENTORY_SET_QUANTITIES_MAX,
  INVENTORY_SET_QUANTITIES_MUTATION,
  InventorySetQuantitiesResponseSchema,
  inventorySetQuantitiesVariables,
  quantityIndexOf,
} from "../../../connectors/shopify/admin/operations/inventory-set-quantities";
import type { Db } from "../../db.server";
import {
  registerPusher,
  type ChannelPusher,
  type PushChannel,
  type PushItem,
  type PushItemResult,
} from "../sync/pushers";
import { getShopifyAdmin } from "./admin-for-shop.server";

// The sync engine's Shopify side: the ledger's sellable quantity becomes "available" at the channel's sellable
// location, with inventorySetQuantities. Every quantity carries changeFromQuantity (what we believe Shopify shows
// now), so a sale on Shopify between our plan and our push is refused instead of being overwritten.

export type ShopifyPusherOptions = {
  /** The Admin client for a channel; getShopifyAdmin(channel.externalRef) by default. Tests pass their own. */
  admin?: (channel: PushChannel) => Promise<ShopifyAdmin>;
  now?: () => Date;
};

type Planned = { item: PushItem; inventoryItemId: string; changeFromQuantity: number };

/** Rounds of the set mutation per push: items with an error are dropped and the rest sent again. */
const MAX_ROUNDS = 3;

export function createShopifyPusher(options: ShopifyPusherOptions = {}): ChannelPusher {
  const adminFor = options.admin ?? ((channel: PushChannel) => getShopifyAdmin(channel.externalRef));
  const now = options.now ?? (() => new Date());
  return {
    kind: "shopify",
    batchLimit: INVENTORY_SET_QUANTITIES_MAX,
    async push(db, channel, items) {
      const results = new Map<string, PushItemResult>();
      const fail = (item: PushItem, retryable: boolean, error: string) =>
        results.set(item.listingId, { listingId: item.listingId, ok: false, retryable, error });
      const ordered = () => items.map((item) => results.get(item.listingId)!);

      // Several sellable locations: the whole sellable quantity goes to the first one (ordered like
      // channelLocationIds, by ledger location id). The ledger's sellable quantity is one number for the channel,
      // and Shopify sells from the sum of its locations, so one location holding all of it shows the shopper the
      // right total; splitting it per location (and keeping the split stable as stock moves) is future work.
      const mapped = await db.channelLocation.findFirst({
        where: { channelId: channel.id, sellable: true, location: { active: true } },
        orderBy: { locationId: "asc" },
        select: { externalLocationId: true },
      });
      if (!mapped) {
        // Retryable: the location backfill may map it shortly; the engine parks the listings after its last attempt.
        for (const item of items) fail(item, true, "no sellable Shopify location is mapped for this channel");
        return ordered();
      }
      const locationId = mapped.externalLocationId;

      const linked: PushItem[] = [];
      for (const item of items) {
        if (item.externalInventoryItemId) linked.push(item);
        else fail(item, false, "the listing has no Shopify inventory item");
      }
      if (linked.length === 0) return ordered();
      const admin = await adminFor(channel);

      // The compare base: what Shopify showed when we last looked, if we looked after our last push; else what
      // we pushed last; else ask Shopify.
      const listings = await db.channelListing.findMany({
        where: { id: { in: linked.map((item) => item.listingId) } },
        select: { id: true, lastSeenQty: true, lastSeenAt: true, lastPushedAt: true },
      });
      const byId = new Map(listings.map((listing) => [listing.id, listing]));
      const planned: Planned[] = [];
      const unknown: PushItem[] = [];
      for (const item of linked) {
        const listing = byId.get(item.listingId);
        const seenSincePush =
          listing?.lastSeenQty != null &&
          listing.lastSeenAt != null &&
          (listing.lastPushedAt == null || listing.lastSeenAt > listing.lastPushedAt);
        const base = seenSincePush ? listing.lastSeenQty : item.previousQuantity;
        if (base == null) unknown.push(item);
        else planned.push({ item, inventoryItemId: item.externalInventoryItemId!, changeFromQuantity: base });
      }
      if (unknown.length > 0) {
        const levels = await readAvailable(db, admin, locationId, unknown, now());
        for (const item of unknown) {
          const available = levels.get(item.listingId);
          if (available == null) fail(item, false, `the item is not stocked at Shopify location ${locationId}`);
          else planned.push({ item, inventoryItemId: item.externalInventoryItemId!, changeFromQuantity: available });
        }
      }

      let pending = planned;
      for (let round = 1; pending.length > 0; round++) {
        const outcome = await setAvailable(admin, channel, locationId, pending);
        if (outcome.ok) {
          for (const entry of pending) {
            results.set(entry.item.listingId, {
              listingId: entry.item.listingId,
              ok: true,
              pushedQuantity: entry.item.quantity,
            });
          }
          break;
        }
        const stale: PushItem[] = [];
        const rest: Planned[] = [];
        for (const [index, entry] of pending.entries()) {
          const errors = outcome.errors.get(index);
          if (!errors) rest.push(entry);
          else if (errors.every((error) => error.code === CHANGE_FROM_QUANTITY_STALE)) stale.push(entry.item);
          else fail(entry.item, false, errors.map((error) => error.message).join("; "));
        }
        if (outcome.general.length > 0) {
          // An error about the whole input (reason, name, idempotency): nothing here can fix it by retrying.
          const message = outcome.general.join("; ");
          for (const entry of rest) fail(entry.item, false, message);
          for (const item of stale) fail(item, false, message);
          break;
        }
        if (stale.length > 0) {
          // A sale (or an edit) on Shopify changed these since we last looked. Remember what Shopify shows now,
          // so the retry compares against it, and let the engine re-plan and retry them.
          const fresh = await readAvailable(db, admin, locationId, stale, now());
          for (const item of stale) {
            const seen = fresh.get(item.listingId);
            fail(
              item,
              true,
              `Shopify's available changed since our last push (now ${seen ?? "unknown"}); retrying with the new base`,
            );
          }
        }
        // The call was all-or-nothing: the quantities without an error were not applied either, so send them again.
        if (round >= MAX_ROUNDS) {
          for (const entry of rest) fail(entry.item, true, "not applied: other quantities in the call were refused");
          break;
        }
        pending = rest;
      }
      return ordered();
    },
  };
}

type SetOutcome =
  | { ok: true }
  | { ok: false; errors: Map<number, { code: string | null | undefined; message: string }[]>; general: string[] };

async function setAvailable(
  admin: ShopifyAdmin,
  channel: PushChannel,
  locationId: string,
  entries: Planned[],
): Promise<SetOutcome> {
  const key = idempotencyKey(channel.id, locationId, entries);
  const variables = inventorySetQuantitiesVariables({
    idempotencyKey: key,
    // Derived from the key, so a retry sends exactly the same arguments (Shopify refuses a reused key otherwise).
    referenceDocumentUri: `gid://channelledger/Sync/${key}`,
    quantities: entries.map((entry) => ({
      inventoryItemId: entry.inventoryItemId,
      locationId,
      quantity: entry.item.quantity,
      changeFromQuantity: entry.changeFromQuantity,
    })),
  });
  const { data } = await admin.request(INVENTORY_SET_QUANTITIES_MUTATION, variables, {
    schema: InventorySetQuantitiesResponseSchema,
  });
  const userErrors = data.inventorySetQuantities?.userErrors ?? [];
  if (data.inventorySetQuantities && userErrors.length === 0) return { ok: true };
  const errors = new Map<number, { code: string | null | undefined; message: string }[]>();
  const general: string[] = [];
  for (const error of userErrors) {
    const index = quantityIndexOf(error.field);
    if (index === undefined || index >= entries.length) {
      general.push(error.code ? `${error.code}: ${error.message}` : error.message);
    } else {
      errors.set(index, [...(errors.get(index) ?? []), { code: error.code, message: error.message }]);
    }
  }
  if (!data.inventorySetQuantities) general.push("inventorySetQuantities returned nothing");
  return { ok: false, errors, general };
}

/**
 * The same intent (these listings, set from these bases to these quantities, at this location) gives the same
 * key, so a retry after a lost answer is replayed by Shopify instead of applied twice. The base is part of the
 * intent: after a stale refusal the next attempt compares against a new base and must not get the old answer.
 */
export function idempotencyKey(channelId: string, locationId: string, entries: Planned[]): string {
  const parts = entries
    .map((entry) => `${entry.item.listingId}:${entry.changeFromQuantity}>${entry.item.quantity}`)
    .sort();
  const hash = createHash("sha256")
    .update([channelId, locationId, ...parts].join("\n"))
    .digest("hex");
  return `cl-push-${hash.slice(0, 48)}`;
}

/** Reads "available" at the location and stores it as the listings' lastSeenQty. Missing levels map to null. */
async function readAvailable(
  db: Db,
  admin: ShopifyAdmin,
  locationId: string,
  items: PushItem[],
  seenAt: Date,
): Promise<Map<string, number | null>> {
  const seen = new Map<string, number | null>();
  for (let start = 0; start < items.length; start += INVENTORY_ITEM_LEVELS_MAX) {
    const chunk = items.slice(start, start + INVENTORY_ITEM_LEVELS_MAX);
    const { data } = await admin.request(
      inventoryItemLevelsQuery(chunk.length),
      inventoryItemLevelsVariables(
        toGid("Location", locationId),
        chunk.map((item) => toGid("InventoryItem", item.externalInventoryItemId!)),
      ),
      { schema: InventoryItemLevelsResponseSchema },
    );
    const available = availableByPosition(data, chunk.length);
    for (const [index, item] of chunk.entries()) {
      const quantity = available[index] ?? null;
      seen.set(item.listingId, quantity);
      if (quantity != null) {
        await db.channelListing.update({
          where: { id: item.listingId },
          data: { lastSeenQty: quantity, lastSeenAt: seenAt },
        });
      }
    }
  }
  return seen;
}

/** Puts the Shopify pusher in the sync engine's registry (once, from the job handlers' registration). */
export function registerShopifyPusher(options: ShopifyPusherOptions = {}) {
  registerPusher(createShopifyPusher(options));
}
