// Signed Shopify orders/create deliveries, each a distinct order: unique order, line, webhook and event ids, three
// lines from the seeded catalogue with quantities 1-2, prices as decimal strings, totals that add up.
import { createHmac, randomUUID } from "node:crypto";
import { shopifyFixture } from "../../test/support/shopify-fixtures.ts";
import type { PreparedRequest } from "../lib/http-client.ts";
import { CATALOG, type CatalogItem } from "./catalog.ts";
import { seededRandom } from "../../app/seeded-random.ts";

export const WEBHOOK_PATH = "/webhooks/shopify";
export const LINES_PER_ORDER = 3;
const SHIPPING_CENTS = 500;

const CUSTOMERS = [
  { first: "Mira", last: "Lind" },
  { first: "Jonas", last: "Berg" },
  { first: "Aiko", last: "Tanaka" },
  { first: "Lucía", last: "Ortega" },
  { first: "Samuel", last: "Okafor" },
];

const cents = (price: string) => Math.round(Number(price) * 100);
const money = (amountCents: number) => (amountCents / 100).toFixed(2);

export function signWebhook(body: Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export type OrderWebhookFactory = { next: () => PreparedRequest; issued: () => number };

export function createOrderWebhookFactory(options: { secret: string; shopDomain: string; seed?: number }) {
  const template = shopifyFixture("orders-create");
  delete template._source;
  const lineTemplate = (template.line_items as Record<string, unknown>[])[0]!;
  const customerTemplate = template.customer as Record<string, unknown>;
  const addressTemplate = template.shipping_address as Record<string, unknown>;
  const pick = seededRandom(options.seed ?? 42);
  let seq = 0;

  const line = (item: CatalogItem, id: number, quantity: number) => ({
    ...lineTemplate,
    id,
    admin_graphql_api_id: `gid://shopify/LineItem/${id}`,
    product_id: item.productId,
    variant_id: item.variantId,
    sku: item.sku,
    name: item.title,
    title: item.title.split(" - ")[0],
    variant_title: item.title.split(" - ")[1],
    quantity,
    current_quantity: quantity,
    fulfillable_quantity: quantity,
    price: item.price,
    price_set: {
      shop_money: { amount: item.price, currency_code: "USD" },
      presentment_money: { amount: item.price, currency_code: "USD" },
    },
  });

  const next = (): PreparedRequest => {
    seq += 1;
    const orderId = 5_600_000_000_000 + seq;
    const items = new Set<CatalogItem>();
    while (items.size < LINES_PER_ORDER) items.add(CATALOG[Math.floor(pick() * CATALOG.length)]!);
    const lines = [...items].map((item, index) =>
      line(item, 15_000_000_000_000 + seq * LINES_PER_ORDER + index, 1 + Math.floor(pick() * 2)),
    );
    const subtotal = lines.reduce((sum, item) => sum + cents(item.price) * item.quantity, 0);
    const person = CUSTOMERS[seq % CUSTOMERS.length]!;
    const email = `${person.first.toLowerCase()}.${person.last.toLowerCase()}+${seq}@example.com`;
    const created = new Date();
    const updatedAt = new Date(created.getTime() + 2_000).toISOString();
    const order = {
      ...template,
      id: orderId,
      admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
      name: `#${10_000 + seq}`,
      order_number: 10_000 + seq,
      email,
      contact_email: email,
      created_at: created.toISOString(),
      processed_at: created.toISOString(),
      updated_at: updatedAt,
      subtotal_price: money(subtotal),
      total_price: money(subtotal + SHIPPING_CENTS),
      current_total_price: money(subtotal + SHIPPING_CENTS),
      customer: {
        ...customerTemplate,
        id: 7_120_440_000_000 + seq,
        email,
        first_name: person.first,
        last_name: person.last,
      },
      shipping_address: {
        ...addressTemplate,
        name: `${person.first} ${person.last}`,
        first_name: person.first,
        last_name: person.last,
      },
      line_items: lines,
      shipping_lines: [{ id: 4_400_000_000_000 + seq, title: "Standard", price: money(SHIPPING_CENTS) }],
    };
    const body = Buffer.from(JSON.stringify(order));
    return {
      method: "POST",
      path: WEBHOOK_PATH,
      body,
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "orders/create",
        "x-shopify-hmac-sha256": signWebhook(body, options.secret),
        "x-shopify-shop-domain": options.shopDomain,
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-event-id": randomUUID(),
        "x-shopify-api-version": "2026-07",
        "x-shopify-triggered-at": updatedAt,
      },
    };
  };

  return { next, issued: () => seq } satisfies OrderWebhookFactory;
}

/** count requests built up front, so building them costs nothing while a run measures. */
export function prepareOrderWebhooks(factory: OrderWebhookFactory, count: number): PreparedRequest[] {
  return Array.from({ length: count }, () => factory.next());
}
