import { gid } from "./gid";
import { formatMinor } from "./money";
import {
  onHand,
  type ShopState,
  type SimFulfillment,
  type SimLevel,
  type SimOrder,
  type SimProduct,
  type SimRefund,
} from "./state";

// Webhook bodies in the REST resource shapes Shopify sends: snake_case, numeric ids next to admin_graphql_api_id,
// money as decimal strings (see test/fixtures/shopify for hand-written examples of the same shapes).

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function fulfilledByLine(shop: ShopState, order: SimOrder): Map<number, number> {
  const shipped = new Map<number, number>();
  for (const id of order.fulfillmentIds) {
    const fulfillment = shop.fulfillments.get(id);
    if (fulfillment?.status !== "success") continue;
    for (const line of fulfillment.lineItems) {
      shipped.set(line.lineItemId, (shipped.get(line.lineItemId) ?? 0) + line.quantity);
    }
  }
  return shipped;
}

/** null (nothing shipped), "partial" or "fulfilled": REST's order-level fulfillment_status. */
export function orderFulfillmentStatus(shop: ShopState, order: SimOrder): "partial" | "fulfilled" | null {
  const shipped = fulfilledByLine(shop, order);
  const wanted = order.lineItems.reduce((sum, line) => sum + line.currentQuantity, 0);
  const done = order.lineItems.reduce(
    (sum, line) => sum + Math.min(shipped.get(line.id) ?? 0, line.currentQuantity),
    0,
  );
  if (done === 0) return null;
  return done >= wanted ? "fulfilled" : "partial";
}

function moneySet(minor: number, currency: string) {
  const amount = formatMinor(minor, currency);
  return {
    shop_money: { amount, currency_code: currency },
    presentment_money: { amount, currency_code: currency },
  };
}

export function orderToRest(shop: ShopState, order: SimOrder): Record<string, unknown> {
  const currency = shop.currency;
  const shipped = fulfilledByLine(shop, order);
  const total = order.lineItems.reduce((sum, line) => sum + line.quantity * line.priceMinor, 0);
  const current = order.lineItems.reduce((sum, line) => sum + line.currentQuantity * line.priceMinor, 0);
  const address = order.shippingAddress;
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    name: order.name,
    order_number: order.number,
    email: order.email,
    contact_email: order.email,
    created_at: iso(order.createdAt),
    processed_at: iso(order.createdAt),
    updated_at: iso(order.updatedAt),
    cancelled_at: iso(order.cancelledAt),
    cancel_reason: order.cancelReason,
    closed_at: iso(order.closedAt),
    currency,
    presentment_currency: currency,
    financial_status: order.financialStatus,
    fulfillment_status: orderFulfillmentStatus(shop, order),
    subtotal_price: formatMinor(total, currency),
    total_price: formatMinor(total, currency),
    current_total_price: formatMinor(current, currency),
    total_tax: formatMinor(0, currency),
    test: false,
    customer: order.customer
      ? {
          id: order.customer.id,
          admin_graphql_api_id: gid("Customer", order.customer.id),
          email: order.customer.email ?? null,
          first_name: order.customer.firstName ?? null,
          last_name: order.customer.lastName ?? null,
        }
      : null,
    shipping_address: address
      ? {
          name: address.name ?? null,
          first_name: address.firstName ?? null,
          last_name: address.lastName ?? null,
          address1: address.address1 ?? null,
          city: address.city ?? null,
          zip: address.zip ?? null,
          country: address.country ?? null,
          country_code: address.countryCode ?? null,
        }
      : null,
    line_items: order.lineItems.map((line) => {
      const done = Math.min(shipped.get(line.id) ?? 0, line.currentQuantity);
      return {
        id: line.id,
        admin_graphql_api_id: gid("LineItem", line.id),
        product_id: line.productId,
        variant_id: line.variantId,
        sku: line.sku ?? "",
        name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
        title: line.title,
        variant_title: line.variantTitle,
        quantity: line.quantity,
        current_quantity: line.currentQuantity,
        fulfillable_quantity: order.cancelledAt ? 0 : Math.max(0, line.currentQuantity - done),
        fulfillment_status: done === 0 ? null : done >= line.currentQuantity ? "fulfilled" : "partial",
        fulfillment_service: "manual",
        requires_shipping: true,
        price: formatMinor(line.priceMinor, currency),
        price_set: moneySet(line.priceMinor, currency),
      };
    }),
    fulfillments: order.fulfillmentIds.flatMap((id) => {
      const fulfillment = shop.fulfillments.get(id);
      return fulfillment ? [fulfillmentToRest(shop, fulfillment)] : [];
    }),
    refunds: order.refundIds.flatMap((id) => {
      const refund = shop.refunds.get(id);
      return refund ? [refundToRest(shop, refund)] : [];
    }),
  };
}

export function fulfillmentToRest(shop: ShopState, fulfillment: SimFulfillment): Record<string, unknown> {
  const order = shop.orders.get(fulfillment.orderId);
  const lines = new Map(order?.lineItems.map((line) => [line.id, line]) ?? []);
  const { company, number, url } = fulfillment.tracking;
  return {
    id: fulfillment.id,
    admin_graphql_api_id: gid("Fulfillment", fulfillment.id),
    order_id: fulfillment.orderId,
    name: fulfillment.name,
    status: fulfillment.status,
    service: "manual",
    shipment_status: null,
    created_at: iso(fulfillment.createdAt),
    updated_at: iso(fulfillment.updatedAt),
    location_id: fulfillment.locationId,
    tracking_company: company ?? null,
    tracking_number: number ?? null,
    tracking_numbers: number ? [number] : [],
    tracking_url: url ?? null,
    tracking_urls: url ? [url] : [],
    line_items: fulfillment.lineItems.map((item) => {
      const line = lines.get(item.lineItemId);
      return {
        id: item.lineItemId,
        variant_id: line?.variantId ?? null,
        sku: line?.sku ?? "",
        name: line?.title ?? "",
        quantity: item.quantity,
        price: formatMinor(line?.priceMinor ?? 0, shop.currency),
      };
    }),
  };
}

export function refundToRest(shop: ShopState, refund: SimRefund): Record<string, unknown> {
  const order = shop.orders.get(refund.orderId);
  const lines = new Map(order?.lineItems.map((line) => [line.id, line]) ?? []);
  return {
    id: refund.id,
    admin_graphql_api_id: gid("Refund", refund.id),
    order_id: refund.orderId,
    created_at: iso(refund.createdAt),
    processed_at: iso(refund.createdAt),
    restock: refund.lines.some((line) => line.restockType !== "no_restock"),
    note: null,
    refund_line_items: refund.lines.map((line) => {
      const subtotal = (lines.get(line.lineItemId)?.priceMinor ?? 0) * line.quantity;
      return {
        id: line.id,
        line_item_id: line.lineItemId,
        quantity: line.quantity,
        location_id: line.locationId,
        restock_type: line.restockType,
        subtotal: formatMinor(subtotal, shop.currency),
        subtotal_set: moneySet(subtotal, shop.currency),
      };
    }),
    transactions:
      refund.amountMinor > 0
        ? [
            {
              id: refund.transactionId,
              order_id: refund.orderId,
              kind: "refund",
              gateway: "manual",
              status: "success",
              amount: formatMinor(refund.amountMinor, shop.currency),
              currency: shop.currency,
              created_at: iso(refund.createdAt),
            },
          ]
        : [],
  };
}

export function inventoryLevelToRest(level: SimLevel): Record<string, unknown> {
  return {
    inventory_item_id: level.inventoryItemId,
    location_id: level.locationId,
    available: level.quantities.available,
    on_hand: onHand(level),
    updated_at: iso(level.updatedAt),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${level.id}?inventory_item_id=${level.inventoryItemId}`,
  };
}

/** The REST Product resource as products/update carries it: the product with every variant and its inventory item. */
export function productToRest(shop: ShopState, product: SimProduct): Record<string, unknown> {
  return {
    id: product.id,
    admin_graphql_api_id: gid("Product", product.id),
    title: product.title,
    status: "active",
    created_at: iso(product.createdAt),
    updated_at: iso(product.updatedAt),
    variants: product.variantIds.flatMap((id) => {
      const variant = shop.variants.get(id);
      if (!variant) return [];
      const levels = [...shop.levels.values()].filter((level) => level.inventoryItemId === variant.inventoryItemId);
      return [
        {
          id: variant.id,
          admin_graphql_api_id: gid("ProductVariant", variant.id),
          product_id: product.id,
          title: variant.title,
          sku: variant.sku ?? "",
          price: formatMinor(variant.priceMinor, shop.currency),
          inventory_item_id: variant.inventoryItemId,
          inventory_policy: variant.inventoryPolicy,
          inventory_quantity: levels.reduce((sum, level) => sum + level.quantities.available, 0),
          created_at: iso(variant.createdAt),
          updated_at: iso(variant.updatedAt),
        },
      ];
    }),
  };
}
