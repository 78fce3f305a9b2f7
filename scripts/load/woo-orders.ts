import { createHash, createHmac } from "node:crypto";
import { phpJson } from "../../test/sim/woocommerce/wire.ts";
import type { LoadItem } from "./catalog.ts";
import { customerFor, linesFor, money, type GeneratedRequest } from "./order-mix.ts";

// Signed WooCommerce order deliveries in pairs, as a checkout and its shipment raise them: order.created for a new
// paid order (status processing), then order.updated for the same order completed (shipped). Each body is the
// wc/v3 order as the store would build it (PHP's JSON escaping, money as strings, the load catalogue's real product
// ids), about 4 KB for three lines; signed with the channel's webhook secret as WooCommerce signs (base64
// HMAC-SHA256 of the exact body bytes). Order ids are unique per sequence number.

export type WooOrderOptions = {
  secret: string;
  channelId: string;
  storeUrl: string;
  /** The store's webhook ids per topic (only their format is checked, but real ones keep the headers honest). */
  webhookIds: { created: number; updated: number };
  items: LoadItem[];
};

export type WooOrderEvent = "created" | "updated";

const gmt = (date: Date) => date.toISOString().slice(0, 19);

function contact(seq: number, email?: string) {
  const person = customerFor(seq);
  return {
    first_name: person.first,
    last_name: person.last,
    company: "",
    address_1: `${10 + (seq % 890)} Quay Street`,
    address_2: "",
    city: "Bristol",
    state: "",
    postcode: "BS1 4DJ",
    country: "GB",
    ...(email ? { email, phone: `0117 496 ${String(seq % 10_000).padStart(4, "0")}` } : { phone: "" }),
  };
}

/** The order as the store shows it: placed at `placed`, and for "updated" completed at `now`. */
export function wooOrderBody(
  seq: number,
  event: WooOrderEvent,
  options: Pick<WooOrderOptions, "items" | "storeUrl">,
  placed: Date,
  now: Date = placed,
): string {
  const id = 2_000_000 + seq;
  const completed = event === "updated";
  const person = customerFor(seq);
  const email = `${person.first.toLowerCase()}.${person.last.toLowerCase()}+w${seq}@example.com`;
  const lines = linesFor(seq, options.items).map(({ item, quantity }, index) => {
    const total = money(Math.round(Number(item.price) * 100) * quantity);
    return {
      id: 9_000_000 + seq * 4 + index,
      name: `${item.title} - ${item.variantTitle}`,
      product_id: item.woo.productId,
      variation_id: 0,
      quantity,
      tax_class: "",
      subtotal: total,
      subtotal_tax: "0.00",
      total,
      total_tax: "0.00",
      taxes: [],
      meta_data: [{ id: (9_000_000 + seq * 4 + index) * 100 + 99, key: "_reduced_stock", value: String(quantity) }],
      sku: item.sku,
      price: Number(item.price),
      image: { id: "", src: "" },
      parent_name: null,
    };
  });
  const shippingCents = 495;
  const totalCents = lines.reduce((sum, line) => sum + Math.round(Number(line.total) * 100), 0) + shippingCents;
  const api = `${options.storeUrl}/wp-json/wc/v3`;
  const stamp = (date: Date | null) => (date ? gmt(date) : null);
  return phpJson({
    id,
    parent_id: 0,
    status: completed ? "completed" : "processing",
    currency: "USD",
    version: "9.9.5",
    prices_include_tax: false,
    date_created: gmt(placed),
    date_created_gmt: gmt(placed),
    date_modified: gmt(now),
    date_modified_gmt: gmt(now),
    discount_total: "0.00",
    discount_tax: "0.00",
    shipping_total: money(shippingCents),
    shipping_tax: "0.00",
    cart_tax: "0.00",
    total: money(totalCents),
    total_tax: "0.00",
    customer_id: seq % 3 === 0 ? 0 : 40_000 + seq,
    order_key: `wc_order_${createHash("sha1").update(String(id)).digest("hex").slice(0, 13)}`,
    billing: contact(seq, email),
    shipping: contact(seq),
    payment_method: "stripe",
    payment_method_title: "Credit card (Stripe)",
    transaction_id: `pi_${createHash("sha1").update(`t${id}`).digest("hex").slice(0, 24)}`,
    customer_ip_address: "203.0.113.7",
    customer_user_agent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    created_via: "checkout",
    customer_note: seq % 5 === 0 ? "Bitte beim Nachbarn abgeben – danke!" : "",
    date_completed: stamp(completed ? now : null),
    date_completed_gmt: stamp(completed ? now : null),
    date_paid: gmt(placed),
    date_paid_gmt: gmt(placed),
    cart_hash: createHash("md5").update(`cart${id}`).digest("hex"),
    number: String(id),
    meta_data: [{ id: id * 10, key: "_stripe_intent_id", value: `pi_${id}` }],
    line_items: lines,
    tax_lines: [],
    shipping_lines: [
      { id: id * 10 + 1, method_title: "Flat rate", method_id: "flat_rate", total: money(shippingCents) },
    ],
    fee_lines: [],
    coupon_lines: [],
    refunds: [],
    payment_url: `${options.storeUrl}/checkout/order-pay/${id}/?pay_for_order=true&key=wc_order_${id}`,
    is_editable: false,
    needs_payment: false,
    needs_processing: true,
    currency_symbol: "$",
    _links: { self: [{ href: `${api}/orders/${id}` }], collection: [{ href: `${api}/orders` }] },
  });
}

export function wooOrderRequest(
  seq: number,
  event: WooOrderEvent,
  options: WooOrderOptions,
  placed: Date,
  now: Date = new Date(),
): GeneratedRequest {
  const body = wooOrderBody(seq, event, options, placed, event === "created" ? placed : now);
  const webhookId = options.webhookIds[event];
  return {
    method: "POST",
    path: `/webhooks/woocommerce/${options.channelId}`,
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "WooCommerce/9.9.5 Hookshot (WordPress/6.8.2)",
      "x-wc-webhook-source": `${options.storeUrl}/`,
      "x-wc-webhook-topic": `order.${event}`,
      "x-wc-webhook-resource": "order",
      "x-wc-webhook-event": event,
      "x-wc-webhook-signature": createHmac("sha256", options.secret).update(body, "utf8").digest("base64"),
      "x-wc-webhook-id": String(webhookId),
      "x-wc-webhook-delivery-id": createHash("md5")
        .update(`${webhookId}${Math.floor(now.getTime() / 1000)}`)
        .digest("hex"),
    },
  };
}
