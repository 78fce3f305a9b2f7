import { ListingChangedSchema, type ListingChanged } from "../../events";
import { numericId } from "../admin/gid";
import type { ShopifyInventoryLevel } from "../admin/operations/location-inventory-levels";
import type { ShopifyVariant } from "../admin/operations/product-variants";
import { blankToUndefined } from "../parse-common";

// Catalog and stock from the Admin API in the ledger's words. Ids become the numeric ids webhooks carry.

export function listingsFromVariants(variants: ShopifyVariant[]): ListingChanged {
  return ListingChangedSchema.parse({
    type: "listing.changed",
    listings: variants.map((variant) => ({
      externalProductId: numericId(variant.product.id, "Product"),
      externalVariantId: numericId(variant.id, "ProductVariant"),
      externalInventoryItemId: variant.inventoryItem ? numericId(variant.inventoryItem.id, "InventoryItem") : undefined,
      // A variant without a SKU cannot be matched to a ledger item; applyListings skips it.
      sku: blankToUndefined(variant.sku) ?? null,
      title: variant.displayName,
      deleted: false,
    })),
  });
}

export type LevelQuantities = { externalInventoryItemId: string; available: number; onHand: number };

/** The two quantities the ledger reads from a level; a level that lacks one (never stocked) counts as zero. */
export function quantitiesFromLevel(level: ShopifyInventoryLevel): LevelQuantities {
  const named = new Map(level.quantities.map((quantity) => [quantity.name, quantity.quantity]));
  return {
    externalInventoryItemId: numericId(level.item.id, "InventoryItem"),
    available: named.get("available") ?? 0,
    onHand: named.get("on_hand") ?? 0,
  };
}
