import type { ParsedWebhook, WebhookParser } from "../contract";
import { parseFulfillmentWebhook } from "./parse-fulfillment";
import { parseOrderCancelledWebhook, parseOrderWebhook } from "./parse-order";
import {
  parseAppUninstalledWebhook,
  parseCustomerDataRequestWebhook,
  parseCustomerRedactWebhook,
  parseShopRedactWebhook,
} from "./parse-privacy";
import { parseRefundWebhook } from "./parse-refund";

const TOPICS: Record<string, (payload: unknown) => ParsedWebhook> = {
  "orders/create": (payload) => ({ events: [parseOrderWebhook(payload)] }),
  "orders/updated": (payload) => ({ events: [parseOrderWebhook(payload)] }),
  "orders/cancelled": (payload) => ({ events: [parseOrderCancelledWebhook(payload)] }),
  "refunds/create": (payload) => ({ events: [parseRefundWebhook(payload)] }),
  "fulfillments/create": parseFulfillmentWebhook,
  "fulfillments/update": parseFulfillmentWebhook,
  "app/uninstalled": (payload) => ({ events: [parseAppUninstalledWebhook(payload)] }),
  "customers/data_request": (payload) => ({ events: [parseCustomerDataRequestWebhook(payload)] }),
  "customers/redact": (payload) => ({ events: [parseCustomerRedactWebhook(payload)] }),
  "shop/redact": (payload) => ({ events: [parseShopRedactWebhook(payload)] }),
};

/** The topics this connector turns into ledger events; subscribe to these (shopify.app.toml). */
export const SHOPIFY_WEBHOOK_TOPICS = Object.keys(TOPICS);

export const shopifyParser: WebhookParser = {
  kind: "shopify",
  parseWebhook(topic, payload) {
    const parse = Object.hasOwn(TOPICS, topic) ? TOPICS[topic] : undefined;
    return parse ? parse(payload) : { ignored: `unknown topic ${topic}` };
  },
};
