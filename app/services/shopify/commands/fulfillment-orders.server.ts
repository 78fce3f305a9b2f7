import type { ShopifyAdmin } from "../../../../connectors/shopify/admin";
import { toGid } from "../../../../connectors/shopify/admin/gid";
import {
  FULFILLMENT_ORDER_LINE_ITEMS_QUERY,
  FULFILLMENT_ORDER_PAGES_MAX,
  FulfillmentOrderLineItemsResponseSchema,
  ORDER_FULFILLMENT_ORDERS_QUERY,
  OrderFulfillmentOrdersResponseSchema,
  type ShopifyFulfillmentOrder,
} from "../../../../connectors/shopify/admin/operations/order-fulfillment-orders";
import { CommandRefusedError } from "../../commands/commanders";

/** An order's fulfillment orders with all their line items (both levels paged, within bounds). */
export async function readFulfillmentOrders(
  admin: ShopifyAdmin,
  orderExternalId: string,
): Promise<ShopifyFulfillmentOrder[]> {
  const orderId = toGid("Order", orderExternalId);
  const all: ShopifyFulfillmentOrder[] = [];
  let after: string | null = null;
  for (let page = 0; page < FULFILLMENT_ORDER_PAGES_MAX; page++) {
    const variables: Record<string, unknown> = after === null ? { id: orderId } : { id: orderId, after };
    const { data } = await admin.request(ORDER_FULFILLMENT_ORDERS_QUERY, variables, {
      schema: OrderFulfillmentOrdersResponseSchema,
    });
    if (!data.order) throw new CommandRefusedError(`Shopify has no order ${orderExternalId}`);
    for (const fo of data.order.fulfillmentOrders.nodes) all.push(await withAllLineItems(admin, fo));
    const pageInfo: { hasNextPage: boolean; endCursor: string | null } = data.order.fulfillmentOrders.pageInfo;
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) return all;
    after = pageInfo.endCursor;
  }
  return all;
}

async function withAllLineItems(admin: ShopifyAdmin, fo: ShopifyFulfillmentOrder): Promise<ShopifyFulfillmentOrder> {
  const nodes = [...fo.lineItems.nodes];
  let pageInfo = fo.lineItems.pageInfo;
  while (pageInfo.hasNextPage && pageInfo.endCursor) {
    const { data } = await admin.request(
      FULFILLMENT_ORDER_LINE_ITEMS_QUERY,
      { id: fo.id, after: pageInfo.endCursor },
      { schema: FulfillmentOrderLineItemsResponseSchema },
    );
    if (!data.fulfillmentOrder) break;
    nodes.push(...data.fulfillmentOrder.lineItems.nodes);
    pageInfo = data.fulfillmentOrder.lineItems.pageInfo;
  }
  return { ...fo, lineItems: { nodes, pageInfo } };
}
