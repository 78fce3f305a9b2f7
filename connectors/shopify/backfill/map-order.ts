import {
  FulfillmentChangedSchema,
  OrderSnapshotSchema,
  type FulfillmentChanged,
  type OrderLineSnapshot,
  type OrderSnapshot,
} from "../../events";
import { numericId } from "../admin/gid";
import type { ShopifyFulfillment } from "../admin/operations/order-fulfillments";
import type { ShopifyAddress, ShopifyLineItem, ShopifyOrder } from "../admin/operations/orders";
import { blankToUndefined } from "../parse-common";
import { decimalToMinor } from "../parse-money";

// An order read from the Admin API becomes the same snapshot its orders/updated webhook would (parse-order.ts): a
// blank SKU is no SKU, removed = quantity − currentQuantity, fulfilled = what successful fulfillments shipped.

export type CompleteOrder = {
  order: ShopifyOrder;
  /** Every line, including those paged beyond the first request. */
  lines: ShopifyLineItem[];
  /** Undefined when the order was not asked for them (it is unfulfilled). */
  fulfillments: ShopifyFulfillment[] | undefined;
  /** Per fulfillment id, every line of it, including those paged beyond the first request. */
  fulfillmentLines: Map<string, { lineItemId: string; quantity: number }[]>;
};

function shippedByLine(complete: CompleteOrder): Map<string, number> {
  const shipped = new Map<string, number>();
  for (const fulfillment of complete.fulfillments ?? []) {
    if (fulfillment.status !== "SUCCESS") continue;
    for (const line of complete.fulfillmentLines.get(fulfillment.id) ?? []) {
      shipped.set(line.lineItemId, (shipped.get(line.lineItemId) ?? 0) + line.quantity);
    }
  }
  return shipped;
}

function address(value: ShopifyAddress | null | undefined): Record<string, string> | undefined {
  if (!value) return undefined;
  const snake: Record<string, string | null | undefined> = {
    name: value.name,
    first_name: value.firstName,
    last_name: value.lastName,
    company: value.company,
    address1: value.address1,
    address2: value.address2,
    city: value.city,
    province: value.province,
    province_code: value.provinceCode,
    zip: value.zip,
    country: value.country,
    country_code: value.countryCodeV2,
    phone: value.phone,
  };
  // The same keys a webhook's shipping_address keeps, so both paths store one shape.
  const kept = Object.entries(snake).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

function customer(order: ShopifyOrder) {
  const names = [order.customer?.firstName, order.customer?.lastName].map(blankToUndefined).filter(Boolean);
  const name = names.length > 0 ? names.join(" ") : blankToUndefined(order.shippingAddress?.name);
  const email = blankToUndefined(order.email);
  const externalId = order.customer ? numericId(order.customer.id, "Customer") : undefined;
  if (!name && !email && !externalId) return undefined;
  return { externalId, name, email };
}

export function orderSnapshotFromAdmin(complete: CompleteOrder): OrderSnapshot {
  const { order } = complete;
  const currency = order.currencyCode;
  const shipped = complete.fulfillments ? shippedByLine(complete) : undefined;
  const lines: OrderLineSnapshot[] = complete.lines.map((line) => {
    const externalId = numericId(line.id, "LineItem");
    const removed = line.currentQuantity == null ? 0 : Math.max(0, line.quantity - line.currentQuantity);
    return {
      externalId,
      sku: blankToUndefined(line.sku) ?? null,
      title: line.name ?? line.title ?? "",
      quantity: line.quantity,
      priceMinor: decimalToMinor(line.originalUnitPriceSet.shopMoney.amount, currency),
      fulfilledQuantity: Math.min(shipped?.get(externalId) ?? 0, line.quantity),
      removedQuantity: removed,
    };
  });
  return OrderSnapshotSchema.parse({
    externalId: numericId(order.id, "Order"),
    name: order.name,
    channelUpdatedAt: order.updatedAt,
    placedAt: order.processedAt ?? order.createdAt,
    status: order.cancelledAt ? "cancelled" : order.closedAt ? "closed" : "open",
    financialStatus: order.displayFinancialStatus?.toLowerCase() ?? undefined,
    currency,
    totalMinor: decimalToMinor(order.totalPriceSet.shopMoney.amount, order.totalPriceSet.shopMoney.currencyCode),
    customer: customer(order),
    shippingAddress: address(order.shippingAddress),
    cancelledAt: order.cancelledAt ?? undefined,
    lines,
  });
}

/**
 * The fulfillments of an order as fulfillment.changed events. Pending and open ones have shipped nothing yet and
 * are left out; error and failure mean the units never left, like a cancellation (parse-fulfillment.ts).
 */
export function fulfillmentEventsFromAdmin(complete: CompleteOrder): FulfillmentChanged[] {
  const orderExternalId = numericId(complete.order.id, "Order");
  return (complete.fulfillments ?? []).flatMap((fulfillment) => {
    if (fulfillment.status === "PENDING" || fulfillment.status === "OPEN") return [];
    const tracking = fulfillment.trackingInfo[0];
    return [
      FulfillmentChangedSchema.parse({
        type: "fulfillment.changed",
        orderExternalId,
        fulfillmentExternalId: numericId(fulfillment.id, "Fulfillment"),
        status: fulfillment.status === "SUCCESS" ? "success" : "cancelled",
        locationExternalId: fulfillment.location ? numericId(fulfillment.location.id, "Location") : undefined,
        carrier: blankToUndefined(tracking?.company),
        trackingNumber: blankToUndefined(tracking?.number),
        trackingUrl: blankToUndefined(tracking?.url),
        lines: (complete.fulfillmentLines.get(fulfillment.id) ?? []).map((line) => ({
          lineExternalId: line.lineItemId,
          quantity: line.quantity,
        })),
        updatedAt: fulfillment.updatedAt ?? fulfillment.createdAt,
      }),
    ];
  });
}
