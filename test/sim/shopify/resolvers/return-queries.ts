import type { SimObject } from "../graphql/collect";
import { connection, type ConnectionArgs } from "../graphql/connection";
import { gid, idOf } from "../gid";
import { returnableLines } from "../returns";
import type { SimFulfillment, SimOrder } from "../state";
import type { ResolverEnv } from "./env";
import { fulfillmentView } from "./fulfillment-views";
import { lineItemView } from "./order-views";
import { reverseFulfillmentOrderView } from "./return-views";

// The return side of QueryRoot beyond return(id:): what an order can still return (returnableFulfillments, the
// query Shopify points returnCreate callers to) and one reverse fulfillment order by id.

type Returnable = { fulfillment: SimFulfillment; items: { id: number; lineItemId: number; left: number }[] };

/** Per shipped fulfillment, its line items with units no live return claims; fulfillments with none are left out. */
function returnableFulfillments(env: ResolverEnv, order: SimOrder): Returnable[] {
  const byFulfillment = new Map<number, Returnable>();
  for (const { fulfillment, item, left } of returnableLines(env.shop, order).values()) {
    if (left <= 0) continue;
    const entry = byFulfillment.get(fulfillment.id) ?? { fulfillment, items: [] };
    entry.items.push({ id: item.id, lineItemId: item.lineItemId, left });
    byFulfillment.set(fulfillment.id, entry);
  }
  return [...byFulfillment.values()];
}

function returnableFulfillmentView(env: ResolverEnv, order: SimOrder, entry: Returnable): SimObject {
  const lines = new Map(order.lineItems.map((line) => [line.id, line]));
  return {
    __typename: "ReturnableFulfillment",
    id: gid("ReturnableFulfillment", entry.fulfillment.id),
    fulfillment: () => fulfillmentView(env, entry.fulfillment),
    returnableFulfillmentLineItems: (args: ConnectionArgs) =>
      connection(
        "ReturnableFulfillmentLineItem",
        entry.items,
        args,
        (item) => [item.id],
        (item) => ({
          __typename: "ReturnableFulfillmentLineItem",
          quantity: item.left,
          fulfillmentLineItem: {
            __typename: "FulfillmentLineItem",
            id: gid("FulfillmentLineItem", item.id),
            quantity: entry.fulfillment.lineItems.find((candidate) => candidate.id === item.id)?.quantity ?? 0,
            lineItem: () => lineItemView(env, order, lines.get(item.lineItemId)!),
          },
        }),
      ),
  };
}

export function returnQueries(env: ResolverEnv): Record<string, unknown> {
  const { shop } = env;
  return {
    returnableFulfillments: (args: ConnectionArgs & { orderId?: unknown }) => {
      const order = shop.orders.get(idOf(args.orderId, "Order") ?? -1);
      const entries = order ? returnableFulfillments(env, order) : [];
      return connection(
        "ReturnableFulfillment",
        entries,
        args,
        (entry) => [entry.fulfillment.id],
        (entry) => returnableFulfillmentView(env, order!, entry),
      );
    },
    returnableFulfillment: ({ id }: { id?: unknown }) => {
      const fulfillment = shop.fulfillments.get(idOf(id, "ReturnableFulfillment") ?? -1);
      const order = fulfillment ? shop.orders.get(fulfillment.orderId) : undefined;
      const entry = order && returnableFulfillments(env, order).find((e) => e.fulfillment.id === fulfillment!.id);
      return order && entry ? returnableFulfillmentView(env, order, entry) : null;
    },
    reverseFulfillmentOrder: ({ id }: { id?: unknown }) => {
      // One reverse fulfillment order per opened return, sharing the return's id.
      const record = shop.returns.get(idOf(id, "ReverseFulfillmentOrder") ?? -1);
      return record && record.status !== "REQUESTED" && record.status !== "DECLINED"
        ? reverseFulfillmentOrderView(env, record)
        : null;
    },
  };
}
