import { findLevel, itemBySku, moveQuantities } from "./catalog";
import { SimUserError, type ShopContext } from "./context";
import { fulfillmentToRest, orderFulfillmentStatus, orderToRest } from "./rest";
import type { SimAddress, SimFulfillment, SimFulfillmentOrder, SimLineItem, SimOrder } from "./state";

// What happens to orders in the store: a shopper places one, the merchant (or an app) fulfils, edits or cancels
// it. Each step moves inventory the way Shopify does (available → committed on order, committed leaves on
// fulfillment) and raises the webhooks Shopify raises.

export type NewOrder = {
  lines: { sku?: string; variantId?: number; quantity: number; priceMinor?: number }[];
  email?: string;
  customer?: { firstName?: string; lastName?: string; email?: string };
  shippingAddress?: SimAddress;
  /** Backdates the order (created and updated at this instant), for histories and backfill windows. */
  at?: Date;
  /** Where to fulfil from; by default the first location that has every line in stock. */
  locationId?: number;
  financialStatus?: SimOrder["financialStatus"];
};

export function placeOrder(ctx: ShopContext, input: NewOrder): SimOrder {
  const { shop, clock } = ctx;
  if (input.lines.length === 0) throw new SimUserError("An order needs at least one line", ["lineItems"]);
  const lines: SimLineItem[] = input.lines.map((spec, index) => {
    const variant = spec.variantId
      ? shop.variants.get(spec.variantId)
      : spec.sku
        ? shop.variants.get(itemBySku(ctx, spec.sku)?.variantId ?? -1)
        : undefined;
    if (!variant && !spec.sku) throw new SimUserError("Line needs a sku or a variant", ["lineItems", String(index)]);
    if (!Number.isInteger(spec.quantity) || spec.quantity < 1) {
      throw new SimUserError("Quantity must be at least 1", ["lineItems", String(index), "quantity"]);
    }
    const product = variant ? shop.products.get(variant.productId) : undefined;
    return {
      id: clock.id(),
      variantId: variant?.id ?? null,
      productId: product?.id ?? null,
      sku: variant?.sku ?? spec.sku ?? null,
      title: product?.title ?? spec.sku ?? "Custom item",
      variantTitle: variant && variant.title !== "Default Title" ? variant.title : null,
      quantity: spec.quantity,
      currentQuantity: spec.quantity,
      priceMinor: spec.priceMinor ?? variant?.priceMinor ?? 1000,
    };
  });
  checkStock(ctx, lines);
  const at = input.at ?? clock.stamp();
  const number = shop.nextOrderNumber++;
  const customer = input.customer ? { id: clock.id(), ...input.customer } : null;
  const order: SimOrder = {
    id: clock.id(),
    number,
    name: `#${number}`,
    email: input.email ?? input.customer?.email ?? null,
    customer,
    shippingAddress: input.shippingAddress ?? null,
    createdAt: at,
    updatedAt: at,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    financialStatus: input.financialStatus ?? "paid",
    lineItems: lines,
    fulfillmentOrderIds: [],
    fulfillmentIds: [],
    returnIds: [],
    refundIds: [],
  };
  shop.orders.set(order.id, order);
  const locationId = input.locationId ?? pickLocation(ctx, lines);
  const fulfillmentOrder: SimFulfillmentOrder = {
    id: clock.id(),
    orderId: order.id,
    locationId,
    status: "OPEN",
    createdAt: at,
    updatedAt: at,
    lineItems: lines.map((line) => ({
      id: clock.id(),
      lineItemId: line.id,
      totalQuantity: line.quantity,
      remainingQuantity: line.quantity,
    })),
  };
  shop.fulfillmentOrders.set(fulfillmentOrder.id, fulfillmentOrder);
  order.fulfillmentOrderIds.push(fulfillmentOrder.id);
  for (const line of lines) commit(ctx, line, locationId, line.quantity);
  ctx.emit({ topic: "orders/create", payload: orderToRest(shop, order) });
  if (order.financialStatus === "paid") ctx.emit({ topic: "orders/paid", payload: orderToRest(shop, order) });
  return order;
}

/**
 * Checkout's inventory check: a tracked variant whose policy is "deny" sells no more than the units available across
 * the shop's active locations (lines of one variant counted together); "continue" variants sell regardless.
 */
function checkStock(ctx: ShopContext, lines: SimLineItem[]) {
  const wanted = new Map<number, number>();
  for (const line of lines) {
    if (line.variantId) wanted.set(line.variantId, (wanted.get(line.variantId) ?? 0) + line.quantity);
  }
  for (const [variantId, quantity] of wanted) {
    const variant = ctx.shop.variants.get(variantId)!;
    const item = ctx.shop.inventoryItems.get(variant.inventoryItemId);
    if (variant.inventoryPolicy !== "deny" || !item?.tracked) continue;
    const available = [...ctx.shop.locations.values()]
      .filter((location) => location.isActive)
      .reduce((sum, location) => sum + Math.max(0, findLevel(ctx, item.id, location.id)?.quantities.available ?? 0), 0);
    if (quantity > available) {
      throw new SimUserError(
        `Not enough inventory: ${variant.sku ?? variant.title} has ${available} available, ${quantity} requested`,
        ["lineItems"],
        "NOT_ENOUGH_IN_STOCK",
      );
    }
  }
}

function pickLocation(ctx: ShopContext, lines: SimLineItem[]): number {
  const locations = [...ctx.shop.locations.values()].filter((location) => location.isActive);
  if (locations.length === 0) throw new SimUserError("The shop has no active location");
  const stocked = locations.find((location) =>
    lines.every((line) => {
      const itemId = line.variantId ? ctx.shop.variants.get(line.variantId)?.inventoryItemId : undefined;
      const level = itemId ? findLevel(ctx, itemId, location.id) : undefined;
      return !itemId || (level?.quantities.available ?? 0) >= line.quantity;
    }),
  );
  return (stocked ?? locations[0]!).id;
}

function levelFor(ctx: ShopContext, line: SimLineItem, locationId: number) {
  const itemId = line.variantId ? ctx.shop.variants.get(line.variantId)?.inventoryItemId : undefined;
  return itemId ? findLevel(ctx, itemId, locationId) : undefined;
}

/** Shopify commits stock for a placed order even when it takes available below zero (the oversell it allows). */
function commit(ctx: ShopContext, line: SimLineItem, locationId: number, units: number) {
  const level = levelFor(ctx, line, locationId);
  if (level) moveQuantities(ctx, level, { available: -units, committed: units });
}

function touch(ctx: ShopContext, order: SimOrder) {
  order.updatedAt = ctx.clock.stamp();
}

export type FulfillmentRequest = {
  fulfillmentOrderId: number;
  /** Fulfillment order line items and units; all remaining units when omitted. */
  lines?: { fulfillmentOrderLineItemId: number; quantity: number }[];
}[];

export function createFulfillment(
  ctx: ShopContext,
  request: FulfillmentRequest,
  tracking: SimFulfillment["tracking"] = {},
  /** Backdates the fulfillment (and the order's update), for histories. */
  at?: Date,
): SimFulfillment {
  const { shop, clock } = ctx;
  if (request.length === 0) throw new SimUserError("No fulfillment orders given", ["fulfillment"]);
  const fulfillmentOrders = request.map((entry, index) => {
    const fo = shop.fulfillmentOrders.get(entry.fulfillmentOrderId);
    if (!fo) throw new SimUserError("Fulfillment order does not exist.", fieldPath(index, "fulfillmentOrderId"));
    if (fo.status !== "OPEN" && fo.status !== "IN_PROGRESS") {
      throw new SimUserError(`Fulfillment order ${fo.id} is ${fo.status.toLowerCase()} and cannot be fulfilled.`);
    }
    return { fo, entry };
  });
  const first = fulfillmentOrders[0]!.fo;
  if (fulfillmentOrders.some(({ fo }) => fo.orderId !== first.orderId || fo.locationId !== first.locationId)) {
    throw new SimUserError("All fulfillment orders must belong to the same order and location.", ["fulfillment"]);
  }
  const plan: { fo: SimFulfillmentOrder; itemIndex: number; quantity: number }[] = [];
  fulfillmentOrders.forEach(({ fo, entry }, index) => {
    const wanted = entry.lines ?? fo.lineItems.map((item) => ({ fulfillmentOrderLineItemId: item.id, quantity: -1 }));
    for (const line of wanted) {
      const itemIndex = fo.lineItems.findIndex((item) => item.id === line.fulfillmentOrderLineItemId);
      const item = fo.lineItems[itemIndex];
      if (!item) throw new SimUserError("Invalid fulfillment order line item id.", fieldPath(index, "lineItems"));
      const quantity = line.quantity === -1 ? item.remainingQuantity : line.quantity;
      if (quantity > item.remainingQuantity || quantity < 0) {
        throw new SimUserError(
          `Quantity ${quantity} exceeds the ${item.remainingQuantity} unit(s) left to fulfill.`,
          fieldPath(index, "quantity"),
        );
      }
      if (quantity > 0) plan.push({ fo, itemIndex, quantity });
    }
  });
  if (plan.length === 0) throw new SimUserError("Nothing left to fulfill.", ["fulfillment"]);
  const order = shop.orders.get(first.orderId)!;
  const lines = new Map(order.lineItems.map((line) => [line.id, line]));
  const now = at ?? clock.stamp();
  const fulfillment: SimFulfillment = {
    id: clock.id(),
    orderId: order.id,
    name: `${order.name}.${order.fulfillmentIds.length + 1}`,
    locationId: first.locationId,
    status: "success",
    createdAt: now,
    updatedAt: now,
    tracking,
    lineItems: [],
  };
  for (const { fo, itemIndex, quantity } of plan) {
    const item = fo.lineItems[itemIndex]!;
    item.remainingQuantity -= quantity;
    fulfillment.lineItems.push({ id: clock.id(), lineItemId: item.lineItemId, quantity });
    const level = levelFor(ctx, lines.get(item.lineItemId)!, fo.locationId);
    if (level) moveQuantities(ctx, level, { committed: -quantity });
  }
  for (const { fo } of fulfillmentOrders) {
    fo.status = fo.lineItems.every((item) => item.remainingQuantity === 0) ? "CLOSED" : "IN_PROGRESS";
    fo.updatedAt = now;
  }
  shop.fulfillments.set(fulfillment.id, fulfillment);
  order.fulfillmentIds.push(fulfillment.id);
  order.updatedAt = now;
  ctx.emit({ topic: "fulfillments/create", payload: fulfillmentToRest(shop, fulfillment) });
  ctx.emit({ topic: "orders/updated", payload: orderToRest(shop, order) });
  const status = orderFulfillmentStatus(shop, order);
  const topic = status === "fulfilled" ? "orders/fulfilled" : "orders/partially_fulfilled";
  ctx.emit({ topic, payload: orderToRest(shop, order) });
  return fulfillment;
}

const fieldPath = (index: number, field: string) => [
  "fulfillment",
  "lineItemsByFulfillmentOrder",
  String(index),
  field,
];

/** Cancels a fulfillment: its units are unfulfilled again, back on the shelf and committed to the order. */
export function cancelFulfillment(ctx: ShopContext, fulfillmentId: number): SimFulfillment {
  const fulfillment = ctx.shop.fulfillments.get(fulfillmentId);
  if (!fulfillment) throw new SimUserError("Fulfillment does not exist.", ["id"]);
  if (fulfillment.status === "cancelled") throw new SimUserError("Fulfillment is already cancelled.", ["id"]);
  const order = ctx.shop.orders.get(fulfillment.orderId)!;
  const lines = new Map(order.lineItems.map((line) => [line.id, line]));
  fulfillment.status = "cancelled";
  fulfillment.updatedAt = ctx.clock.stamp();
  for (const item of fulfillment.lineItems) {
    const fo = order.fulfillmentOrderIds
      .map((id) => ctx.shop.fulfillmentOrders.get(id)!)
      .find((candidate) => candidate.locationId === fulfillment.locationId);
    const foItem = fo?.lineItems.find((candidate) => candidate.lineItemId === item.lineItemId);
    if (fo && foItem) {
      foItem.remainingQuantity += item.quantity;
      fo.status = "OPEN";
    }
    const level = levelFor(ctx, lines.get(item.lineItemId)!, fulfillment.locationId);
    if (level) moveQuantities(ctx, level, { committed: item.quantity });
  }
  touch(ctx, order);
  ctx.emit({ topic: "fulfillments/update", payload: fulfillmentToRest(ctx.shop, fulfillment) });
  ctx.emit({ topic: "orders/updated", payload: orderToRest(ctx.shop, order) });
  return fulfillment;
}

export function cancelOrder(ctx: ShopContext, orderId: number, options: { reason?: string; restock: boolean }) {
  const order = ctx.shop.orders.get(orderId);
  if (!order) throw new SimUserError("Order does not exist.", ["orderId"], "NOT_FOUND");
  if (order.cancelledAt) throw new SimUserError("Order has already been cancelled.", ["orderId"], "INVALID");
  const lines = new Map(order.lineItems.map((line) => [line.id, line]));
  for (const fo of order.fulfillmentOrderIds.map((id) => ctx.shop.fulfillmentOrders.get(id)!)) {
    for (const item of fo.lineItems) {
      const level = levelFor(ctx, lines.get(item.lineItemId)!, fo.locationId);
      // Restocked units go back to available; without restock they leave the shelf with the cancelled order.
      if (level && item.remainingQuantity > 0) {
        moveQuantities(ctx, level, {
          committed: -item.remainingQuantity,
          available: options.restock ? item.remainingQuantity : 0,
        });
      }
      item.remainingQuantity = 0;
    }
    if (fo.status !== "CLOSED") fo.status = "CANCELLED";
  }
  order.cancelledAt = ctx.clock.stamp();
  order.cancelReason = (options.reason ?? "other").toLowerCase();
  order.updatedAt = order.cancelledAt;
  ctx.emit({ topic: "orders/cancelled", payload: orderToRest(ctx.shop, order) });
  ctx.emit({ topic: "orders/updated", payload: orderToRest(ctx.shop, order) });
  return order;
}

/** An order edit that lowers a line's quantity; the removed units go back to available. */
export function editLineQuantity(ctx: ShopContext, orderId: number, lineItemId: number, newQuantity: number) {
  const order = ctx.shop.orders.get(orderId);
  const line = order?.lineItems.find((candidate) => candidate.id === lineItemId);
  if (!order || !line) throw new SimUserError("Order line does not exist.", ["lineItemId"]);
  const removed = line.currentQuantity - newQuantity;
  if (removed < 0 || newQuantity < 0) throw new SimUserError("An edit can only lower a line's quantity.");
  const remaining = order.fulfillmentOrderIds
    .map((id) => ctx.shop.fulfillmentOrders.get(id)!)
    .reduce(
      (sum, fo) => sum + (fo.lineItems.find((item) => item.lineItemId === lineItemId)?.remainingQuantity ?? 0),
      0,
    );
  if (removed > remaining) throw new SimUserError("Fulfilled units cannot be removed by an edit.");
  for (const fo of order.fulfillmentOrderIds.map((id) => ctx.shop.fulfillmentOrders.get(id)!)) {
    const item = fo.lineItems.find((candidate) => candidate.lineItemId === lineItemId);
    if (!item) continue;
    const released = Math.min(removed, item.remainingQuantity);
    item.remainingQuantity -= released;
    const level = levelFor(ctx, line, fo.locationId);
    if (level) moveQuantities(ctx, level, { committed: -released, available: released });
    if (fo.lineItems.every((candidate) => candidate.remainingQuantity === 0)) fo.status = "CLOSED";
  }
  line.currentQuantity = newQuantity;
  touch(ctx, order);
  ctx.emit({ topic: "orders/edited", payload: { order_edit: { order_id: order.id } } });
  ctx.emit({ topic: "orders/updated", payload: orderToRest(ctx.shop, order) });
  return order;
}
