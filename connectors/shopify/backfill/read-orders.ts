import type { ShopifyAdmin } from "../admin/client";
import { numericId } from "../admin/gid";
import {
  FULFILLMENT_LINE_ITEMS_PAGE_SIZE,
  FULFILLMENT_LINE_ITEMS_QUERY,
  FulfillmentLineItemsResponseSchema,
} from "../admin/operations/fulfillment-line-items";
import {
  ORDER_LINE_ITEMS_PAGE_SIZE,
  ORDER_LINE_ITEMS_QUERY,
  OrderLineItemsResponseSchema,
} from "../admin/operations/order-line-items";
import {
  FULFILLMENT_LINES_INLINE,
  ORDER_FULFILLMENTS_QUERY,
  OrderFulfillmentsResponseSchema,
  type ShopifyFulfillment,
} from "../admin/operations/order-fulfillments";
import {
  ORDER_LINES_INLINE,
  ORDERS_PAGE_SIZE,
  ORDERS_QUERY,
  OrdersResponseSchema,
  type ShopifyLineItem,
  type ShopifyOrder,
} from "../admin/operations/orders";
import type { CompleteOrder } from "./map-order";
import type { Page } from "./read-catalog";

// Orders changed since a date, each completed with the lines and fulfillment lines one query could not carry
// within Shopify's cost limit, and with its fulfillments when it has shipped anything.

/** Shopify search syntax for "changed at or after". */
export function updatedSince(since: Date): string {
  return `updated_at:>='${since.toISOString()}'`;
}

async function remainingLines(admin: ShopifyAdmin, order: ShopifyOrder): Promise<ShopifyLineItem[]> {
  const lines = order.lineItems.edges.map((edge) => edge.node);
  let { hasNextPage, endCursor } = order.lineItems.pageInfo;
  while (hasNextPage) {
    const { data } = await admin.request(
      ORDER_LINE_ITEMS_QUERY,
      { id: order.id, first: ORDER_LINE_ITEMS_PAGE_SIZE, after: endCursor },
      { schema: OrderLineItemsResponseSchema },
    );
    if (!data.order) break;
    lines.push(...data.order.lineItems.edges.map((edge) => edge.node));
    ({ hasNextPage, endCursor } = data.order.lineItems.pageInfo);
  }
  return lines;
}

async function fulfillmentLines(admin: ShopifyAdmin, fulfillment: ShopifyFulfillment) {
  const toLine = (node: { quantity: number; lineItem: { id: string } }) => ({
    lineItemId: numericId(node.lineItem.id, "LineItem"),
    quantity: node.quantity,
  });
  const lines = fulfillment.fulfillmentLineItems.edges.map((edge) => toLine(edge.node));
  let { hasNextPage, endCursor } = fulfillment.fulfillmentLineItems.pageInfo;
  while (hasNextPage) {
    const { data } = await admin.request(
      FULFILLMENT_LINE_ITEMS_QUERY,
      { id: fulfillment.id, first: FULFILLMENT_LINE_ITEMS_PAGE_SIZE, after: endCursor },
      { schema: FulfillmentLineItemsResponseSchema },
    );
    if (!data.fulfillment) break;
    lines.push(...data.fulfillment.fulfillmentLineItems.edges.map((edge) => toLine(edge.node)));
    ({ hasNextPage, endCursor } = data.fulfillment.fulfillmentLineItems.pageInfo);
  }
  return lines;
}

async function complete(admin: ShopifyAdmin, order: ShopifyOrder): Promise<CompleteOrder> {
  const lines = await remainingLines(admin, order);
  const fulfillmentLinesById = new Map<string, { lineItemId: string; quantity: number }[]>();
  // An unfulfilled order has shipped nothing; asking would only spend cost points.
  if (order.displayFulfillmentStatus === "UNFULFILLED") {
    return { order, lines, fulfillments: undefined, fulfillmentLines: fulfillmentLinesById };
  }
  const { data } = await admin.request(
    ORDER_FULFILLMENTS_QUERY,
    { id: order.id, lines: FULFILLMENT_LINES_INLINE },
    { schema: OrderFulfillmentsResponseSchema },
  );
  const fulfillments = data.order?.fulfillments ?? [];
  for (const fulfillment of fulfillments) {
    fulfillmentLinesById.set(fulfillment.id, await fulfillmentLines(admin, fulfillment));
  }
  return { order, lines, fulfillments, fulfillmentLines: fulfillmentLinesById };
}

export async function readOrdersPage(
  admin: ShopifyAdmin,
  options: { since: Date; after: string | null; first?: number },
): Promise<Page<CompleteOrder>> {
  const { data } = await admin.request(
    ORDERS_QUERY,
    {
      first: options.first ?? ORDERS_PAGE_SIZE,
      after: options.after,
      query: updatedSince(options.since),
      lines: ORDER_LINES_INLINE,
    },
    { schema: OrdersResponseSchema },
  );
  const items: CompleteOrder[] = [];
  for (const edge of data.orders.edges) items.push(await complete(admin, edge.node));
  return { items, endCursor: data.orders.pageInfo.endCursor, hasNextPage: data.orders.pageInfo.hasNextPage };
}
