import { z } from "zod";
import type { ParsedWebhook } from "../contract";
import { InventoryLevelChangedSchema, ListingChangedSchema, type ChannelEvent } from "../events";
import {
  blankToUndefined,
  decodeEntities,
  GmtTimestampSchema,
  goneAtDelivery,
  OptionalTextSchema,
  OptionalWooIdSchema,
  WooIdSchema,
} from "./parse-common";
import { productStockRef, variationStockRef } from "./stock-ref";

// product.created, product.updated and product.restored: the catalog and its stock. A product's body is the product
// as it is at delivery time; a variation arrives as a product body of its own (type "variation", parent_id), so each
// delivery speaks for one record:
// - simple (and plugin types sold like it): one listing, the product;
// - variation: one listing of its parent product, the variation as the variant;
// - variable: its variations are listed by their own deliveries; the parent is a listing only when it manages the
//   stock its variations sell from (the body does not say which variations exist beyond their ids);
// - grouped and external: nothing is sold from their stock (a grouped product is a shelf of other products, an
//   external one is bought on another site).
// When the record's stock is managed (its own, or its parent's for manage_stock "parent"), the body also reports the
// level, at WooCommerce's one stock pool per store: location "default".

export const WOO_LOCATION = "default";

const TITLE_MAX = 500;
const NOT_SOLD_FROM_STOCK = new Set(["grouped", "external"]);

export const WooProductPayloadSchema = z
  .object({
    id: WooIdSchema,
    type: z.string({ error: "must be the product type" }).min(1, "must be the product type"),
    name: OptionalTextSchema,
    sku: OptionalTextSchema,
    status: OptionalTextSchema,
    parent_id: OptionalWooIdSchema,
    manage_stock: z.union([z.boolean(), z.literal("parent")], { error: 'must be true, false or "parent"' }),
    stock_quantity: z
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(-1_000_000, "is implausibly small")
      .max(1_000_000, "is implausibly large")
      .nullish(),
    date_modified_gmt: GmtTimestampSchema,
    attributes: z.array(z.object({ option: OptionalTextSchema }).loose()).nullish(),
  })
  .superRefine((product, ctx) => {
    if (product.type === "variation" && !product.parent_id)
      ctx.addIssue({ code: "custom", message: "must name the variation's parent product", path: ["parent_id"] });
  });

type WooProductPayload = z.output<typeof WooProductPayloadSchema>;

/**
 * "Tote - Natural" as WooCommerce titles a variation; with many attributes it titles it by the parent alone, and
 * the variations endpoint (a polled copy) may send no name at all.
 */
function variationTitle(product: WooProductPayload): string {
  const name = decodeEntities(product.name ?? "").trim();
  const options = (product.attributes ?? []).map((attribute) => blankToUndefined(attribute.option)).filter(Boolean);
  if (!name) return options.join(", ");
  const named = options.length === 0 || options.every((option) => name.includes(option!));
  return named ? name : `${name} - ${options.join(", ")}`;
}

function stockRef(product: WooProductPayload): string | null {
  const id = Number(product.id);
  if (product.type !== "variation") return productStockRef({ id, manageStock: product.manage_stock });
  return variationStockRef({ id, parentId: Number(product.parent_id ?? 0), manageStock: product.manage_stock });
}

/** Throws a ZodError naming the field on a bad payload. */
export function parseProductWebhook(payload: unknown): ParsedWebhook {
  const gone = goneAtDelivery(payload);
  if (gone) return { ignored: `WooCommerce could not build the product for this delivery (${gone})` };
  const product = WooProductPayloadSchema.parse(payload);
  if (NOT_SOLD_FROM_STOCK.has(product.type))
    return { ignored: `product ${product.id} is ${product.type}: nothing is sold from its stock` };
  const isVariation = product.type === "variation";
  const ref = stockRef(product);
  if (product.type === "variable" && !ref)
    return { ignored: `variable product ${product.id} does not manage stock; its variations are listed on their own` };

  const listing = {
    externalProductId: isVariation ? product.parent_id! : product.id,
    externalVariantId: isVariation ? product.id : undefined,
    externalInventoryItemId: ref ?? undefined,
    sku: blankToUndefined(product.sku) ?? null,
    title: (isVariation ? variationTitle(product) : decodeEntities(product.name ?? "")).slice(0, TITLE_MAX),
    // A body in the trash (a polled copy; the webhook says product.deleted) no longer sells.
    deleted: product.status === "trash",
  };
  const events: ChannelEvent[] = [ListingChangedSchema.parse({ type: "listing.changed", listings: [listing] })];
  if (ref && !listing.deleted && typeof product.stock_quantity === "number") {
    events.push(
      InventoryLevelChangedSchema.parse({
        type: "inventory_level.changed",
        externalInventoryItemId: ref,
        locationExternalId: WOO_LOCATION,
        available: product.stock_quantity,
        updatedAt: product.date_modified_gmt,
      }),
    );
  }
  return { events };
}

const DeletedSchema = z.object({ id: WooIdSchema });

/**
 * product.deleted carries only the id: every listing of that product goes (a variable product's variations with
 * it, since they are listed under the parent's id). A variation deleted on its own is named by its id alone, which
 * matches no listing's product: its listing stays until the product goes or the SKU is listed elsewhere.
 */
export function parseProductDeletedWebhook(payload: unknown): ParsedWebhook {
  const { id } = DeletedSchema.parse(payload);
  const event = ListingChangedSchema.parse({
    type: "listing.changed",
    listings: [{ externalProductId: id, sku: null, title: "", deleted: true }],
  });
  return { events: [event] };
}
