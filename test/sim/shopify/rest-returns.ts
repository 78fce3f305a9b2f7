import type { SimWebhook } from "./context";
import { gid } from "./gid";
import type { SimReturn } from "./state";

// returns/* webhook bodies. Shopify's are thin and differ per topic: the request and approval carry the return's
// lines and an order object, a decline its reason, processing the processed units, and cancel, close and reopen
// little more than the ids (see test/fixtures/shopify/returns-*.json for the same shapes).

export type ReturnTopic =
  | "returns/request"
  | "returns/approve"
  | "returns/decline"
  | "returns/process"
  | "returns/cancel"
  | "returns/close"
  | "returns/reopen";

export function returnWebhook(
  record: SimReturn,
  topic: ReturnTopic,
  extra: { decline?: { reason: string; note: string | null }; processedAt?: Date } = {},
): SimWebhook {
  const ids = { id: record.id, admin_graphql_api_id: gid("Return", record.id) };
  const status = record.status.toLowerCase();
  const order = { id: record.orderId, admin_graphql_api_id: gid("Order", record.orderId) };
  switch (topic) {
    case "returns/request":
    case "returns/approve":
      return { topic, payload: { ...ids, name: record.name, status, order, ...returnLines(record) } };
    case "returns/decline":
      return { topic, payload: { ...ids, name: record.name, status, order, decline: extra.decline ?? null } };
    case "returns/process":
      return {
        topic,
        payload: {
          ...ids,
          order_id: record.orderId,
          processed_at: (extra.processedAt ?? record.createdAt).toISOString(),
          return_line_items: record.lineItems.map((line) => ({
            id: line.id,
            admin_graphql_api_id: gid("ReturnLineItem", line.id),
            quantity: line.quantity,
            processed_quantity: line.processedQuantity,
          })),
          exchange_line_items: [],
        },
      };
    case "returns/cancel":
    case "returns/close":
    case "returns/reopen":
      return { topic, payload: { ...ids, order_id: record.orderId, status } };
  }
}

function returnLines(record: SimReturn) {
  return {
    total_return_line_items: record.lineItems.length,
    return_line_items: record.lineItems.map((line) => ({
      id: line.id,
      admin_graphql_api_id: gid("ReturnLineItem", line.id),
      fulfillment_line_item: {
        id: line.fulfillmentLineItemId,
        admin_graphql_api_id: gid("FulfillmentLineItem", line.fulfillmentLineItemId),
        line_item: { id: line.lineItemId, admin_graphql_api_id: gid("LineItem", line.lineItemId) },
      },
      quantity: line.quantity,
      return_reason: line.returnReason ?? "unknown",
      return_reason_note: line.note ?? "",
      customer_note: null,
    })),
    return_shipping_fees: [],
    exchange_line_items: [],
    total_exchange_line_items: 0,
  };
}
