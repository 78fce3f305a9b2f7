import { ensureLevel, moveQuantities } from "./catalog";
import { SimUserError, type ShopContext } from "./context";
import { orderToRest, refundToRest } from "./rest";
import { returnWebhook } from "./rest-returns";
import type { ShopState, SimFulfillment, SimOrder, SimRefund, SimReturn } from "./state";

// Returns as merchants handle them since 2025-07: returnCreate opens a return on fulfilled units, returnProcess
// confirms what came back, decides each unit's disposition and optionally refunds.

export type NewReturnLine = { fulfillmentLineItemId: number; quantity: number; reason?: string; note?: string };

/** Returns that no longer claim their units: a declined request or a cancelled return frees them again. */
const RELEASED: ReadonlySet<SimReturn["status"]> = new Set(["DECLINED", "CANCELED"]);

/**
 * What Shopify's returnableFulfillments answers: per shipped fulfillment line item, the units no live return claims.
 * Keyed by fulfillment line item id, in fulfillment order.
 */
export function returnableLines(shop: ShopState, order: SimOrder) {
  const returned = new Map<number, number>();
  for (const id of order.returnIds) {
    const record = shop.returns.get(id);
    if (!record || RELEASED.has(record.status)) continue;
    for (const line of record.lineItems) {
      returned.set(line.fulfillmentLineItemId, (returned.get(line.fulfillmentLineItemId) ?? 0) + line.quantity);
    }
  }
  const out = new Map<
    number,
    { fulfillment: SimFulfillment; item: SimFulfillment["lineItems"][number]; left: number }
  >();
  for (const id of order.fulfillmentIds) {
    const fulfillment = shop.fulfillments.get(id);
    if (fulfillment?.status !== "success") continue;
    for (const item of fulfillment.lineItems) {
      out.set(item.id, { fulfillment, item, left: item.quantity - (returned.get(item.id) ?? 0) });
    }
  }
  return out;
}

/**
 * The merchant opens a return (returnCreate): open at once, which Shopify announces as returns/approve. With
 * `requested` it is a customer's request instead (see return-requests.ts), waiting for the merchant's decision.
 */
export function createReturn(
  ctx: ShopContext,
  orderId: number,
  lines: NewReturnLine[],
  options: { requested?: boolean } = {},
): SimReturn {
  const { shop, clock } = ctx;
  const order = shop.orders.get(orderId);
  if (!order) throw new SimUserError("Order does not exist.", ["returnInput", "orderId"], "NOT_FOUND");
  if (lines.length === 0) throw new SimUserError("A return needs at least one line.", ["returnInput"], "BLANK");
  const returnable = returnableLines(shop, order);
  const claimed = new Map<number, number>();
  const record: SimReturn = {
    id: clock.id(),
    orderId,
    name: `${order.name}-R${order.returnIds.length + 1}`,
    status: options.requested ? "REQUESTED" : "OPEN",
    createdAt: clock.stamp(),
    lineItems: lines.map((line, index) => {
      const field = ["returnInput", "returnLineItems", String(index)];
      const found = returnable.get(line.fulfillmentLineItemId);
      if (!found)
        throw new SimUserError(
          "Fulfillment line item does not exist.",
          [...field, "fulfillmentLineItemId"],
          "NOT_FOUND",
        );
      const shipped = found.item;
      const left = found.left - (claimed.get(shipped.id) ?? 0);
      if (line.quantity < 1 || line.quantity > left) {
        throw new SimUserError(`Quantity must be between 1 and ${left}.`, [...field, "quantity"], "INVALID");
      }
      claimed.set(shipped.id, (claimed.get(shipped.id) ?? 0) + line.quantity);
      return {
        id: clock.id(),
        fulfillmentLineItemId: shipped.id,
        lineItemId: shipped.lineItemId,
        quantity: line.quantity,
        processedQuantity: 0,
        returnReason: line.reason ?? null,
        note: line.note ?? null,
        reverseLineItemId: clock.id(),
      };
    }),
  };
  shop.returns.set(record.id, record);
  order.returnIds.push(record.id);
  order.updatedAt = clock.stamp();
  ctx.emit({ topic: "orders/updated", payload: orderToRest(shop, order) });
  ctx.emit(returnWebhook(record, options.requested ? "returns/request" : "returns/approve"));
  return record;
}

export type ProcessReturnLine = {
  returnLineItemId: number;
  quantity: number;
  dispositions?: { quantity: number; type: string; locationId?: number }[];
};

export function processReturn(
  ctx: ShopContext,
  returnId: number,
  lines: ProcessReturnLine[],
  options: { refund: boolean },
): { record: SimReturn; refund: SimRefund | null } {
  const { shop, clock } = ctx;
  const record = shop.returns.get(returnId);
  if (!record) throw new SimUserError("Return does not exist.", ["input", "returnId"], "NOT_FOUND");
  if (record.status !== "OPEN") throw new SimUserError("Return is not open.", ["input", "returnId"], "INVALID_STATE");
  const order = shop.orders.get(record.orderId)!;
  const plan = lines.map((line, index) => {
    const field = ["input", "returnLineItems", String(index)];
    const item = record.lineItems.find((candidate) => candidate.id === line.returnLineItemId);
    if (!item) throw new SimUserError("Return line item does not exist.", [...field, "id"], "NOT_FOUND");
    if (line.quantity < 1 || line.quantity > item.quantity - item.processedQuantity) {
      throw new SimUserError("Quantity exceeds the unprocessed quantity.", [...field, "quantity"], "INVALID");
    }
    const dispositions = line.dispositions ?? [];
    if (dispositions.reduce((sum, d) => sum + d.quantity, 0) > line.quantity) {
      throw new SimUserError("Dispositions exceed the processed quantity.", [...field, "dispositions"], "INVALID");
    }
    return { item, line, dispositions };
  });
  const refundLines: SimRefund["lines"] = [];
  for (const { item, line, dispositions } of plan) {
    item.processedQuantity += line.quantity;
    let restockedAt: number | null = null;
    for (const disposition of dispositions) {
      const keep = (locationId: number | null | undefined) =>
        (item.dispositions ??= []).push({
          id: clock.id(),
          type: disposition.type,
          quantity: disposition.quantity,
          locationId: locationId ?? null,
        });
      if (disposition.type !== "RESTOCKED") {
        keep(disposition.locationId);
        continue;
      }
      const locationId =
        disposition.locationId ?? shop.fulfillments.get(fulfillmentOf(ctx, item.fulfillmentLineItemId))?.locationId;
      keep(locationId);
      const variantId = order.lineItems.find((candidate) => candidate.id === item.lineItemId)?.variantId;
      const itemId = variantId ? shop.variants.get(variantId)?.inventoryItemId : undefined;
      if (!locationId || !itemId) continue;
      moveQuantities(ctx, ensureLevel(ctx, itemId, locationId), { available: disposition.quantity });
      restockedAt = locationId;
    }
    refundLines.push({
      id: clock.id(),
      lineItemId: item.lineItemId,
      quantity: line.quantity,
      restockType: restockedAt ? "return" : "no_restock",
      locationId: restockedAt,
    });
  }
  if (record.lineItems.every((item) => item.processedQuantity === item.quantity)) record.status = "CLOSED";
  let refund: SimRefund | null = null;
  if (options.refund) {
    const prices = new Map(order.lineItems.map((line) => [line.id, line.priceMinor]));
    refund = {
      id: clock.id(),
      orderId: order.id,
      createdAt: clock.stamp(),
      amountMinor: refundLines.reduce((sum, line) => sum + (prices.get(line.lineItemId) ?? 0) * line.quantity, 0),
      transactionId: clock.id(),
      lines: refundLines,
    };
    shop.refunds.set(refund.id, refund);
    order.refundIds.push(refund.id);
    for (const line of refundLines) {
      const orderLine = order.lineItems.find((candidate) => candidate.id === line.lineItemId);
      if (orderLine) orderLine.currentQuantity = Math.max(0, orderLine.currentQuantity - line.quantity);
    }
    const left = order.lineItems.reduce((sum, line) => sum + line.currentQuantity, 0);
    order.financialStatus = left === 0 ? "refunded" : "partially_refunded";
    ctx.emit({ topic: "refunds/create", payload: refundToRest(shop, refund) });
  }
  order.updatedAt = clock.stamp();
  ctx.emit({ topic: "orders/updated", payload: orderToRest(shop, order) });
  ctx.emit(returnWebhook(record, "returns/process", { processedAt: order.updatedAt }));
  // Shopify closes a return once every unit on it is processed, and says so separately.
  if (record.status === "CLOSED") ctx.emit(returnWebhook(record, "returns/close"));
  return { record, refund };
}

function fulfillmentOf(ctx: ShopContext, fulfillmentLineItemId: number): number {
  for (const fulfillment of ctx.shop.fulfillments.values()) {
    if (fulfillment.lineItems.some((item) => item.id === fulfillmentLineItemId)) return fulfillment.id;
  }
  return -1;
}
