import { connection, type ConnectionArgs } from "../graphql/connection";
import { matchesSearch } from "../graphql/search";
import { gid, idOf } from "../gid";
import { orderFulfillmentStatus } from "../rest";
import type { SimOrder } from "../state";
import type { ResolverEnv } from "./env";
import { fulfillmentOrderView, fulfillmentView, returnView } from "./fulfillment-views";
import { orderView } from "./order-views";

// The order side of QueryRoot: orders (with search and sort keys), order, fulfillment, fulfillmentOrder, return, job.

type OrderListArgs = ConnectionArgs & { query?: unknown; sortKey?: unknown };

const SORT_KEYS: Record<string, (order: SimOrder) => string | number> = {
  ID: (order) => order.id,
  CREATED_AT: (order) => order.createdAt.getTime(),
  PROCESSED_AT: (order) => order.createdAt.getTime(),
  UPDATED_AT: (order) => order.updatedAt.getTime(),
  ORDER_NUMBER: (order) => order.number,
};

export function orderQueries(env: ResolverEnv): Record<string, unknown> {
  const { shop } = env;
  return {
    orders: (args: OrderListArgs) => {
      const sortValue = SORT_KEYS[String(args.sortKey ?? "PROCESSED_AT")] ?? SORT_KEYS.ID!;
      const filtered = [...shop.orders.values()].filter((order) => {
        const fulfillment = orderFulfillmentStatus(shop, order);
        return matchesSearch(
          args.query,
          {
            id: order.id,
            name: order.name,
            email: order.email,
            created_at: order.createdAt,
            processed_at: order.createdAt,
            updated_at: order.updatedAt,
            status: order.cancelledAt ? "cancelled" : order.closedAt ? "closed" : "open",
            financial_status: order.financialStatus,
            fulfillment_status:
              fulfillment === "fulfilled" ? "shipped" : fulfillment === "partial" ? "partial" : "unshipped",
            sku: order.lineItems.flatMap((line) => (line.sku ? [line.sku] : [])),
          },
          ["name", "email"],
        );
      });
      const key = (order: SimOrder) => [sortValue(order), order.id];
      const sorted = filtered.sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        return x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : a.id - b.id;
      });
      return connection("Order", sorted, args, key, (order) => orderView(env, order));
    },
    order: ({ id }: { id?: unknown }) => {
      const order = shop.orders.get(idOf(id, "Order") ?? -1);
      return order ? orderView(env, order) : null;
    },
    fulfillment: ({ id }: { id?: unknown }) => {
      const fulfillment = shop.fulfillments.get(idOf(id, "Fulfillment") ?? -1);
      return fulfillment ? fulfillmentView(env, fulfillment) : null;
    },
    fulfillmentOrder: ({ id }: { id?: unknown }) => {
      const fo = shop.fulfillmentOrders.get(idOf(id, "FulfillmentOrder") ?? -1);
      return fo ? fulfillmentOrderView(env, fo) : null;
    },
    return: ({ id }: { id?: unknown }) => {
      const record = shop.returns.get(idOf(id, "Return") ?? -1);
      return record ? returnView(env, record) : null;
    },
    job: ({ id }: { id?: unknown }) => {
      const jobId = idOf(id, "Job") ?? -1;
      return shop.jobs.has(jobId) ? { __typename: "Job", id: gid("Job", jobId), done: true } : null;
    },
  };
}
