import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { connectionSchema } from "./common";
import { LINE_ITEM_FIELDS, ShopifyLineItemSchema } from "./orders";

// The lines of one order beyond those the orders page carried. Cost: 3 + first × 3 (753 at 250).
export const ORDER_LINE_ITEMS_QUERY = /* GraphQL */ `
  query ChannelLedgerOrderLineItems($id: ID!, $first: Int!, $after: String) {
    order(id: $id) {
      id
      lineItems(first: $first, after: $after) {
        edges {
          node {
            ${LINE_ITEM_FIELDS}
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

export const ORDER_LINE_ITEMS_PAGE_SIZE = 250;

export const OrderLineItemsResponseSchema = z.object({
  order: z.object({ id: ShopifyGidSchema, lineItems: connectionSchema(ShopifyLineItemSchema) }).nullable(),
});
