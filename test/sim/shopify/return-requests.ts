import { SimUserError, type ShopContext } from "./context";
import { returnWebhook } from "./rest-returns";
import { createReturn, type NewReturnLine } from "./returns";
import type { SimReturn, SimReturnStatus } from "./state";

// A return's life besides opening and processing it: a customer's request the merchant approves or declines, a
// cancellation before any work was done, and reopening a closed return. Each raises its returns/* webhook.

/** Shopify's ReturnDeclineReason, as the webhook writes it. */
export type DeclineReason = "final_sale" | "return_period_ended" | "other";

function returnIn(ctx: ShopContext, returnId: number, allowed: SimReturnStatus[], action: string): SimReturn {
  const record = ctx.shop.returns.get(returnId);
  if (!record) throw new SimUserError("Return does not exist.", ["id"], "NOT_FOUND");
  if (!allowed.includes(record.status)) {
    throw new SimUserError(
      `Return is ${record.status.toLowerCase()} and cannot be ${action}.`,
      ["id"],
      "INVALID_STATE",
    );
  }
  return record;
}

/** A customer asks to return shipped units (returnRequest): REQUESTED until the merchant decides. */
export function requestReturn(ctx: ShopContext, orderId: number, lines: NewReturnLine[]): SimReturn {
  return createReturn(ctx, orderId, lines, { requested: true });
}

export function approveReturn(ctx: ShopContext, returnId: number): SimReturn {
  const record = returnIn(ctx, returnId, ["REQUESTED"], "approved");
  record.status = "OPEN";
  ctx.emit(returnWebhook(record, "returns/approve"));
  return record;
}

/** A declined request frees its units for another return. */
export function declineReturn(
  ctx: ShopContext,
  returnId: number,
  decline: { reason: DeclineReason; note?: string },
): SimReturn {
  const record = returnIn(ctx, returnId, ["REQUESTED"], "declined");
  record.status = "DECLINED";
  ctx.emit(
    returnWebhook(record, "returns/decline", { decline: { reason: decline.reason, note: decline.note ?? null } }),
  );
  return record;
}

/** Only before any work was done on it (nothing processed), as Shopify's returnCancel requires. */
export function cancelReturn(ctx: ShopContext, returnId: number): SimReturn {
  const record = returnIn(ctx, returnId, ["REQUESTED", "OPEN"], "cancelled");
  if (record.lineItems.some((line) => line.processedQuantity > 0)) {
    throw new SimUserError("Return has processed items and cannot be cancelled.", ["id"], "INVALID_STATE");
  }
  record.status = "CANCELED";
  ctx.emit(returnWebhook(record, "returns/cancel"));
  return record;
}

export function reopenReturn(ctx: ShopContext, returnId: number): SimReturn {
  const record = returnIn(ctx, returnId, ["CLOSED"], "reopened");
  record.status = "OPEN";
  ctx.emit(returnWebhook(record, "returns/reopen"));
  return record;
}
