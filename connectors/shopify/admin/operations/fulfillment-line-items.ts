import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { connectionSchema } from "./common";
import { ShopifyFulfillmentLineItemSchema } from "./order-fulfillments";

// The lines of one fulfillment beyond those the fulfillments query carried. Cost: 3 + first × 2 (503 at 250).
export const FULFILLMENT_LINE_ITEMS_QUERY = /* GraphQL */ `
  query ChannelLedgerFulfillmentLineItems($id: ID!, $first: Int!, $after: String) {
    fulfillment(id: $id) {
      id
      fulfillmentLineItems(first: $first, after: $after) {
        edges {
          node {
            id
            quantity
            lineItem {
              id
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const FULFILLMENT_LINE_ITEMS_PAGE_SIZE = 250;

export const FulfillmentLineItemsResponseSchema = z.object({
  fulfillment: z
    .object({ id: ShopifyGidSchema, fulfillmentLineItems: connectionSchema(ShopifyFulfillmentLineItemSchema) })
    .nullable(),
});
