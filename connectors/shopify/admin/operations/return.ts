import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { PageInfoSchema } from "./common";

// One return as it is now: its status, its line items (what the customer sends back, and how much of it has been
// processed) and its reverse fulfillment orders (what became of each processed unit). Cost: 3 + 152 + 2 + 3 × 153 =
// 616 at 50 lines; longer returns page the rest with the three page queries below.

export const RETURN_LINES_PAGE_SIZE = 50;
/** Reverse fulfillment orders asked per page: Shopify makes one per return in practice, more for split returns. */
export const REVERSE_ORDERS_PAGE_SIZE = 3;

// Only ReturnLineItem names the order line (through its fulfillment line item); an UnverifiedReturnLineItem does not.
const RETURN_LINE_FIELDS = /* GraphQL */ `
  id
  ... on ReturnLineItem {
    quantity
    processedQuantity
    returnReason
    returnReasonNote
    fulfillmentLineItem {
      id
      lineItem {
        id
      }
    }
  }
`;

const REVERSE_LINE_FIELDS = /* GraphQL */ `
  id
  fulfillmentLineItem {
    id
  }
  dispositions {
    type
    quantity
  }
`;

const REVERSE_ORDER_FIELDS = /* GraphQL */ `
  id
  lineItems(first: $lines) {
    nodes {
      ${REVERSE_LINE_FIELDS}
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
`;

export const RETURN_QUERY = /* GraphQL */ `
  query ChannelLedgerReturn($id: ID!, $lines: Int!) {
    return(id: $id) {
      id
      name
      status
      order {
        id
      }
      returnLineItems(first: $lines) {
        nodes {
          ${RETURN_LINE_FIELDS}
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      reverseFulfillmentOrders(first: ${REVERSE_ORDERS_PAGE_SIZE}) {
        nodes {
          ${REVERSE_ORDER_FIELDS}
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const RETURN_LINE_ITEMS_QUERY = /* GraphQL */ `
  query ChannelLedgerReturnLineItems($id: ID!, $lines: Int!, $after: String) {
    return(id: $id) {
      id
      returnLineItems(first: $lines, after: $after) {
        nodes {
          ${RETURN_LINE_FIELDS}
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const RETURN_REVERSE_ORDERS_QUERY = /* GraphQL */ `
  query ChannelLedgerReturnReverseOrders($id: ID!, $lines: Int!, $after: String) {
    return(id: $id) {
      id
      reverseFulfillmentOrders(first: ${REVERSE_ORDERS_PAGE_SIZE}, after: $after) {
        nodes {
          ${REVERSE_ORDER_FIELDS}
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const REVERSE_ORDER_LINE_ITEMS_QUERY = /* GraphQL */ `
  query ChannelLedgerReverseOrderLineItems($id: ID!, $lines: Int!, $after: String) {
    reverseFulfillmentOrder(id: $id) {
      id
      lineItems(first: $lines, after: $after) {
        nodes {
          ${REVERSE_LINE_FIELDS}
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

/** REQUESTED | OPEN | CLOSED | DECLINED | CANCELED; an unknown status fails the read rather than being guessed. */
export const ShopifyReturnStatusSchema = z.enum(["REQUESTED", "OPEN", "CLOSED", "DECLINED", "CANCELED"]);

export const ShopifyReturnLineSchema = z.object({
  id: ShopifyGidSchema,
  quantity: z.number().int().min(0).optional(),
  processedQuantity: z.number().int().min(0).optional(),
  returnReason: z.string().nullish(),
  returnReasonNote: z.string().nullish(),
  fulfillmentLineItem: z.object({ id: ShopifyGidSchema, lineItem: z.object({ id: ShopifyGidSchema }) }).nullish(),
});

export const ShopifyReverseLineSchema = z.object({
  id: ShopifyGidSchema,
  fulfillmentLineItem: z.object({ id: ShopifyGidSchema }).nullish(),
  dispositions: z.array(z.object({ type: z.string(), quantity: z.number().int().min(0) })),
});

const nodes = <T extends z.ZodType>(node: T) => z.object({ nodes: z.array(node), pageInfo: PageInfoSchema });

export const ShopifyReverseOrderSchema = z.object({ id: ShopifyGidSchema, lineItems: nodes(ShopifyReverseLineSchema) });

export const ReturnResponseSchema = z.object({
  return: z
    .object({
      id: ShopifyGidSchema,
      name: z.string(),
      status: ShopifyReturnStatusSchema,
      order: z.object({ id: ShopifyGidSchema }),
      returnLineItems: nodes(ShopifyReturnLineSchema),
      reverseFulfillmentOrders: nodes(ShopifyReverseOrderSchema),
    })
    .nullable(),
});

export const ReturnLineItemsResponseSchema = z.object({
  return: z.object({ id: ShopifyGidSchema, returnLineItems: nodes(ShopifyReturnLineSchema) }).nullable(),
});

export const ReturnReverseOrdersResponseSchema = z.object({
  return: z.object({ id: ShopifyGidSchema, reverseFulfillmentOrders: nodes(ShopifyReverseOrderSchema) }).nullable(),
});

export const ReverseOrderLineItemsResponseSchema = z.object({
  reverseFulfillmentOrder: ShopifyReverseOrderSchema.nullable(),
});

export type ShopifyReturnLine = z.infer<typeof ShopifyReturnLineSchema>;
export type ShopifyReverseLine = z.infer<typeof ShopifyReverseLineSchema>;
export type ShopifyReturnStatus = z.infer<typeof ShopifyReturnStatusSchema>;
