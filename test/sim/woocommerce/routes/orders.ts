import { boolean, integer, list, oneOf, string, validateArgs } from "../args";
import { collectionArgs, filterCollection, paginate, sortCollection } from "../collection";
import { invalidId } from "../errors";
import { orderToJson } from "../order-json";
import { setOrderStatus } from "../order-status";
import { touchOrder } from "../orders";
import { DELETABLE, EDITABLE, READABLE, type Route, type RouteContext } from "../rest";
import { ORDER_STATUSES, type SimOrder } from "../state";

// /orders: list (status filter, date filters for incremental sync), read one, update (status changes with their
// stock effects; set_paid), and delete (trash, or force). Line items are not editable here.

const listArgs = {
  ...collectionArgs(["date", "id", "include", "title", "slug", "modified"] as const),
  status: list(oneOf([...ORDER_STATUSES, "any", "trash"] as const)),
  customer: integer(),
  product: integer(),
  dp: integer(),
  search: string(),
};

const updateArgs = {
  status: oneOf(ORDER_STATUSES),
  customer_note: string(),
  transaction_id: string(),
  set_paid: boolean(),
};

function orderOf(c: RouteContext, id: number, status: 400 | 404): SimOrder {
  const order = c.store.state.orders.get(id);
  if (!order) throw invalidId("shop_order", status);
  return order;
}

function listOrders(c: RouteContext) {
  const args = validateArgs(listArgs, c.query);
  const state = c.store.state;
  const statuses = args.status ?? ["any"];
  const candidates = [...state.orders.values()].filter(
    (order) =>
      (statuses.includes("any")
        ? order.status !== "trash" && order.status !== "checkout-draft"
        : statuses.includes(order.status)) &&
      (args.customer === undefined || order.customerId === args.customer) &&
      (args.product === undefined ||
        order.lineItems.some((line) => line.productId === args.product || line.variationId === args.product)) &&
      (args.search === undefined ||
        JSON.stringify([order.billing, order.number]).toLowerCase().includes(args.search.toLowerCase())),
  );
  const filtered = filterCollection(candidates, args, state.utcOffsetMinutes);
  const sorted = sortCollection(filtered, args, { orderby: "date", order: "desc" });
  const page = paginate(sorted, args, c.url, `${c.store.url}/wp-json/wc/v3/orders`);
  return { body: page.items.map((order) => orderToJson(state, order)), headers: page.headers };
}

async function updateOrder(c: RouteContext) {
  const order = orderOf(c, c.ids[0]!, 400);
  const args = validateArgs(updateArgs, await c.input());
  const ctx = c.store.ctx;
  if (args.customer_note !== undefined) order.customerNote = args.customer_note;
  if (args.transaction_id !== undefined) order.transactionId = args.transaction_id;
  if (args.set_paid) setOrderStatus(ctx, order, "processing");
  if (args.status !== undefined) setOrderStatus(ctx, order, args.status);
  touchOrder(ctx, order); // the save itself is an update, even when nothing changed
  return { body: orderToJson(c.store.state, order) };
}

function deleteOrder(c: RouteContext) {
  const order = orderOf(c, c.ids[0]!, 404);
  const body = orderToJson(c.store.state, order);
  if (c.query.force === "true" || c.query.force === "1") c.store.state.orders.delete(order.id);
  else {
    order.status = "trash";
    order.modifiedAt = c.store.ctx.clock.stamp();
  }
  c.store.ctx.emit({ resource: "order", event: "deleted", id: order.id });
  return { body };
}

export const orderRoutes: Route[] = [
  { methods: READABLE, path: /^\/orders$/, permission: "list", args: listArgs, handle: listOrders },
  {
    methods: READABLE,
    path: /^\/orders\/(\d+)$/,
    permission: "view",
    handle: (c) => ({ body: orderToJson(c.store.state, orderOf(c, c.ids[0]!, 404)) }),
  },
  { methods: EDITABLE, path: /^\/orders\/(\d+)$/, permission: "edit", handle: updateOrder },
  { methods: DELETABLE, path: /^\/orders\/(\d+)$/, permission: "delete", handle: deleteOrder },
];
