import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { UserErrorSchema } from "./common";

// Ships fulfillment order line items from one location, with tracking, optionally telling the customer. Sent with
// @idempotent: a retry after a lost answer gets the fulfillment the first attempt created instead of a second one.
// All fulfillment orders in one call must belong to the same order and the same location.
export const FULFILLMENT_CREATE_MUTATION = /* GraphQL */ `
  mutation ChannelLedgerFulfillmentCreate($fulfillment: FulfillmentInput!, $idempotencyKey: String!) {
    fulfillmentCreate(fulfillment: $fulfillment) @idempotent(key: $idempotencyKey) {
      fulfillment {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** Shopify takes at most 250 entries in any input array. */
export const FULFILLMENT_CREATE_LINES_MAX = 250;

export const FulfillmentTrackingSchema = z.object({
  company: z.string().optional(),
  number: z.string().optional(),
  url: z.string().optional(),
});

export const FulfillmentCreateVariablesSchema = z.object({
  idempotencyKey: z.string().min(1),
  fulfillment: z.object({
    lineItemsByFulfillmentOrder: z
      .array(
        z.object({
          fulfillmentOrderId: ShopifyGidSchema,
          fulfillmentOrderLineItems: z
            .array(z.object({ id: ShopifyGidSchema, quantity: z.number().int().min(1) }))
            .min(1)
            .max(FULFILLMENT_CREATE_LINES_MAX),
        }),
      )
      .min(1)
      .max(FULFILLMENT_CREATE_LINES_MAX),
    trackingInfo: FulfillmentTrackingSchema.optional(),
    notifyCustomer: z.boolean(),
  }),
});

export type FulfillmentCreateVariables = z.infer<typeof FulfillmentCreateVariablesSchema>;
export type FulfillmentTracking = z.infer<typeof FulfillmentTrackingSchema>;

/** Tracking as Shopify takes it: only the parts we have, and none at all when there is nothing to say. */
export function trackingInput(tracking: {
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
}): FulfillmentTracking | undefined {
  const input: FulfillmentTracking = {};
  if (tracking.carrier) input.company = tracking.carrier;
  if (tracking.trackingNumber) input.number = tracking.trackingNumber;
  if (tracking.trackingUrl) input.url = tracking.trackingUrl;
  return Object.keys(input).length > 0 ? input : undefined;
}

export const FulfillmentCreateResponseSchema = z.object({
  fulfillmentCreate: z
    .object({
      fulfillment: z.object({ id: ShopifyGidSchema, status: z.string() }).nullable(),
      userErrors: z.array(UserErrorSchema),
    })
    .nullable(),
});
