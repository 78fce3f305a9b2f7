import type { SimObject } from "../graphql/collect";
import { connection, type ConnectionArgs } from "../graphql/connection";
import { gid } from "../gid";
import type { SimFulfillment, SimFulfillmentOrder } from "../state";
import { locationView } from "./catalog";
import type { ResolverEnv } from "./env";
import { lineItemView, orderView } from "./order-views";

// Views of what hangs off an order: fulfillments and fulfillment orders. Returns and reverse fulfillment orders have
// their own file (return-views.ts); returnView is re-exported here for the resolvers that import it from this one.

export { returnView } from "./return-views";

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
