import { boolean, integer, missingArgs, oneOf, string, validateArgs } from "../args";
import { WcError } from "../errors";
import { noteToJson, refundToJson } from "../order-json";
import { toCents } from "../money";
import { addOrderNote } from "../orders";
import { createRefund } from "../refunds";
import { CREATABLE, READABLE, type Route, type RouteContext } from "../rest";
import type { SimOrder, SimRefund } from "../state";

// /orders/{id}/notes and /orders/{id}/refunds. A note with customer_note true is what a shopper sees (and is e-mailed);
// it does not save the order, so it raises no order.updated. A refund does (woocommerce_order_refunded).

/** These controllers answer an unknown parent order with their own code, not the order controller's. */
function parentOrder(c: RouteContext, refunds: boolean): SimOrder {
  const order = c.store.state.orders.get(c.ids[0]!);
  if (order) return order;
  // The refunds controller hands WP_Error a bare 404 as its data, so WordPress answers HTTP 500.
  if (refunds) throw new WcError("woocommerce_rest_invalid_order_id", "Invalid order ID.", 500, {}, 404);
  throw new WcError("woocommerce_rest_order_invalid_id", "Invalid order ID.", 404);
}

const noteArgs = { note: string(), customer_note: boolean(), added_by_user: boolean() };

const refundArgs = {
  amount: string(),
  reason: string(),
  refunded_by: integer(),
  api_refund: boolean(),
  api_restock: boolean(),
};

type RefundLineInput = { id?: unknown; quantity?: unknown; qty?: unknown; refund_total?: unknown };

async function createRefundRoute(c: RouteContext) {
  const order = parentOrder(c, true);
  const input = await c.input();
  const args = validateArgs(refundArgs, input);
  const lines = Array.isArray(input.line_items) ? (input.line_items as RefundLineInput[]) : [];
  if (args.amount !== undefined && toCents(args.amount) < 0)
    throw new WcError(
      "woocommerce_rest_invalid_order_refund",
      "Refund amount must be greater than zero.",
      500,
      {},
      400,
    );
  const refund = createRefund(c.store.ctx, order, {
    amountCents: args.amount !== undefined ? toCents(args.amount) : null,
    reason: args.reason ?? "",
    // api_refund and api_restock default to true; anything else in the body (restock_items, say) is ignored.
    refundPayment: args.api_refund ?? true,
    restock: args.api_restock ?? true,
    lines: lines.map((line) => ({
      lineItemId: Number(line.id),
      quantity: Math.abs(Math.trunc(Number(line.quantity ?? line.qty ?? 0))) || 0,
      refundTotalCents:
        line.refund_total === undefined || line.refund_total === "" ? null : toCents(String(line.refund_total)),
    })),
  });
  return { body: refundToJson(c.store.state, refund), status: 201 };
}

export const orderChildRoutes: Route[] = [
  {
    methods: READABLE,
    path: /^\/orders\/(\d+)\/notes$/,
    permission: "list",
    args: { type: oneOf(["any", "customer", "internal"] as const) },
    handle: (c) => {
      const order = parentOrder(c, false);
      const type = c.query.type ?? "any";
      const notes = order.notes
        .filter((note) => type === "any" || note.customerNote === (type === "customer"))
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
      return { body: notes.map((note) => noteToJson(c.store.state, order.id, note)) };
    },
  },
  {
    methods: CREATABLE,
    path: /^\/orders\/(\d+)\/notes$/,
    permission: "create",
    handle: async (c) => {
      const order = parentOrder(c, false);
      const input = await c.input();
      missingArgs(["note"], input);
      const args = validateArgs(noteArgs, input);
      if (!args.note)
        throw new WcError("woocommerce_rest_invalid_order_note", "Cannot create order note, please try again.", 500);
      const note = addOrderNote(
        c.store.ctx,
        order,
        args.note,
        args.customer_note ?? false,
        args.added_by_user ? "admin" : "system",
      );
      return { body: noteToJson(c.store.state, order.id, note), status: 201 };
    },
  },
  {
    methods: READABLE,
    path: /^\/orders\/(\d+)\/refunds$/,
    permission: "list",
    handle: (c) => {
      const order = c.store.state.orders.get(c.ids[0]!);
      const refunds = (order?.refundIds ?? [])
        .map((id) => c.store.state.refunds.get(id))
        .filter((refund): refund is SimRefund => !!refund)
        .reverse();
      return { body: refunds.map((refund) => refundToJson(c.store.state, refund)) };
    },
  },
  { methods: CREATABLE, path: /^\/orders\/(\d+)\/refunds$/, permission: "create", handle: createRefundRoute },
  {
    methods: READABLE,
    path: /^\/orders\/(\d+)\/refunds\/(\d+)$/,
    permission: "view",
    handle: (c) => {
      const refund = c.store.state.refunds.get(c.ids[1]!);
      if (!refund || refund.orderId !== c.ids[0])
        throw new WcError("woocommerce_rest_shop_order_refund_invalid_id", "Invalid ID.", 404);
      return { body: refundToJson(c.store.state, refund) };
    },
  },
];
