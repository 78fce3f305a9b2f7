import { createHmac, randomUUID } from "node:crypto";
import type { SimWebhook } from "./context";

// Webhook deliveries to the app's subscription URL, signed the way Shopify signs them: base64 HMAC-SHA256 of the exact
// body bytes with the app's client secret. Deliveries leave one at a time, in the order the store raised them.

export type WebhookConfig = {
  /** Where deliveries go; none are sent (only recorded) while it is unset. */
  url?: string;
  secret: string;
  apiVersion: string;
  /** Subscribed topics; every topic when unset. */
  topics?: string[];
  /** Extra attempts after a failed delivery (non-2xx or a network error). */
  retries?: number;
  retryDelayMs?: number;
};

export type Delivery = {
  topic: string;
  shopDomain: string;
  eventId: string;
  body: string;
  headers: Record<string, string>;
  status?: number;
  error?: string;
  attempts: number;
};

export function signWebhookBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export class WebhookDispatcher {
  readonly deliveries: Delivery[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private config: WebhookConfig) {}

  configure(config: Partial<WebhookConfig>) {
    this.config = { ...this.config, ...config };
  }

  get secret() {
    return this.config.secret;
  }

  enqueue(shopDomain: string, webhook: SimWebhook): Delivery | undefined {
    if (this.config.topics && !this.config.topics.includes(webhook.topic)) return undefined;
    const body = JSON.stringify(webhook.payload);
    const eventId = randomUUID();
    const delivery: Delivery = {
      topic: webhook.topic,
      shopDomain,
      eventId,
      body,
      attempts: 0,
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": webhook.topic,
        "x-shopify-hmac-sha256": signWebhookBody(body, this.config.secret),
        "x-shopify-shop-domain": shopDomain,
        "x-shopify-api-version": this.config.apiVersion,
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-event-id": eventId,
        "x-shopify-triggered-at": new Date().toISOString(),
      },
    };
    this.deliveries.push(delivery);
    const url = this.config.url;
    if (url) this.chain = this.chain.then(() => this.deliver(url, delivery));
    return delivery;
  }

  /** Resolves when every delivery raised so far has been sent (or has failed for good). */
  flush(): Promise<void> {
    return this.chain;
  }

  private async deliver(url: string, delivery: Delivery) {
    const attempts = 1 + (this.config.retries ?? 0);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      delivery.attempts = attempt;
      try {
        const response = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
        await response.arrayBuffer();
        delivery.status = response.status;
        delivery.error = undefined;
        if (response.ok) return;
      } catch (error) {
        delivery.error = String(error);
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, this.config.retryDelayMs ?? 100));
    }
  }
}
