import type { ParsedWebhook, WebhookParser } from "../contract";
import { parseFulfillmentWebhook } from "./parse-fulfillment";
import { parseInventoryLevelWebhook } from "./parse-inventory-level";
import { parseOrderCancelledWebhook, parseOrderWebhook } from "./parse-order";
import {
  parseAppUninstalledWebhook,
  parseCustomerDataRequestWebhook,
  parseCustomerRedactWebhook,
  parseShopRedactWebhook,
} from "./parse-privacy";
import { parseProductDeletedWebhook, parseProductWebhook } from "./parse-product";
import { parseRefundWebhook } from "./parse-refund";
import { parseReturnWebhook, RETURN_STATUS_OF_TOPIC, type ShopifyReturnTopic } from "./parse-return";
import { parseScopesUpdateWebhook } from "./parse-scopes";

// returns/request, returns/approve, ... returns/reopen: one notice each, told apart by the status the topic names.
const RETURN_TOPICS = Object.fromEntries(
  (Object.keys(RETURN_STATUS_OF_TOPIC) as ShopifyReturnTopic[]).map((topic) => [
    topic,
    (payload: unknown) => parseReturnWebhook(topic, payload),
  ]),
);

const TOPICS: Record<string, (payload: unknown) => ParsedWebhook> = {
  "orders/create": (payload) => ({ events: [parseOrderWebhook(payload)] }),
  "orders/updated": (payload) => ({ events: [parseOrderWebhook(payload)] }),
  "orders/cancelled": (payload) => ({ events: [parseOrderCancelledWebhook(payload)] }),
  "refunds/create": (payload) => ({ events: [parseRefundWebhook(payload)] }),
  "fulfillments/create": parseFulfillmentWebhook,
  "fulfillments/update": parseFulfillmentWebhook,
  ...RETURN_TOPICS,
  "inventory_levels/update": parseInventoryLevelWebhook,
  "products/update": parseProductWebhook,
  "products/delete": parseProductDeletedWebhook,
  "app/scopes_update": (payload) => ({ events: [parseScopesUpdateWebhook(payload)] }),
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
