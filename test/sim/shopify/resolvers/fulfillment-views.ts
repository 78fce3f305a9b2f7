import type { SimObject } from "../graphql/collect";
import { connection, type ConnectionArgs } from "../graphql/connection";
import { gid } from "../gid";
import type { SimFulfillment, SimFulfillmentOrder, SimReturn } from "../state";
import { locationView } from "./catalog";
import type { ResolverEnv } from "./env";
import { lineItemView, orderView } from "./order-views";

// Views of what hangs off an order: fulfillments, fulfillment orders, returns and reverse fulfillment orders.

export function fulfillmentView(env: ResolverEnv, fulfillment: SimFulfillment): SimObject {
  const order = env.shop.orders.get(fulfillment.orderId)!;
  const lines = new Map(order.lineItems.map((line) => [line.id, line]));
  const { company, number, url } = fulfillment.tracking;
  return {
    __typename: "Fulfillment",
    id: gid("Fulfillment", fulfillment.id),
    legacyResourceId: String(fulfillment.id),
    name: fulfillment.name,
    status: fulfillment.status.toUpperCase(),
    displayStatus: fulfillment.status === "success" ? "FULFILLED" : "CANCELED",
    createdAt: fulfillment.createdAt,
    updatedAt: fulfillment.updatedAt,
    totalQuantity: fulfillment.lineItems.reduce((sum, item) => sum + item.quantity, 0),
    location: () => locationView(env, env.shop.locations.get(fulfillment.locationId)!),
    order: () => orderView(env, order),
    trackingInfo: ({ first }: { first?: unknown }) =>
      (company || number || url
        ? [
            {
              __typename: "FulfillmentTrackingInfo",
              company: company ?? null,
              number: number ?? null,
              url: url ?? null,
            },
          ]
        : []
      ).slice(0, typeof first === "number" ? first : undefined),
    fulfillmentLineItems: (args: ConnectionArgs) =>
      connection(
        "FulfillmentLineItem",
        fulfillment.lineItems,
        args,
        (item) => [item.id],
        (item) => ({
          __typename: "FulfillmentLineItem",
          id: gid("FulfillmentLineItem", item.id),
          quantity: item.quantity,
          lineItem: () => lineItemView(env, order, lines.get(item.lineItemId)!),
        }),
      ),
  };
}

export function fulfillmentOrderView(env: ResolverEnv, fo: SimFulfillmentOrder): SimObject {
  const order = env.shop.orders.get(fo.orderId)!;
  const lines = new Map(order.lineItems.map((line) => [line.id, line]));
  const location = env.shop.locations.get(fo.locationId)!;
  return {
    __typename: "FulfillmentOrder",
    id: gid("FulfillmentOrder", fo.id),
    status: fo.status,
    requestStatus: "UNSUBMITTED",
    createdAt: fo.createdAt,
    updatedAt: fo.updatedAt,
    order: () => orderView(env, order),
    assignedLocation: {
      __typename: "FulfillmentOrderAssignedLocation",
      name: location.name,
      location: () => locationView(env, location),
    },
    lineItems: (args: ConnectionArgs) =>
      connection(
        "FulfillmentOrderLineItem",
        fo.lineItems,
        args,
        (item) => [item.id],
        (item) => {
          const line = lines.get(item.lineItemId)!;
          const variant = line.variantId ? env.shop.variants.get(line.variantId) : undefined;
          return {
            __typename: "FulfillmentOrderLineItem",
            id: gid("FulfillmentOrderLineItem", item.id),
            sku: line.sku,
            totalQuantity: item.totalQuantity,
            remainingQuantity: item.remainingQuantity,
            inventoryItemId: variant ? gid("InventoryItem", variant.inventoryItemId) : null,
            lineItem: () => lineItemView(env, order, line),
          };
        },
      ),
  };
}

export function returnView(env: ResolverEnv, record: SimReturn): SimObject {
  const order = env.shop.orders.get(record.orderId)!;
  const fulfillmentLine = (id: number) => {
    for (const fulfillment of env.shop.fulfillments.values()) {
      const item = fulfillment.lineItems.find((candidate) => candidate.id === id);
      if (item) return { fulfillment, item };
    }
    return undefined;
  };
  const lineView = (line: SimReturn["lineItems"][number]): SimObject => ({
    __typename: "ReturnLineItem",
    __implements: ["ReturnLineItemType"],
    id: gid("ReturnLineItem", line.id),
    quantity: line.quantity,
    processedQuantity: line.processedQuantity,
    unprocessedQuantity: line.quantity - line.processedQuantity,
    returnReason: line.returnReason,
    returnReasonNote: line.note,
    customerNote: null,
    fulfillmentLineItem: () => {
      const found = fulfillmentLine(line.fulfillmentLineItemId);
      const orderLine = order.lineItems.find((candidate) => candidate.id === line.lineItemId)!;
      return found
        ? {
            __typename: "FulfillmentLineItem",
            id: gid("FulfillmentLineItem", found.item.id),
            quantity: found.item.quantity,
            lineItem: () => lineItemView(env, order, orderLine),
          }
        : null;
    },
  });
  return {
    __typename: "Return",
    id: gid("Return", record.id),
    name: record.name,
    status: record.status,
    createdAt: record.createdAt,
    totalQuantity: record.lineItems.reduce((sum, line) => sum + line.quantity, 0),
    order: () => orderView(env, order),
    returnLineItems: (args: ConnectionArgs) =>
      connection("ReturnLineItemType", record.lineItems, args, (line) => [line.id], lineView),
    reverseFulfillmentOrders: (args: ConnectionArgs) =>
      connection(
        "ReverseFulfillmentOrder",
        [record],
        args,
        (r) => [r.id],
        (r) => ({
          __typename: "ReverseFulfillmentOrder",
          id: gid("ReverseFulfillmentOrder", r.id),
          status: r.status === "OPEN" ? "OPEN" : "CLOSED",
          lineItems: (lineArgs: ConnectionArgs) =>
            connection(
              "ReverseFulfillmentOrderLineItem",
              r.lineItems,
              lineArgs,
              (line) => [line.id],
              (line) => ({
                __typename: "ReverseFulfillmentOrderLineItem",
                id: gid("ReverseFulfillmentOrderLineItem", line.reverseLineItemId),
                totalQuantity: line.quantity,
                remainingQuantity: line.quantity - line.processedQuantity,
                fulfillmentLineItem: () => (lineView(line).fulfillmentLineItem as () => unknown)(),
              }),
            ),
        }),
      ),
  };
}
