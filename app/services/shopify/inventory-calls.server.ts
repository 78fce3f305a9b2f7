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
  INVENTORY_SET_QUANTITIES_MUTATION,
  InventorySetQuantitiesResponseSchema,
  inventorySetQuantitiesVariables,
  quantityIndexOf,
} from "../../../connectors/shopify/admin/operations/inventory-set-quantities";
import type { Db } from "../../db.server";
import { LEDGER_TX, withLedgerRetry } from "../ledger/retry.server";
import { recordSeen } from "../sync/location-quantities.server";
import type { PushChannel, PushItem } from "../sync/pushers";

// The Admin API calls behind the Shopify pusher: set "available" at locations (inventorySetQuantities, packed into
// calls of at most 250 quantities, with an idempotency key per intent) and read it back when a base is unknown or stale.

/** One quantity of a call: an item's share at one location, set from what we believe the location shows. */
export type Planned = {
  item: PushItem;
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  changeFromQuantity: number;
  /** When the base was learnt (our push's or a read's time there): the same change made again is a new intent. */
  baseVersion: string;
};

/**
 * Calls of at most `max` quantities, in item order, an item's locations in one call where they fit (so an item is
 * set at all its locations or at none); only an item with more locations than a call takes spans calls.
 */
export function packCalls<T>(byItem: T[][], max: number): T[][] {
  const calls: T[][] = [];
  let current: T[] = [];
  for (const entries of byItem) {
    if (current.length > 0 && current.length + entries.length > max) {
      calls.push(current);
      current = [];
    }
    for (const entry of entries) {
      if (current.length === max) {
        calls.push(current);
        current = [];
      }
      current.push(entry);
    }
  }
  if (current.length > 0) calls.push(current);
  return calls;
}

export type SetOutcome =
  | { ok: true }
  | { ok: false; errors: Map<number, { code: string | null | undefined; message: string }[]>; general: string[] };

export async function setAvailable(admin: ShopifyAdmin, channel: PushChannel, entries: Planned[]): Promise<SetOutcome> {
  const key = idempotencyKey(channel.id, entries);
  const variables = inventorySetQuantitiesVariables({
    idempotencyKey: key,
    // Derived from the key, so a retry sends exactly the same arguments (Shopify refuses a reused key otherwise).
    referenceDocumentUri: `gid://channelledger/Sync/${key}`,
    quantities: entries.map((entry) => ({
      inventoryItemId: entry.inventoryItemId,
      locationId: entry.locationId,
      quantity: entry.quantity,
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
 * The same intent (these listings, each set at these locations from these bases to these quantities, in this order)
 * gives the same key, so a retry after a lost answer is replayed by Shopify instead of applied twice. The base and
 * when it was learnt are part of the intent: after a stale refusal the next attempt compares against a new base, and
 * the same change made again later (a figure that went down, up and down again) is applied, not given the first
 * answer. The order is the order of the quantities sent, since Shopify refuses a key reused with other arguments.
 */
export function idempotencyKey(
  channelId: string,
  entries: Pick<Planned, "item" | "locationId" | "changeFromQuantity" | "quantity" | "baseVersion">[],
): string {
  const parts = entries.map(
    (entry) =>
      `${entry.item.listingId}@${entry.locationId}:${entry.changeFromQuantity}>${entry.quantity}#${entry.baseVersion}`,
  );
  const hash = createHash("sha256")
    .update([channelId, ...parts].join("\n"))
    .digest("hex");
  return `cl-push-${hash.slice(0, 48)}`;
}

/**
 * Reads "available" at one location and records it as what the listings show there (their lastSeenQty becomes the
 * sum over the channel's sellable locations). Missing levels (the item is not stocked there) map to null.
 */
export async function readAvailable(
  db: Db,
  admin: ShopifyAdmin,
  locations: readonly string[],
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
    const levels = chunk.flatMap((item, index) => {
      const quantity = available[index] ?? null;
      seen.set(item.listingId, quantity);
      return quantity === null ? [] : [{ listingId: item.listingId, location: locationId, quantity, at: seenAt }];
    });
    await withLedgerRetry(() => db.$transaction((tx) => recordSeen(tx, locations, levels), LEDGER_TX));
  }
  return seen;
}
