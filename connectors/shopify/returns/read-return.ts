import type { ShopifyAdmin } from "../admin/client";
import { numericId, toGid } from "../admin/gid";
import {
  RETURN_LINE_ITEMS_QUERY,
  RETURN_LINES_PAGE_SIZE,
  RETURN_QUERY,
  RETURN_REVERSE_ORDERS_QUERY,
  REVERSE_ORDER_LINE_ITEMS_QUERY,
  ReturnLineItemsResponseSchema,
  ReturnResponseSchema,
  ReturnReverseOrdersResponseSchema,
  ReverseOrderLineItemsResponseSchema,
  type ShopifyReturnLine,
  type ShopifyReturnStatus,
  type ShopifyReverseLine,
} from "../admin/operations/return";
import {
  RETURNABLE_FULFILLMENT_LINES_QUERY,
  RETURNABLE_FULFILLMENTS_PAGE_SIZE,
  RETURNABLE_FULFILLMENTS_QUERY,
  RETURNABLE_LINES_PAGE_SIZE,
  ReturnableFulfillmentLinesResponseSchema,
  ReturnableFulfillmentsResponseSchema,
  type ReturnableLine,
} from "../admin/operations/returnable-fulfillments";
import type { PageInfo } from "../admin/operations/common";

// Whole returns and whole returnable lists, whatever their length: each first query carries what fits under
// Shopify's cost limit and every connection with more is paged to its end. A partial read would look like lines
// that went away, so nothing here returns part of a return.

/** A return with every line item and every reverse fulfillment order line item. */
export type ShopifyReturn = {
  id: string;
  name: string;
  status: ShopifyReturnStatus;
  orderId: string;
  lines: ShopifyReturnLine[];
  reverseLines: (ShopifyReverseLine & { reverseOrderId: string })[];
};

async function pageRest<T>(
  first: { nodes: T[]; pageInfo: PageInfo },
  next: (after: string) => Promise<{ nodes: T[]; pageInfo: PageInfo } | null>,
): Promise<T[]> {
  const all = [...first.nodes];
  let { hasNextPage, endCursor } = first.pageInfo;
  while (hasNextPage && endCursor) {
    const page = await next(endCursor);
    if (!page) throw new Error("the object disappeared while its pages were read");
    all.push(...page.nodes);
    ({ hasNextPage, endCursor } = page.pageInfo);
  }
  return all;
}

/** The return with this numeric id (or gid), or null when the shop has no such return. */
export async function readShopifyReturn(admin: ShopifyAdmin, returnId: string): Promise<ShopifyReturn | null> {
  const id = toGid("Return", returnId);
  const lines = RETURN_LINES_PAGE_SIZE;
  const { data } = await admin.request(RETURN_QUERY, { id, lines }, { schema: ReturnResponseSchema });
  if (!data.return) return null;
  const found = data.return;
  const returnLines = await pageRest(found.returnLineItems, async (after) => {
    const page = await admin.request(
      RETURN_LINE_ITEMS_QUERY,
      { id, lines, after },
      {
        schema: ReturnLineItemsResponseSchema,
      },
    );
    return page.data.return?.returnLineItems ?? null;
  });
  const reverseOrders = await pageRest(found.reverseFulfillmentOrders, async (after) => {
    const page = await admin.request(
      RETURN_REVERSE_ORDERS_QUERY,
      { id, lines, after },
      {
        schema: ReturnReverseOrdersResponseSchema,
      },
    );
    return page.data.return?.reverseFulfillmentOrders ?? null;
  });
  const reverseLines: ShopifyReturn["reverseLines"] = [];
  for (const order of reverseOrders) {
    const orderLines = await pageRest(order.lineItems, async (after) => {
      const page = await admin.request(
        REVERSE_ORDER_LINE_ITEMS_QUERY,
        { id: order.id, lines, after },
        {
          schema: ReverseOrderLineItemsResponseSchema,
        },
      );
      return page.data.reverseFulfillmentOrder?.lineItems ?? null;
    });
    reverseLines.push(...orderLines.map((line) => ({ ...line, reverseOrderId: order.id })));
  }
  return {
    id: numericId(found.id, "Return"),
    name: found.name,
    status: found.status,
    orderId: numericId(found.order.id, "Order"),
    lines: returnLines,
    reverseLines,
  };
}

/** Every fulfillment line item of the order with units left to return, in Shopify's fulfillment order. */
export async function readReturnableLines(admin: ShopifyAdmin, orderId: string): Promise<ReturnableLine[]> {
  const variables = {
    orderId: toGid("Order", orderId),
    first: RETURNABLE_FULFILLMENTS_PAGE_SIZE,
    lines: RETURNABLE_LINES_PAGE_SIZE,
  };
  const read = (after: string | null) =>
    admin.request(
      RETURNABLE_FULFILLMENTS_QUERY,
      { ...variables, after },
      {
        schema: ReturnableFulfillmentsResponseSchema,
      },
    );
  const fulfillments = await pageRest(
    (await read(null)).data.returnableFulfillments,
    async (after) => (await read(after)).data.returnableFulfillments,
  );
  const out: ReturnableLine[] = [];
  for (const fulfillment of fulfillments) {
    const lines = await pageRest(fulfillment.returnableFulfillmentLineItems, async (after) => {
      const page = await admin.request(
        RETURNABLE_FULFILLMENT_LINES_QUERY,
        { id: fulfillment.id, lines: RETURNABLE_LINES_PAGE_SIZE, after },
        { schema: ReturnableFulfillmentLinesResponseSchema },
      );
      return page.data.returnableFulfillment?.returnableFulfillmentLineItems ?? null;
    });
    out.push(...lines);
  }
  return out;
}
