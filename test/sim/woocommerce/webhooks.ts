import { randomInt } from "node:crypto";
import { wcDate } from "./clock";
import type { WooClock } from "./clock";
import { WcError } from "./errors";
import type { SimWebhookRecord, StoreState, WebhookStatus } from "./state";

// Webhook records as WooCommerce keeps them: a topic ("order.updated"), a delivery URL, a secret that signs every
// delivery, and a status that deliveries only leave "active" through (paused by the merchant, disabled by failures).

export const WEBHOOK_STATUSES: readonly WebhookStatus[] = ["active", "paused", "disabled"];

/** The hooks each topic listens to (WC_Webhook::get_default_topic_hooks), shown in the `hooks` field. */
const TOPIC_HOOKS: Record<string, string[]> = {
  "order.created": ["woocommerce_new_order"],
  "order.updated": ["woocommerce_update_order", "woocommerce_order_refunded", "woocommerce_delete_order_refund"],
  "order.deleted": ["wp_trash_post", "woocommerce_trash_order"],
  "order.restored": ["untrashed_post", "woocommerce_untrash_order"],
  "product.created": [
    "woocommerce_process_product_meta",
    "woocommerce_new_product",
    "woocommerce_new_product_variation",
  ],
  "product.updated": [
    "woocommerce_process_product_meta",
    "woocommerce_update_product",
    "woocommerce_update_product_variation",
  ],
  "product.deleted": ["wp_trash_post"],
  "product.restored": ["untrashed_post"],
  "coupon.created": ["woocommerce_process_shop_coupon_meta", "woocommerce_new_coupon"],
  "coupon.updated": ["woocommerce_process_shop_coupon_meta", "woocommerce_update_coupon"],
  "coupon.deleted": ["wp_trash_post"],
  "coupon.restored": ["untrashed_post"],
  "customer.created": ["user_register", "woocommerce_created_customer", "woocommerce_new_customer"],
  "customer.updated": ["profile_update", "woocommerce_update_customer"],
  "customer.deleted": ["delete_user"],
};

/** wc_is_webhook_valid_topic: a known resource.event pair, or action.woocommerce_* / action.wc_*. */
export function isValidTopic(topic: string): boolean {
  return topic in TOPIC_HOOKS || /^action\.(woocommerce_|wc_)\w+$/.test(topic);
}

const invalidTopic = () =>
  new WcError("woocommerce_rest_webhook_invalid_topic", "Webhook topic is required and must be valid.", 400);
const invalidUrl = () =>
  new WcError(
    "woocommerce_rest_webhook_invalid_delivery_url",
    "Webhook delivery URL must be a valid URL starting with http:// or https://.",
    400,
  );

const isHttpUrl = (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);

/** wp_generate_password(50, true, true), which is what a webhook created without a secret gets. */
function generatedSecret(): string {
  const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^*()-_[]{}~+=,.;:/?|";
  return Array.from({ length: 50 }, () => chars[randomInt(chars.length)]).join("");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Nov 26, 2026 @ 08:00 AM", the default name's date format. */
function createdOnLabel(wallMs: number): string {
  const d = new Date(wallMs);
  const hours = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())}, ${d.getUTCFullYear()} @ ${pad(hours % 12 || 12)}:${pad(
    d.getUTCMinutes(),
  )} ${hours < 12 ? "AM" : "PM"}`;
}

export type WebhookInput = {
  name?: string;
  status?: WebhookStatus;
  topic?: string;
  secret?: string;
  delivery_url?: string;
};

export function createWebhook(state: StoreState, clock: WooClock, input: WebhookInput): SimWebhookRecord {
  if (!input.topic || !isValidTopic(input.topic)) throw invalidTopic();
  if (!input.delivery_url || !isHttpUrl(input.delivery_url)) throw invalidUrl();
  const now = clock.stamp();
  const record: SimWebhookRecord = {
    id: state.nextWebhookId++,
    name: input.name ?? `Webhook created on ${createdOnLabel(now + state.utcOffsetMinutes * 60_000)}`,
    status: input.status ?? "active",
    topic: input.topic,
    deliveryUrl: input.delivery_url,
    secret: input.secret ?? generatedSecret(),
    failureCount: 0,
    pendingDelivery: true,
    createdAt: now,
    modifiedAt: now,
  };
  state.webhooks.set(record.id, record);
  return record;
}

export function updateWebhook(record: SimWebhookRecord, clock: WooClock, input: WebhookInput) {
  if (input.topic !== undefined && !isValidTopic(input.topic)) throw invalidTopic();
  if (input.delivery_url !== undefined && !isHttpUrl(input.delivery_url)) throw invalidUrl();
  if (input.name !== undefined) record.name = input.name;
  if (input.status !== undefined) record.status = input.status;
  if (input.topic !== undefined) record.topic = input.topic;
  if (input.secret !== undefined) record.secret = input.secret;
  if (input.delivery_url !== undefined) record.deliveryUrl = input.delivery_url;
  record.modifiedAt = clock.stamp();
}

/** The REST shape; the secret only in the edit context (which a create answers in). */
export function webhookToJson(state: StoreState, record: SimWebhookRecord, context: "view" | "edit" = "view") {
  const [resource, event] = record.topic.split(".");
  const offset = state.utcOffsetMinutes;
  return {
    id: record.id,
    name: record.name,
    status: record.status,
    topic: record.topic,
    resource,
    event,
    hooks: TOPIC_HOOKS[record.topic] ?? [event],
    delivery_url: record.deliveryUrl,
    ...(context === "edit" ? { secret: record.secret } : {}),
    date_created: wcDate(record.createdAt, offset, false),
    date_created_gmt: wcDate(record.createdAt, offset, true),
    date_modified: wcDate(record.modifiedAt, offset, false),
    date_modified_gmt: wcDate(record.modifiedAt, offset, true),
    _links: {
      self: [{ href: `${state.url}/wp-json/wc/v3/webhooks/${record.id}` }],
      collection: [{ href: `${state.url}/wp-json/wc/v3/webhooks` }],
    },
  };
}
