import { z } from "zod";
import type { ParsedWebhook } from "../contract";
import { InventoryLevelChangedSchema } from "../events";
import { ShopifyIdSchema, TimestampSchema } from "./parse-common";

// inventory_levels/update: "available" of one inventory item at one location changed, whatever changed it (an edit in
// the admin, a sale, a fulfilment, another app, or our own push coming back). The ledger decides which it was.

export const ShopifyInventoryLevelPayloadSchema = z.object({
  inventory_item_id: ShopifyIdSchema,
  location_id: ShopifyIdSchema,
  // Negative when Shopify sold more than it had (continue selling when out of stock); null when not tracked.
  available: z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(-1_000_000, "is implausibly small")
    .max(1_000_000, "is implausibly large")
    .nullable(),
  updated_at: TimestampSchema,
});

/** Throws a ZodError naming the field on a bad payload. */
export function parseInventoryLevelWebhook(payload: unknown): ParsedWebhook {
  const level = ShopifyInventoryLevelPayloadSchema.parse(payload);
  if (level.available === null) {
    // Shopify does not count an untracked item: there is no figure to compare with the ledger's.
    return { ignored: `inventory item ${level.inventory_item_id} is not tracked at location ${level.location_id}` };
  }
  const event = InventoryLevelChangedSchema.parse({
    type: "inventory_level.changed",
    externalInventoryItemId: level.inventory_item_id,
    locationExternalId: level.location_id,
    available: level.available,
    updatedAt: level.updated_at,
  });
  return { events: [event] };
}
