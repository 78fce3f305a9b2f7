import type { StoreContext } from "./context";
import { WcError } from "./errors";
import { addOrderNote, GATEWAYS, orderTotalCents, refundedCents, touchOrder } from "./orders";
import { updateStock } from "./stock";
import { postId, type SimOrder, type SimRefund } from "./state";

// wc_create_refund as POST /orders/{id}/refunds drives it. `amount` wins over the line totals; api_refund (default
// true) sends the money back through the order's gateway and fails the whole refund when the gateway cannot;
// api_restock (default true) puts refunded quantities back in stock, but only what the order had taken.

export type RefundInput = {
  amountCents: number | null;
  reason: string;
  lines: { lineItemId: number; quantity: number; refundTotalCents: number | null }[];
  refundPayment: boolean;
  restock: boolean;
};

// The refunds controller hands WP_Error a bare status number as its data; WordPress then answers 500 whatever it is.
const cannotCreate = (message: string) =>
  new WcError("woocommerce_rest_cannot_create_order_refund", message, 500, {}, 500);

export function createRefund(ctx: StoreContext, order: SimOrder, input: RefundInput): SimRefund {
  // RestApiUtil::adjust_create_refund_request_parameters: no amount means the sum of the line refund totals.
  const computed = input.lines.every((line) => line.refundTotalCents !== null)
    ? input.lines.reduce((sum, line) => sum + (line.refundTotalCents ?? 0), 0)
    : 0;
  const amountCents = input.amountCents ?? computed;
  if (amountCents < 0)
    throw new WcError(
      "woocommerce_rest_invalid_order_refund",
      "Refund amount must be greater than zero.",
      500,
      {},
      400,
    );
  const remaining = orderTotalCents(order) - refundedCents(ctx, order);
  if (amountCents > remaining) throw cannotCreate("Invalid refund amount.");
  // Line entries that name no item of this order are skipped, as wc_create_refund skips them.
  const lines = input.lines.filter((line) => order.lineItems.some((item) => item.id === line.lineItemId));
  if (input.refundPayment && amountCents > 0 && !GATEWAYS[order.paymentMethod]?.refunds)
    throw cannotCreate("The payment gateway for this order does not support automatic refunds.");
  const refund: SimRefund = {
    id: postId(ctx.state),
    orderId: order.id,
    createdAt: ctx.clock.stamp(),
    amountCents,
    reason: input.reason,
    refundedPayment: input.refundPayment && amountCents > 0,
    lines: lines.map((line) => ({
      id: ctx.state.nextItemId++,
      lineItemId: line.lineItemId,
      quantity: line.quantity,
      refundTotalCents: line.refundTotalCents ?? 0,
    })),
  };
  ctx.state.refunds.set(refund.id, refund);
  order.refundIds.push(refund.id);
  if (input.restock) restockRefundedItems(ctx, order, refund);
  touchOrder(ctx, order); // woocommerce_order_refunded is an order.updated hook
  if (remaining - amountCents <= 0) setRefundedStatus(ctx, order);
  return refund;
}

/** wc_restock_refunded_items: only lines that took stock (and only while the product manages stock) go back. */
function restockRefundedItems(ctx: StoreContext, order: SimOrder, refund: SimRefund) {
  for (const refunded of refund.lines) {
    const line = order.lineItems.find((item) => item.id === refunded.lineItemId);
    if (!line || !line.reducedStock || !refunded.quantity) continue;
    const product = ctx.state.products.get(line.variationId || line.productId);
    if (!product) continue;
    const change = updateStock(ctx, product, refunded.quantity, "increase");
    if (!change) continue;
    line.reducedStock -= refunded.quantity;
    line.restockedRefunded += refunded.quantity;
    addOrderNote(ctx, order, `Item #${product.id} stock increased from ${change.from} to ${change.to}.`);
  }
}

function setRefundedStatus(ctx: StoreContext, order: SimOrder) {
  if (order.status === "refunded") return;
  addOrderNote(ctx, order, `Order status changed from ${statusLabel(order.status)} to Refunded.`);
  order.status = "refunded";
  touchOrder(ctx, order);
}

/** wc_order_fully_refunded: setting the status to refunded by hand records a refund of whatever is left. */
export function refundRemainder(ctx: StoreContext, order: SimOrder) {
  const remaining = orderTotalCents(order) - refundedCents(ctx, order);
  if (remaining <= 0) return;
  createRefund(ctx, order, {
    amountCents: remaining,
    reason: "Order fully refunded.",
    lines: [],
    refundPayment: false,
    restock: false,
  });
  addOrderNote(
    ctx,
    order,
    "Order status set to refunded. To return funds to the customer you will need to issue a refund through your payment gateway.",
  );
}

const LABELS: Record<string, string> = {
  pending: "Pending payment",
  processing: "Processing",
  "on-hold": "On hold",
  completed: "Completed",
  cancelled: "Cancelled",
  refunded: "Refunded",
  failed: "Failed",
  "checkout-draft": "Draft",
  trash: "Trash",
};
export const statusLabel = (status: string) => LABELS[status] ?? status;
