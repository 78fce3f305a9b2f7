import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { UserErrorSchema } from "./common";

// Replaces a fulfillment's tracking. Setting the same tracking again leaves the same state (Shopify counts updates as
// idempotent by definition), so it is sent without a key and a 5xx may be retried.
export const FULFILLMENT_TRACKING_INFO_UPDATE_MUTATION = /* GraphQL */ `
  mutation ChannelLedgerFulfillmentTrackingInfoUpdate(
    $fulfillmentId: ID!
    $trackingInfoInput: FulfillmentTrackingInput!
    $notifyCustomer: Boolean
  ) {
    fulfillmentTrackingInfoUpdate(
      fulfillmentId: $fulfillmentId
      trackingInfoInput: $trackingInfoInput
      notifyCustomer: $notifyCustomer
    ) {
      fulfillment {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const FulfillmentTrackingInfoUpdateResponseSchema = z.object({
  fulfillmentTrackingInfoUpdate: z
    .object({
      fulfillment: z.object({ id: ShopifyGidSchema }).nullable(),
      userErrors: z.array(UserErrorSchema),
    })
    .nullable(),
});
