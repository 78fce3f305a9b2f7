import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { PageInfoSchema } from "./common";

// An order's fulfillment orders: where Shopify expects each line to ship from and how much of it is still open.
// fulfillmentCreate names fulfillment order line items, never order lines, so a fulfilment is planned from these.
// Cost: 1 + 2 + 10 × (5 + 2 × 40) = 853; fulfillment orders with more line items page the rest with
// FULFILLMENT_ORDER_LINE_ITEMS_QUERY.
export const ORDER_FULFILLMENT_ORDERS_QUERY = /* GraphQL */ `
  query ChannelLedgerOrderFulfillmentOrders($id: ID!, $after: String) {
    order(id: $id) {
      id
      fulfillmentOrders(first: 10, after: $after) {
        nodes {
          id
          status
          assignedLocation {
            location {
              id
            }
          }
          lineItems(first: 40) {
            nodes {
              id
              remainingQuantity
              lineItem {
                id
              }
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
  }
`;

// The line items of one fulfillment order beyond those the query above carried. Cost: 1 + 2 + 250 × 2 = 503.
export const FULFILLMENT_ORDER_LINE_ITEMS_QUERY = /* GraphQL */ `
  query ChannelLedgerFulfillmentOrderLineItems($id: ID!, $after: String) {
    fulfillmentOrder(id: $id) {
      id
      lineItems(first: 250, after: $after) {
        nodes {
          id
          remainingQuantity
          lineItem {
            id
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

/** Pages of fulfillment orders read per order at most (100 fulfillment orders): a bound, not a real-world limit. */
export const FULFILLMENT_ORDER_PAGES_MAX = 10;

/** Statuses fulfillmentCreate accepts; the others (scheduled, on hold, closed, cancelled...) are refused. */
export const FULFILLABLE_STATUSES: readonly string[] = ["OPEN", "IN_PROGRESS"];

export const FulfillmentOrderLineItemSchema = z.object({
  id: ShopifyGidSchema,
  remainingQuantity: z.number().int().min(0),
  lineItem: z.object({ id: ShopifyGidSchema }),
});

const LineItemsSchema = z.object({ nodes: z.array(FulfillmentOrderLineItemSchema), pageInfo: PageInfoSchema });

export const ShopifyFulfillmentOrderSchema = z.object({
  id: ShopifyGidSchema,
  status: z.string(),
  assignedLocation: z.object({ location: z.object({ id: ShopifyGidSchema }).nullable() }),
  lineItems: LineItemsSchema,
});

export const OrderFulfillmentOrdersResponseSchema = z.object({
  order: z
    .object({
      id: ShopifyGidSchema,
      fulfillmentOrders: z.object({ nodes: z.array(ShopifyFulfillmentOrderSchema), pageInfo: PageInfoSchema }),
    })
    .nullable(),
});

export const FulfillmentOrderLineItemsResponseSchema = z.object({
  fulfillmentOrder: z.object({ id: ShopifyGidSchema, lineItems: LineItemsSchema }).nullable(),
});

export type ShopifyFulfillmentOrder = z.infer<typeof ShopifyFulfillmentOrderSchema>;
export type FulfillmentOrderLineItem = z.infer<typeof FulfillmentOrderLineItemSchema>;
