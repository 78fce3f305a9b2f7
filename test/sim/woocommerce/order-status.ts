import type { StoreContext } from "./context";
import { addOrderNote, reduceOrderStock, restoreOrderStock, touchOrder } from "./orders";
import { refundRemainder, statusLabel } from "./refunds";
import type { OrderStatus, SimOrder } from "./state";

// An order's status transition and what WooCommerce hooks onto it: stock taken on processing/completed/on-hold,
// given back on cancelled/pending, payment and completion dates set, and a refund recorded when set to refunded.

export function setOrderStatus(ctx: StoreContext, order: SimOrder, to: OrderStatus) {
  const from = order.status;
  if (from === to) return;
  order.status = to;
  const now = ctx.clock.stamp();
  if ((to === "processing" || to === "completed") && order.paidAt === null) order.paidAt = now;
  if (to === "completed") order.completedAt = now;
  addOrderNote(ctx, order, `Order status changed from ${statusLabel(from)} to ${statusLabel(to)}.`);
  if (to === "processing" || to === "completed" || to === "on-hold") reduceOrderStock(ctx, order);
  if (to === "cancelled" || to === "pending") restoreOrderStock(ctx, order);
  touchOrder(ctx, order);
  if (to === "refunded") refundRemainder(ctx, order);
}
