// The REST API's contract: requests are parsed with these schemas, responses are typed by them, and
// the OpenAPI document is generated from them, so the three cannot drift apart.
import { z } from "zod";
import { MAX_ADJUST_QUANTITY } from "../ledger/adjust-stock.server";

/** Schemas documented under components.schemas, by the name they get there. */
export const requestSchemas = z.registry<{ id: string }>();
export const responseSchemas = z.registry<{ id: string }>();

export const ApiErrorCodeSchema = z.enum([
  "invalid_request",
  "unauthenticated",
  "not_found",
  "method_not_allowed",
  "idempotency_conflict",
  "idempotency_in_progress",
  "payload_too_large",
  "unsupported_media_type",
  "unknown_sku",
  "unknown_location",
  "quantity_out_of_range",
  "invalid_order_action",
  "order_state_conflict",
  "channel_state_conflict",
  "internal_error",
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;

export const ApiErrorSchema = z
  .object({
    error: z.object({
      code: ApiErrorCodeSchema,
      message: z.string().meta({ description: "For people; match on `code`, not on this text." }),
      details: z
        .record(z.string(), z.unknown())
        .nullable()
        .meta({ description: "`issues` (path, message, code) for invalid_request; `allow` for 405; else null." }),
    }),
  })
  .register(responseSchemas, { id: "Error" });
export type ApiErrorBody = z.infer<typeof ApiErrorSchema>;

const LimitSchema = z.coerce.number().int().min(1).max(100).default(50).meta({ description: "Page size." });
const CursorSchema = z
  .string()
  .min(1)
  .max(500)
  .optional()
  .meta({ description: "`next_cursor` of the previous page; omit for the first page." });
const NextCursorSchema = z
  .string()
  .nullable()
  .meta({ description: "Pass as `cursor` for the next page; null on the last page." });
const DateTimeSchema = z.iso.datetime();

export const ApiOrderListQuerySchema = z.object({
  channel: z.string().min(1).max(100).optional().meta({ description: "Only this channel's orders (channel id)." }),
  status: z.enum(["open", "cancelled", "closed"]).optional(),
  updated_since: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: "Only orders updated at or after this instant (ISO 8601 date-time)." }),
  limit: LimitSchema,
  cursor: CursorSchema,
});
export type ApiOrderListQuery = z.infer<typeof ApiOrderListQuerySchema>;

export const ApiInventoryQuerySchema = z.object({
  sku: z.string().min(1).max(255).optional().meta({ description: "Only the item with exactly this SKU." }),
  limit: LimitSchema,
  cursor: CursorSchema,
});
export type ApiInventoryQuery = z.infer<typeof ApiInventoryQuerySchema>;

// Integer-only and bounded: a fractional or astronomically large quantity is a client bug, not stock.
const QuantityDeltaSchema = z
  .number()
  .int()
  .min(-MAX_ADJUST_QUANTITY)
  .max(MAX_ADJUST_QUANTITY)
  .refine((value) => value !== 0, "must not be zero");

export const AdjustmentRequestSchema = z
  .strictObject({
    sku: z.string().trim().min(1).max(255),
    location_id: z.string().min(1).max(100),
    delta: QuantityDeltaSchema.nullish().meta({
      description: "Change of on-hand units (non-zero). Exactly one of delta and counted_quantity.",
    }),
    counted_quantity: z.number().int().min(0).max(MAX_ADJUST_QUANTITY).nullish().meta({
      description: "Units counted on hand; the ledger records the difference as a count movement.",
    }),
    reason: z.string().trim().min(1).max(200),
  })
  .refine((body) => (body.delta == null) !== (body.counted_quantity == null), {
    message: "exactly one of delta and counted_quantity is required",
  })
  .register(requestSchemas, { id: "AdjustmentRequest" });
export type AdjustmentRequest = z.infer<typeof AdjustmentRequestSchema>;

export const IdempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7E]+$/, "must be printable ASCII without spaces")
  .meta({
    description: "Retry-safe key such as a UUID. The same key and body replay the first answer; another body is a 409.",
  });

export const MoneySchema = z
  .object({ amount_minor: z.number().int(), currency: z.string().meta({ description: "ISO 4217 code." }) })
  .meta({ description: "An amount in the currency's minor units (cents)." })
  .register(responseSchemas, { id: "Money" });

const ChannelRefSchema = z.object({ id: z.string(), kind: z.string(), name: z.string() });
const LocationRefSchema = z.object({ id: z.string(), name: z.string() });

export const ApiOrderSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    external_id: z.string(),
    channel: ChannelRefSchema,
    status: z.enum(["open", "cancelled", "closed"]),
    financial_status: z.string().nullable(),
    fulfillment_status: z.string(),
    total: MoneySchema,
    units: z.number().int(),
    customer: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
    shipping_address: z.record(z.string(), z.unknown()).nullable(),
    needs_mapping: z.boolean(),
    placed_at: DateTimeSchema,
    cancelled_at: DateTimeSchema.nullable(),
    created_at: DateTimeSchema,
    updated_at: DateTimeSchema,
  })
  .register(responseSchemas, { id: "Order" });
export type ApiOrder = z.infer<typeof ApiOrderSchema>;

export const ApiOrderLineSchema = z
  .object({
    id: z.string(),
    external_id: z.string(),
    sku: z.string().nullable(),
    title: z.string(),
    item_id: z.string().nullable(),
    quantity: z.number().int(),
    unit_price: MoneySchema,
    reserved: z.number().int().meta({ description: "Units committed to this line now." }),
    short: z.number().int().meta({ description: "Units that could not be reserved (oversold)." }),
    fulfilled: z.number().int(),
    removed: z.number().int(),
    restocked: z.number().int(),
    location: LocationRefSchema.nullable(),
    needs_mapping: z.boolean(),
  })
  .register(responseSchemas, { id: "OrderLine" });

export const ApiFulfillmentSchema = z
  .object({
    id: z.string(),
    external_id: z.string().nullable(),
    status: z.string(),
    location: LocationRefSchema.nullable(),
    carrier: z.string().nullable(),
    tracking_number: z.string().nullable(),
    tracking_url: z.string().nullable(),
    channel_sync_state: z.string().meta({
      description:
        "Whether the order's channel has this fulfilment: pending (being sent), synced, failed or not_applicable.",
    }),
    created_at: DateTimeSchema,
    updated_at: DateTimeSchema,
    lines: z.array(z.object({ order_line_id: z.string(), sku: z.string().nullable(), quantity: z.number().int() })),
  })
  .register(responseSchemas, { id: "Fulfillment" });
export type ApiFulfillment = z.infer<typeof ApiFulfillmentSchema>;

export const ApiReturnSchema = z
  .object({
    id: z.string(),
    external_id: z.string().nullable(),
    status: z.string(),
    note: z.string().nullable(),
    refund: MoneySchema.nullable(),
    created_at: DateTimeSchema,
    updated_at: DateTimeSchema,
    lines: z.array(
      z.object({
        id: z.string().meta({ description: "The return line id: `return_line_id` when receiving it." }),
        order_line_id: z.string(),
        sku: z.string().nullable(),
        quantity: z.number().int(),
        reason: z.string().nullable(),
        condition: z.string().nullable(),
        disposition: z.string().nullable(),
        received_quantity: z.number().int(),
      }),
    ),
  })
  .register(responseSchemas, { id: "Return" });
export type ApiReturn = z.infer<typeof ApiReturnSchema>;

export const ApiTimelineEventSchema = z
  .object({ id: z.string(), kind: z.string(), message: z.string(), source: z.string(), created_at: DateTimeSchema })
  .register(responseSchemas, { id: "TimelineEvent" });

export const ApiOrderDetailSchema = ApiOrderSchema.extend({
  lines: z.array(ApiOrderLineSchema),
  fulfillments: z.array(ApiFulfillmentSchema),
  returns: z.array(ApiReturnSchema),
  timeline: z.array(ApiTimelineEventSchema),
}).register(responseSchemas, { id: "OrderDetail" });
export type ApiOrderDetail = z.infer<typeof ApiOrderDetailSchema>;

export const OrderListResponseSchema = z
  .object({ data: z.array(ApiOrderSchema), next_cursor: NextCursorSchema })
  .register(responseSchemas, { id: "OrderList" });
export type OrderListResponse = z.infer<typeof OrderListResponseSchema>;

export const OrderResponseSchema = z
  .object({ data: ApiOrderDetailSchema })
  .register(responseSchemas, { id: "OrderResponse" });

const BalanceFields = {
  on_hand: z.number().int(),
  committed: z.number().int(),
  available: z.number().int().meta({ description: "on_hand - committed." }),
};

export const ApiBalanceSchema = z.object(BalanceFields).register(responseSchemas, { id: "Balance" });

export const ApiInventoryItemSchema = z
  .object({
    id: z.string(),
    sku: z.string(),
    title: z.string(),
    barcode: z.string().nullable(),
    ...BalanceFields,
    locations: z.array(z.object({ location_id: z.string(), location_name: z.string(), ...BalanceFields })),
    channels: z.array(
      z.object({
        channel_id: z.string(),
        channel_name: z.string(),
        channel_kind: z.string(),
        sellable: z.number().int().nullable().meta({ description: "Quantity the channel should show." }),
        last_pushed: z.object({ quantity: z.number().int().nullable(), at: DateTimeSchema.nullable() }),
        sync_state: z.string(),
      }),
    ),
  })
  .register(responseSchemas, { id: "InventoryItem" });
export type ApiInventoryItem = z.infer<typeof ApiInventoryItemSchema>;

export const InventoryListResponseSchema = z
  .object({ data: z.array(ApiInventoryItemSchema), next_cursor: NextCursorSchema })
  .register(responseSchemas, { id: "InventoryList" });
export type InventoryListResponse = z.infer<typeof InventoryListResponseSchema>;

export const ApiMovementSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["adjustment", "count"]),
    item_id: z.string(),
    sku: z.string(),
    location_id: z.string(),
    on_hand_delta: z.number().int(),
    committed_delta: z.number().int(),
    reason: z.string().nullable(),
    source: z.string(),
    actor: z.string().nullable(),
    created_at: DateTimeSchema,
  })
  .register(responseSchemas, { id: "Movement" });
export type ApiMovement = z.infer<typeof ApiMovementSchema>;

export const AdjustmentResponseSchema = z
  .object({ data: z.object({ movement: ApiMovementSchema, balance: ApiBalanceSchema }) })
  .register(responseSchemas, { id: "AdjustmentResponse" });
export type AdjustmentResponse = z.infer<typeof AdjustmentResponseSchema>;
