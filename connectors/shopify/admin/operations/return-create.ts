import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { UserErrorSchema } from "./common";

// Opens a return on the merchant's behalf: Shopify creates it OPEN (approved) with a reverse fulfillment order for
// the units coming back. Sent with @idempotent: a retry after a lost answer gets the return the first attempt
// created instead of a second one. A return names fulfillment line items, so a line shipped in two fulfilments is two
// entries.
export const RETURN_CREATE_MUTATION = /* GraphQL */ `
  mutation ChannelLedgerReturnCreate($returnInput: ReturnInput!, $idempotencyKey: String!) {
    returnCreate(returnInput: $returnInput) @idempotent(key: $idempotencyKey) {
      return {
        id
        status
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
export const RETURN_LINES_MAX = 250;

export const ReturnCreateInputSchema = z.object({
  orderId: ShopifyGidSchema,
  returnLineItems: z
    .array(
      z.object({
        fulfillmentLineItemId: ShopifyGidSchema,
        quantity: z.number().int().min(1),
        // returnReason is deprecated in 2026-07 and optional; the merchant's own words go in the note (255 max).
        returnReasonNote: z.string().max(255).optional(),
      }),
    )
    .min(1)
    .max(RETURN_LINES_MAX),
  notifyCustomer: z.boolean(),
});

export type ReturnCreateInput = z.infer<typeof ReturnCreateInputSchema>;

export const ReturnCreateResponseSchema = z.object({
  returnCreate: z
    .object({
      return: z.object({ id: ShopifyGidSchema, status: z.string() }).nullable(),
      userErrors: z.array(UserErrorSchema),
    })
    .nullable(),
});
