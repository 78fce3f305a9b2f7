import { z } from "zod";
import { TimestampSchema } from "../../parse-common";
import { ShopifyGidSchema } from "../gid";
import { connectionSchema } from "./common";

// The fulfillments of one order, asked only for orders that are not unfulfilled. Cost: 1 + 15 × (5 + 2 × lines),
// 976 at 30 lines; longer fulfillments page the rest with FULFILLMENT_LINE_ITEMS_QUERY.
export const ORDER_FULFILLMENTS_QUERY = /* GraphQL */ `
  query ChannelLedgerOrderFulfillments($id: ID!, $lines: Int!) {
    order(id: $id) {
      id
      fulfillments(first: 15) {
        id
        status
        createdAt
        updatedAt
        location {
          id
        }
        trackingInfo(first: 1) {
          company
          number
          url
        }
        fulfillmentLineItems(first: $lines) {
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
  }
`;

export const FULFILLMENT_LINES_INLINE = 30;

export const ShopifyFulfillmentLineItemSchema = z.object({
  id: ShopifyGidSchema,
  quantity: z.number().int().min(0),
  lineItem: z.object({ id: ShopifyGidSchema }),
});

export const ShopifyFulfillmentSchema = z.object({
  id: ShopifyGidSchema,
  status: z.string(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema.nullish(),
  location: z.object({ id: ShopifyGidSchema }).nullish(),
  trackingInfo: z.array(
    z.object({ company: z.string().nullish(), number: z.string().nullish(), url: z.string().nullish() }),
  ),
  fulfillmentLineItems: connectionSchema(ShopifyFulfillmentLineItemSchema),
});

export const OrderFulfillmentsResponseSchema = z.object({
  order: z.object({ id: ShopifyGidSchema, fulfillments: z.array(ShopifyFulfillmentSchema) }).nullable(),
});

export type ShopifyFulfillment = z.infer<typeof ShopifyFulfillmentSchema>;
