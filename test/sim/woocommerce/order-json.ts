import { wcDate } from "./clock";
import { formatCents, unitPrice } from "./money";
import { orderTotalCents } from "./orders";
import type { SimLineItem, SimNote, SimOrder, SimRefund, StoreState } from "./state";

// Order, refund and note bodies in the wc/v3 shapes. Money is a string with two decimals except a line's `price`,
// which is a number; a line's `sku` is looked up live from the product; refunds appear on the order as negative totals.

const API = "/wp-json/wc/v3";

function dateFields(state: StoreState, name: string, ms: number | null) {
  return {
    [name]: wcDate(ms, state.utcOffsetMinutes, false),
    [`${name}_gmt`]: wcDate(ms, state.utcOffsetMinutes, true),
  };
}

function lineToJson(state: StoreState, line: SimLineItem) {
  const product = state.products.get(line.variationId || line.productId);
  const parent = line.variationId ? state.products.get(line.productId) : undefined;
  return {
    id: line.id,
    name: line.name,
    product_id: line.productId,
    variation_id: line.variationId,
    quantity: line.quantity,
    tax_class: "",
    subtotal: formatCents(line.totalCents),
    subtotal_tax: "0.00",
    total: formatCents(line.totalCents),
    total_tax: "0.00",
    taxes: [],
    meta_data: [
      ...line.attributes.map((attribute, index) => ({
        id: line.id * 100 + index,
        key: attribute.name.toLowerCase(),
        value: attribute.option,
        display_key: attribute.name,
        display_value: attribute.option,
      })),
      ...(line.reducedStock
        ? [{ id: line.id * 100 + 99, key: "_reduced_stock", value: String(line.reducedStock) }]
        : []),
    ],
    sku: product ? product.sku : null,
    price: unitPrice(line.totalCents, line.quantity),
    image: { id: "", src: "" },
    parent_name: parent ? parent.name : null,
  };
}

export function orderToJson(state: StoreState, order: SimOrder) {
  const total = orderTotalCents(order);
  const refunds = order.refundIds.map((id) => state.refunds.get(id)).filter((r): r is SimRefund => !!r);
  return {
    id: order.id,
    parent_id: 0,
    status: order.status,
    currency: order.currency,
    version: "9.9.5",
    prices_include_tax: false,
    ...dateFields(state, "date_created", order.createdAt),
    ...dateFields(state, "date_modified", order.modifiedAt),
    discount_total: "0.00",
    discount_tax: "0.00",
    shipping_total: formatCents(order.shippingCents),
    shipping_tax: "0.00",
    cart_tax: "0.00",
    total: formatCents(total),
    total_tax: "0.00",
    customer_id: order.customerId,
    order_key: order.orderKey,
    billing: order.billing,
    shipping: order.shipping,
    payment_method: order.paymentMethod,
    payment_method_title: order.paymentMethodTitle,
    transaction_id: order.transactionId,
    customer_ip_address: "203.0.113.7",
    customer_user_agent: "Mozilla/5.0",
    created_via: "checkout",
    customer_note: order.customerNote,
    ...dateFields(state, "date_completed", order.completedAt),
    ...dateFields(state, "date_paid", order.paidAt),
    cart_hash: "",
    number: order.number,
    meta_data: [],
    line_items: order.lineItems.map((line) => lineToJson(state, line)),
    tax_lines: [],
    shipping_lines: order.shippingCents
      ? [
          {
            id: order.id * 10,
            method_title: "Flat rate",
            method_id: "flat_rate",
            total: formatCents(order.shippingCents),
          },
        ]
      : [],
    fee_lines: [],
    coupon_lines: [],
    refunds: refunds.map((refund) => ({
      id: refund.id,
      reason: refund.reason,
      total: formatCents(-refund.amountCents),
    })),
    payment_url: `${state.url}/checkout/order-pay/${order.id}/?pay_for_order=true&key=${order.orderKey}`,
    is_editable: order.status === "pending" || order.status === "on-hold",
    needs_payment: order.status === "pending" || order.status === "failed",
    needs_processing: true,
    currency_symbol: order.currency === "EUR" ? "€" : order.currency === "GBP" ? "£" : "$",
    _links: {
      self: [{ href: `${state.url}${API}/orders/${order.id}` }],
      collection: [{ href: `${state.url}${API}/orders` }],
    },
  };
}

export function refundToJson(state: StoreState, refund: SimRefund) {
  const order = state.orders.get(refund.orderId);
  return {
    id: refund.id,
    ...dateFields(state, "date_created", refund.createdAt),
    amount: formatCents(refund.amountCents),
    reason: refund.reason,
    refunded_by: 1,
    refunded_payment: refund.refundedPayment,
    meta_data: [],
    line_items: refund.lines.map((line) => {
      const item = order?.lineItems.find((candidate) => candidate.id === line.lineItemId);
      const product = item ? state.products.get(item.variationId || item.productId) : undefined;
      return {
        id: line.id,
        name: item?.name ?? "",
        product_id: item?.productId ?? 0,
        variation_id: item?.variationId ?? 0,
        quantity: -line.quantity,
        tax_class: "",
        subtotal: formatCents(-line.refundTotalCents),
        subtotal_tax: "0.00",
        total: formatCents(-line.refundTotalCents),
        total_tax: "0.00",
        taxes: [],
        meta_data: [{ id: line.id * 100, key: "_refunded_item_id", value: String(line.lineItemId) }],
        sku: product ? product.sku : null,
        price: line.quantity ? -line.refundTotalCents / 100 / line.quantity : 0,
        refund_total: line.refundTotalCents / 100,
      };
    }),
    shipping_lines: [],
    tax_lines: [],
    fee_lines: [],
    _links: {
      self: [{ href: `${state.url}${API}/orders/${refund.orderId}/refunds/${refund.id}` }],
      collection: [{ href: `${state.url}${API}/orders/${refund.orderId}/refunds` }],
      up: [{ href: `${state.url}${API}/orders/${refund.orderId}` }],
    },
  };
}

export function noteToJson(state: StoreState, orderId: number, note: SimNote) {
  return {
    id: note.id,
    author: note.author,
    ...dateFields(state, "date_created", note.createdAt),
    note: note.note,
    customer_note: note.customerNote,
    _links: {
      self: [{ href: `${state.url}${API}/orders/${orderId}/notes/${note.id}` }],
      up: [{ href: `${state.url}${API}/orders/${orderId}` }],
    },
  };
}
