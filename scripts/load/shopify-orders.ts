import { createHmac, randomUUID } from "node:crypto";
import type { LoadItem } from "./catalog.ts";
import { customerFor, linesFor, money, type GeneratedRequest } from "./order-mix.ts";

// Signed Shopify orders/create deliveries, one distinct order per sequence number: unique order, line, customer,
// webhook and event ids, one to four lines of the load catalogue with the store's real product and variant ids, totals
// that add up, and the fields a real orders/create body carries (price sets, tax lines, billing address, client
// details, note attributes...), about 9 KB for three lines. Signed as Shopify signs: base64 HMAC-SHA256 of the exact
// body bytes with the app's client secret.

export const SHOPIFY_WEBHOOK_PATH = "/webhooks/shopify";
const SHIPPING_CENTS = 695;
const TAX_RATE = 0.0825;
const SHIPPED_AFTER_MS = 2 * 24 * 60 * 60 * 1000;
/** Shipped a day and a bit after it was placed. */
const shipDate = (placed: Date) => new Date(placed.getTime() + 26 * 60 * 60 * 1000).toISOString();

export type ShopifyOrderOptions = { secret: string; shopDomain: string; items: LoadItem[] };

const set = (amount: string) => ({
  shop_money: { amount, currency_code: "USD" },
  presentment_money: { amount, currency_code: "USD" },
});

function address(first: string, last: string, seq: number) {
  return {
    first_name: first,
    last_name: last,
    name: `${first} ${last}`,
    company: seq % 7 === 0 ? "Lind & Berg Outfitters" : null,
    address1: `${10 + (seq % 890)} Harbour Lane`,
    address2: seq % 3 === 0 ? `Apt ${1 + (seq % 40)}` : "",
    city: "Portland",
    province: "Maine",
    province_code: "ME",
    zip: "04101",
    country: "United States",
    country_code: "US",
    phone: `+1207555${String(1000 + (seq % 9000))}`,
    latitude: 43.66,
    longitude: -70.25,
  };
}

/**
 * The order as placed at `placed`. An order placed more than SHIPPED_AFTER_MS before `now` (seeding backdates orders)
 * arrives shipped: closed, with its fulfillment, as a store's history looks.
 */
export function shopifyOrderBody(seq: number, items: LoadItem[], placed: Date, now: Date = placed): string {
  const orderId = 5_700_000_000_000 + seq;
  const person = customerFor(seq);
  const email = `${person.first.toLowerCase()}.${person.last.toLowerCase()}+${seq}@example.com`;
  const created = placed.toISOString();
  const shippedAt = now.getTime() - placed.getTime() > SHIPPED_AFTER_MS ? shipDate(placed) : undefined;
  const lines = linesFor(seq, items).map(({ item, quantity }, index) => {
    const id = 16_000_000_000_000 + seq * 4 + index;
    const lineCents = Math.round(Number(item.price) * 100) * quantity;
    const tax = money(Math.round(lineCents * TAX_RATE));
    return {
      id,
      admin_graphql_api_id: `gid://shopify/LineItem/${id}`,
      attributed_staffs: [],
      current_quantity: quantity,
      fulfillable_quantity: shippedAt ? 0 : quantity,
      fulfillment_service: "manual",
      fulfillment_status: shippedAt ? "fulfilled" : null,
      gift_card: false,
      grams: 250,
      name: `${item.title} - ${item.variantTitle}`,
      price: item.price,
      price_set: set(item.price),
      product_exists: true,
      product_id: item.shopify.productId,
      properties: [],
      quantity,
      requires_shipping: true,
      sku: item.sku,
      taxable: true,
      title: item.title,
      total_discount: "0.00",
      total_discount_set: set("0.00"),
      variant_id: item.shopify.variantId,
      variant_inventory_management: "shopify",
      variant_title: item.variantTitle,
      vendor: "Demo Outfitters",
      tax_lines: [{ channel_liable: false, price: tax, price_set: set(tax), rate: TAX_RATE, title: "ME State Tax" }],
      duties: [],
      discount_allocations: [],
    };
  });
  const subtotalCents = lines.reduce((sum, line) => sum + Math.round(Number(line.price) * 100) * line.quantity, 0);
  const taxCents = Math.round(subtotalCents * TAX_RATE);
  const total = money(subtotalCents + taxCents + SHIPPING_CENTS);
  const order = {
    id: orderId,
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    app_id: 580111,
    browser_ip: `203.0.113.${seq % 250}`,
    buyer_accepts_marketing: seq % 2 === 0,
    cancel_reason: null,
    cancelled_at: null,
    cart_token: randomUUID().replace(/-/g, ""),
    checkout_id: 36_000_000_000 + seq,
    checkout_token: randomUUID().replace(/-/g, ""),
    client_details: {
      accept_language: "en-US",
      browser_height: 900,
      browser_ip: `203.0.113.${seq % 250}`,
      browser_width: 1440,
      session_hash: null,
      user_agent:
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Safari/605.1.15",
    },
    closed_at: shippedAt ?? null,
    confirmation_number: `CL${String(seq).padStart(8, "0")}`,
    confirmed: true,
    contact_email: email,
    created_at: created,
    currency: "USD",
    current_subtotal_price: money(subtotalCents),
    current_subtotal_price_set: set(money(subtotalCents)),
    current_total_discounts: "0.00",
    current_total_price: total,
    current_total_price_set: set(total),
    current_total_tax: money(taxCents),
    current_total_tax_set: set(money(taxCents)),
    customer_locale: "en-US",
    discount_codes: [],
    email,
    estimated_taxes: false,
    financial_status: "paid",
    fulfillment_status: shippedAt ? "fulfilled" : null,
    landing_site: "/products/harbour-tee?utm_source=newsletter",
    name: `#${100_000 + seq}`,
    note: seq % 5 === 0 ? "Please leave the parcel at the back door." : null,
    note_attributes: [{ name: "gift", value: seq % 4 === 0 ? "yes" : "no" }],
    number: 99_000 + seq,
    order_number: 100_000 + seq,
    order_status_url: `https://demo-outfitters.myshopify.com/orders/${randomUUID().replace(/-/g, "")}/authenticate`,
    payment_gateway_names: ["shopify_payments"],
    phone: null,
    presentment_currency: "USD",
    processed_at: created,
    source_name: "web",
    subtotal_price: money(subtotalCents),
    subtotal_price_set: set(money(subtotalCents)),
    tags: seq % 3 === 0 ? "returning, newsletter" : "",
    tax_lines: [{ price: money(taxCents), rate: TAX_RATE, title: "ME State Tax", price_set: set(money(taxCents)) }],
    taxes_included: false,
    test: false,
    total_discounts: "0.00",
    total_discounts_set: set("0.00"),
    total_line_items_price: money(subtotalCents),
    total_line_items_price_set: set(money(subtotalCents)),
    total_price: total,
    total_price_set: set(total),
    total_shipping_price_set: set(money(SHIPPING_CENTS)),
    total_tax: money(taxCents),
    total_tax_set: set(money(taxCents)),
    total_weight: 250 * lines.length,
    updated_at: shippedAt ?? created,
    billing_address: address(person.first, person.last, seq),
    customer: {
      id: 7_200_000_000_000 + seq,
      email,
      first_name: person.first,
      last_name: person.last,
      state: "enabled",
      verified_email: true,
      currency: "USD",
      tags: "",
      created_at: created,
      updated_at: created,
      admin_graphql_api_id: `gid://shopify/Customer/${7_200_000_000_000 + seq}`,
    },
    discount_applications: [],
    fulfillments: shippedAt
      ? [
          {
            id: 5_300_000_000_000 + seq,
            admin_graphql_api_id: `gid://shopify/Fulfillment/${5_300_000_000_000 + seq}`,
            created_at: shippedAt,
            updated_at: shippedAt,
            name: `#${100_000 + seq}.1`,
            status: "success",
            shipment_status: "delivered",
            service: "manual",
            tracking_company: "UPS",
            tracking_number: `1Z999AA1${String(seq).padStart(10, "0")}`,
            tracking_numbers: [`1Z999AA1${String(seq).padStart(10, "0")}`],
            line_items: lines.map((line) => ({ id: line.id, quantity: line.quantity, sku: line.sku })),
          },
        ]
      : [],
    line_items: lines,
    refunds: [],
    shipping_address: address(person.first, person.last, seq),
    shipping_lines: [
      {
        id: 4_500_000_000_000 + seq,
        code: "Standard",
        price: money(SHIPPING_CENTS),
        price_set: set(money(SHIPPING_CENTS)),
        source: "shopify",
        title: "Standard",
        tax_lines: [],
        discount_allocations: [],
      },
    ],
  };
  return JSON.stringify(order);
}

export function shopifyOrderRequest(
  seq: number,
  options: ShopifyOrderOptions,
  placed: Date,
  now: Date = new Date(),
): GeneratedRequest {
  const body = shopifyOrderBody(seq, options.items, placed, now);
  return {
    method: "POST",
    path: SHOPIFY_WEBHOOK_PATH,
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-hmac-sha256": createHmac("sha256", options.secret).update(body, "utf8").digest("base64"),
      "x-shopify-shop-domain": options.shopDomain,
      "x-shopify-api-version": "2026-07",
      "x-shopify-webhook-id": randomUUID(),
      "x-shopify-event-id": randomUUID(),
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  };
}
