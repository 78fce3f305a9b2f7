import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { PageInfoSchema } from "./common";

// What an order can still send back: per shipped fulfillment, each fulfillment line item with the units no return
// claims yet. Shopify points returnCreate callers here, since a return names fulfillment line items, not order lines.
// Cost: 2 + 5 × (1 + 2 + 50 × 3) = 767; fulfillments or lines beyond a page are paged.

export const RETURNABLE_FULFILLMENTS_PAGE_SIZE = 5;
export const RETURNABLE_LINES_PAGE_SIZE = 50;

const RETURNABLE_LINE_FIELDS = /* GraphQL */ `
  quantity
  fulfillmentLineItem {
    id
    lineItem {
      id
    }
  }
`;

export const RETURNABLE_FULFILLMENTS_QUERY = /* GraphQL */ `
  query ChannelLedgerReturnableFulfillments($orderId: ID!, $first: Int!, $lines: Int!, $after: String) {
    returnableFulfillments(orderId: $orderId, first: $first, after: $after) {
      nodes {
        id
        returnableFulfillmentLineItems(first: $lines) {
          nodes {
            ${RETURNABLE_LINE_FIELDS}
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const RETURNABLE_FULFILLMENT_LINES_QUERY = /* GraphQL */ `
  query ChannelLedgerReturnableFulfillmentLines($id: ID!, $lines: Int!, $after: String) {
    returnableFulfillment(id: $id) {
      id
      returnableFulfillmentLineItems(first: $lines, after: $after) {
        nodes {
          ${RETURNABLE_LINE_FIELDS}
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const ReturnableLineSchema = z.object({
  quantity: z.number().int().min(0),
  fulfillmentLineItem: z.object({ id: ShopifyGidSchema, lineItem: z.object({ id: ShopifyGidSchema }) }),
});

const ReturnableFulfillmentSchema = z.object({
  id: ShopifyGidSchema,
  returnableFulfillmentLineItems: z.object({ nodes: z.array(ReturnableLineSchema), pageInfo: PageInfoSchema }),
});

export const ReturnableFulfillmentsResponseSchema = z.object({
  returnableFulfillments: z.object({ nodes: z.array(ReturnableFulfillmentSchema), pageInfo: PageInfoSchema }),
});

export const ReturnableFulfillmentLinesResponseSchema = z.object({
  returnableFulfillment: ReturnableFulfillmentSchema.nullable(),
});

export type ReturnableLine = z.infer<typeof ReturnableLineSchema>;
