import { z } from "zod";
import { ShopifyGidSchema, toGid } from "../gid";
import { UserErrorSchema } from "./common";

// Absolute "available" per (inventory item, location), compare-and-set on changeFromQuantity (mandatory on every
// quantity since 2026-04) and @idempotent (a retry with the same key gets the first answer back). Shopify applies
// the whole input or nothing: one stale or bad quantity and no level changes.
export const INVENTORY_SET_QUANTITIES_MUTATION = /* GraphQL */ `
  mutation ChannelLedgerInventorySetQuantities($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
      inventoryAdjustmentGroup {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** Shopify takes at most 250 entries in any input array. */
export const INVENTORY_SET_QUANTITIES_MAX = 250;

/** The compare-and-set refusal: what Shopify holds is not the changeFromQuantity we sent. */
export const CHANGE_FROM_QUANTITY_STALE = "CHANGE_FROM_QUANTITY_STALE";

export type InventorySetQuantity = {
  /** Numeric ids or global ids. */
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  /** What Shopify should hold now; null opts out of the check. */
  changeFromQuantity: number | null;
};

export function inventorySetQuantitiesVariables(options: {
  idempotencyKey: string;
  referenceDocumentUri: string;
  quantities: InventorySetQuantity[];
  reason?: string;
}): Record<string, unknown> {
  if (options.quantities.length > INVENTORY_SET_QUANTITIES_MAX) {
    throw new Error(`inventorySetQuantities takes at most ${INVENTORY_SET_QUANTITIES_MAX} quantities`);
  }
  return {
    idempotencyKey: options.idempotencyKey,
    input: {
      name: "available",
      reason: options.reason ?? "correction",
      referenceDocumentUri: options.referenceDocumentUri,
      quantities: options.quantities.map((entry) => ({
        inventoryItemId: toGid("InventoryItem", entry.inventoryItemId),
        locationId: toGid("Location", entry.locationId),
        quantity: entry.quantity,
        changeFromQuantity: entry.changeFromQuantity,
      })),
    },
  };
}

export const InventorySetQuantitiesResponseSchema = z.object({
  inventorySetQuantities: z
    .object({
      inventoryAdjustmentGroup: z.object({ id: ShopifyGidSchema }).nullable(),
      userErrors: z.array(UserErrorSchema),
    })
    .nullable(),
});

/** The index into input.quantities a user error names (field ["input", "quantities", "3", ...]), if any. */
export function quantityIndexOf(field: readonly string[] | null | undefined): number | undefined {
  if (!field || field[0] !== "input" || field[1] !== "quantities") return undefined;
  const index = Number(field[2]);
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}
