import type { ParsedWebhook, WebhookParser } from "../contract";
import { parseOrderDeletedWebhook, parseOrderWebhook } from "./parse-order";
import { parseProductDeletedWebhook, parseProductWebhook } from "./parse-product";

// WooCommerce's topics (X-WC-Webhook-Topic, "resource.event") to ledger events. The polling safety net stores what
// it reads under order.updated and product.updated, so a polled copy is read exactly like a delivery.

const TOPICS: Record<string, (payload: unknown) => ParsedWebhook> = {
  "order.created": parseOrderWebhook,
  "order.updated": parseOrderWebhook,
  // Untrashed: the order is back with its status.
  "order.restored": parseOrderWebhook,
  "order.deleted": parseOrderDeletedWebhook,
  "product.created": parseProductWebhook,
  "product.updated": parseProductWebhook,
  "product.restored": parseProductWebhook,
  // WooCommerce trunk also fires product.published when a draft goes live.
  "product.published": parseProductWebhook,
  "product.deleted": parseProductDeletedWebhook,
};

/** The topics this parser reads; anything else is acknowledged and ignored. */
export const WOO_PARSED_TOPICS = Object.keys(TOPICS);

export const wooParser: WebhookParser = {
  kind: "woocommerce",
  parseWebhook(topic, payload) {
    const parse = Object.hasOwn(TOPICS, topic) ? TOPICS[topic] : undefined;
    return parse ? parse(payload) : { ignored: `unknown topic ${topic}` };
  },
};
