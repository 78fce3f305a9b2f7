import { z } from "zod";
import type { ParsedWebhook } from "../contract";
import { FulfillmentChangedSchema } from "../events";
import { blankToUndefined, OptionalTextSchema, QuantitySchema, ShopifyIdSchema, TimestampSchema } from "./parse-common";

// fulfillments/create and fulfillments/update. A fulfillment's line_items carry the units it ships; its status
// says whether they left the building (success), never will (cancelled, error, failure) or not yet (pending, open).

export const ShopifyFulfillmentPayloadSchema = z.object({
  id: ShopifyIdSchema,
  order_id: ShopifyIdSchema,
  status: z.enum(["pending", "open", "success", "cancelled", "error", "failure"]),
  location_id: ShopifyIdSchema.nullish(),
  tracking_company: OptionalTextSchema,
  tracking_number: OptionalTextSchema,
  tracking_url: OptionalTextSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema.nullish(),
  line_items: z.array(z.object({ id: ShopifyIdSchema, quantity: QuantitySchema })).max(1000),
});

/** Throws a ZodError naming the field on a bad payload. */
export function parseFulfillmentWebhook(payload: unknown): ParsedWebhook {
  const fulfillment = ShopifyFulfillmentPayloadSchema.parse(payload);
  if (fulfillment.status === "pending" || fulfillment.status === "open") {
    return { ignored: `fulfillment ${fulfillment.id} is ${fulfillment.status}: nothing has shipped yet` };
  }
  const event = FulfillmentChangedSchema.parse({
    type: "fulfillment.changed",
    orderExternalId: fulfillment.order_id,
    fulfillmentExternalId: fulfillment.id,
    status: fulfillment.status === "success" ? "success" : "cancelled",
    locationExternalId: fulfillment.location_id ?? undefined,
    carrier: blankToUndefined(fulfillment.tracking_company),
    trackingNumber: blankToUndefined(fulfillment.tracking_number),
    trackingUrl: blankToUndefined(fulfillment.tracking_url),
    lines: fulfillment.line_items.map((line) => ({ lineExternalId: line.id, quantity: line.quantity })),
    updatedAt: fulfillment.updated_at ?? fulfillment.created_at,
  });
  return { events: [event] };
}
