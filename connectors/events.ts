import { z } from "zod";

// The connector contract's vocabulary: what a channel tells the ledger, in the ledger's words.
// Connectors map channel payloads to these; the ledger never sees a channel payload.

const Id = z.string().trim().min(1).max(255);
const Quantity = z.number().int("must be a whole number").min(0, "must not be negative").max(1_000_000);
const Minor = z.number().int("money is in whole minor units").min(-1_000_000_000_000).max(1_000_000_000_000);
const Instant = z.coerce.date();
const Currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code")
  .transform((code) => code.toUpperCase());

export const CustomerSchema = z.object({
  externalId: Id.optional(),
  name: z.string().max(255).optional(),
  email: z.string().max(320).optional(),
});

export const OrderLineSnapshotSchema = z.object({
  externalId: Id,
  sku: z.string().trim().max(255).nullable(),
  title: z.string().max(500),
  quantity: Quantity,
  priceMinor: Minor,
  /** Units the channel says are shipped. */
  fulfilledQuantity: Quantity.default(0),
  /** Units removed from the order after it was placed (edits, refunds without return). */
  removedQuantity: Quantity.default(0),
});

export const OrderSnapshotSchema = z.object({
  externalId: Id,
  name: z.string().max(255),
  /** The channel's version of this snapshot (its updated-at): older snapshots are ignored. */
  channelUpdatedAt: Instant,
  placedAt: Instant,
  status: z.enum(["open", "cancelled", "closed"]),
  financialStatus: z.string().max(60).optional(),
  currency: Currency,
  totalMinor: Minor,
  customer: CustomerSchema.optional(),
  shippingAddress: z.record(z.string(), z.unknown()).optional(),
  cancelledAt: Instant.optional(),
  lines: z.array(OrderLineSnapshotSchema).max(1000),
});

export const OrderUpsertedSchema = z.object({ type: z.literal("order.upserted"), order: OrderSnapshotSchema });

export const OrderCancelledSchema = z.object({
  type: z.literal("order.cancelled"),
  orderExternalId: Id,
  channelUpdatedAt: Instant,
  cancelledAt: Instant,
  reason: z.string().max(255).optional(),
});

export const FulfillmentChangedSchema = z.object({
  type: z.literal("fulfillment.changed"),
  orderExternalId: Id,
  fulfillmentExternalId: Id,
  status: z.enum(["success", "cancelled"]),
  locationExternalId: Id.optional(),
  carrier: z.string().max(120).optional(),
  trackingNumber: z.string().max(255).optional(),
  trackingUrl: z.string().max(2048).optional(),
  lines: z.array(z.object({ lineExternalId: Id, quantity: Quantity })).max(1000),
  updatedAt: Instant,
});

export const RefundCreatedSchema = z.object({
  type: z.literal("refund.created"),
  orderExternalId: Id,
  refundExternalId: Id,
  amountMinor: Minor,
  currency: Currency,
  lines: z
    .array(
      z.object({ lineExternalId: Id, quantity: Quantity, restock: z.boolean(), locationExternalId: Id.optional() }),
    )
    .max(1000),
  createdAt: Instant,
});

export const ReturnStatusSchema = z.enum([
  "requested",
  "approved",
  "declined",
  "in_transit",
  "received",
  "refunded",
  "closed",
  "cancelled",
]);

export const ReturnChangedSchema = z.object({
  type: z.literal("return.changed"),
  orderExternalId: Id,
  returnExternalId: Id,
  status: ReturnStatusSchema,
  lines: z
    .array(
      z.object({
        lineExternalId: Id,
        quantity: Quantity,
        reason: z.string().max(255).optional(),
        condition: z.string().max(120).optional(),
        disposition: z.enum(["restock", "dispose"]).optional(),
      }),
    )
    .max(1000),
  updatedAt: Instant,
});

/**
 * The channel says a return changed but its notice does not carry the whole return (Shopify's returns/* topics):
 * the ledger asks the channel's reader for the return as it is now, so notices arriving late or out of order still
 * converge on the channel's current state.
 */
export const ReturnNoticedSchema = z.object({
  type: z.literal("return.noticed"),
  orderExternalId: Id,
  returnExternalId: Id,
  /** The status the notice names (requested, approved, ...); the reader's answer wins. */
  status: ReturnStatusSchema.optional(),
  noticedAt: Instant,
});

export const InventoryLevelChangedSchema = z.object({
  type: z.literal("inventory_level.changed"),
  externalInventoryItemId: Id,
  locationExternalId: Id,
  available: z.number().int().min(-1_000_000).max(1_000_000),
  updatedAt: Instant,
});

export const ListingChangedSchema = z.object({
  type: z.literal("listing.changed"),
  listings: z
    .array(
      z.object({
        externalProductId: Id,
        externalVariantId: Id.optional(),
        externalInventoryItemId: Id.optional(),
        sku: z.string().trim().max(255).nullable(),
        title: z.string().max(500),
        deleted: z.boolean().default(false),
      }),
    )
    .max(5000),
});

export const ChannelUninstalledSchema = z.object({ type: z.literal("channel.uninstalled") });

/** The merchant granted or revoked access scopes (Shopify's app/scopes_update). */
export const ChannelScopesUpdatedSchema = z.object({
  type: z.literal("channel.scopes_updated"),
  scopes: z.array(z.string().trim().min(1).max(120)).max(200),
  updatedAt: Instant,
});

export const CustomerDataRequestSchema = z.object({
  type: z.literal("privacy.customer_data_request"),
  customer: CustomerSchema,
  orderExternalIds: z.array(Id).max(10_000),
  requestId: Id.optional(),
});

export const CustomerRedactSchema = z.object({
  type: z.literal("privacy.customer_redact"),
  customer: CustomerSchema,
  orderExternalIds: z.array(Id).max(10_000),
});

export const ShopRedactSchema = z.object({ type: z.literal("privacy.shop_redact") });

export const ChannelEventSchema = z.discriminatedUnion("type", [
  OrderUpsertedSchema,
  OrderCancelledSchema,
  FulfillmentChangedSchema,
  RefundCreatedSchema,
  ReturnChangedSchema,
  ReturnNoticedSchema,
  InventoryLevelChangedSchema,
  ListingChangedSchema,
  ChannelUninstalledSchema,
  ChannelScopesUpdatedSchema,
  CustomerDataRequestSchema,
  CustomerRedactSchema,
  ShopRedactSchema,
]);

export type ChannelEvent = z.infer<typeof ChannelEventSchema>;
export type OrderSnapshot = z.infer<typeof OrderSnapshotSchema>;
export type OrderLineSnapshot = z.infer<typeof OrderLineSnapshotSchema>;
export type FulfillmentChanged = z.infer<typeof FulfillmentChangedSchema>;
export type RefundCreated = z.infer<typeof RefundCreatedSchema>;
export type ReturnChanged = z.infer<typeof ReturnChangedSchema>;
export type ReturnNoticed = z.infer<typeof ReturnNoticedSchema>;
export type ChannelScopesUpdated = z.infer<typeof ChannelScopesUpdatedSchema>;
export type InventoryLevelChanged = z.infer<typeof InventoryLevelChangedSchema>;
export type ListingChanged = z.infer<typeof ListingChangedSchema>;
