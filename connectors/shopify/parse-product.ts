import { z } from "zod";
import type { ParsedWebhook } from "../contract";
import { ListingChangedSchema } from "../events";
import { blankToUndefined, OptionalTextSchema, ShopifyIdSchema } from "./parse-common";

// products/update and products/delete: the channel's catalog. Every variant of a product is one listing, matched to a
// ledger item by its SKU; a deleted product takes all its listings with it.

/** Shopify's name for the only variant of a product without options; the product title alone says it. */
const DEFAULT_VARIANT_TITLE = "Default Title";
const TITLE_MAX = 500;

const ShopifyVariantPayloadSchema = z.object({
  id: ShopifyIdSchema,
  title: OptionalTextSchema,
  sku: OptionalTextSchema,
  inventory_item_id: ShopifyIdSchema.nullish(),
});

export const ShopifyProductPayloadSchema = z.object({
  id: ShopifyIdSchema,
  title: z.string({ error: "must be text" }),
  // Shopify allows up to 2,048 variants per product.
  variants: z.array(ShopifyVariantPayloadSchema).max(2048),
});

export const ShopifyProductDeletedPayloadSchema = z.object({ id: ShopifyIdSchema });

/** "Harbour Tee - Black / M", or "Harbour Tee" for a product without options: as Shopify's displayName reads. */
function listingTitle(product: string, variant: string | null | undefined): string {
  const title = variant && variant !== DEFAULT_VARIANT_TITLE ? `${product} - ${variant}` : product;
  return title.slice(0, TITLE_MAX);
}

/** Throws a ZodError naming the field on a bad payload. */
export function parseProductWebhook(payload: unknown): ParsedWebhook {
  const product = ShopifyProductPayloadSchema.parse(payload);
  const event = ListingChangedSchema.parse({
    type: "listing.changed",
    listings: product.variants.map((variant) => ({
      externalProductId: product.id,
      externalVariantId: variant.id,
      externalInventoryItemId: variant.inventory_item_id ?? undefined,
      // A variant without a SKU cannot be matched to a ledger item; the ledger skips it.
      sku: blankToUndefined(variant.sku) ?? null,
      title: listingTitle(product.title, variant.title),
      deleted: false,
    })),
  });
  return { events: [event] };
}

/** products/delete carries only the product id: every listing of that product goes. */
export function parseProductDeletedWebhook(payload: unknown): ParsedWebhook {
  const { id } = ShopifyProductDeletedPayloadSchema.parse(payload);
  const event = ListingChangedSchema.parse({
    type: "listing.changed",
    listings: [{ externalProductId: id, sku: null, title: "", deleted: true }],
  });
  return { events: [event] };
}
