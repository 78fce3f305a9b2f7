import { createHmac } from "node:crypto";
import type { StoreEvent } from "./context";
import { orderToJson } from "./order-json";
import { productToJson } from "./product-json";
import type { SimWebhookRecord, StoreState } from "./state";
import { phpJson } from "./wire";

// Webhook deliveries as WooCommerce makes them. An event queues one delivery per (webhook, resource) and is dropped
// while one is already queued (wc_webhook_process_delivery's uniqueness check), so a burst of changes - a batch call,
// an order that moves stock - arrives once. The body is built when the delivery runs, not when the change happened,
// so it carries the latest state. Deliveries run after the response (Action Scheduler), are never retried, count
// as failures unless the receiver answers 200-302, and a webhook whose failure count is already above the maximum (5)
// is disabled by the next failure - which makes it the 7th consecutive failure.

export const USER_AGENT = "WooCommerce/9.9.5 Hookshot (WordPress/6.8.2)";

export type DeliveryOptions = {
  /** Deliver on a timer after each change (default). Off: nothing is sent until flush(). */
  auto: boolean;
  /** How long after the change the queued deliveries run. */
  delayMs: number;
  timeoutMs: number;
  /** woocommerce_max_webhook_delivery_failures. */
  maxFailures: number;
};

export type DeliveryRecord = {
  kind: "event" | "ping";
  store: string;
  webhookId: number;
  topic: string;
  resourceId: number | null;
  url: string;
  body: string;
  headers: Record<string, string>;
  status?: number;
  error?: string;
};

type Job = { state: StoreState; webhookId: number; event: StoreEvent };

/** What GET /wc/v3/{resource}s/{id} would answer at delivery time; deleted events carry only the id. */
function payloadFor(state: StoreState, event: StoreEvent): unknown {
  if (event.event === "deleted") return { id: event.id };
  if (event.resource === "product") {
    const product = state.products.get(event.id);
    return product
      ? productToJson(state, product)
      : { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", data: { status: 404 } };
  }
  const order = state.orders.get(event.id);
  return order
    ? orderToJson(state, order)
    : { code: "woocommerce_rest_shop_order_invalid_id", message: "Invalid ID.", data: { status: 404 } };
}

/** base64 HMAC-SHA256 of the exact body bytes, keyed with the webhook's secret. */
export function signWebhookBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export class WebhookDispatcher {
  readonly deliveries: DeliveryRecord[] = [];
  private readonly queue = new Map<string, Job>();
  private running: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private options: DeliveryOptions,
    private readonly now: () => number = Date.now,
  ) {}

  configure(options: Partial<DeliveryOptions>) {
    this.options = { ...this.options, ...options };
  }

  /** A change in a store: queue a delivery for every active webhook subscribed to its topic. */
  enqueue(state: StoreState, event: StoreEvent) {
    const topic = `${event.resource}.${event.event}`;
    if (event.resource === "order" && state.orders.get(event.id)?.status === "checkout-draft") return;
    for (const webhook of state.webhooks.values()) {
      if (webhook.status !== "active" || webhook.topic !== topic) continue;
      const key = `${state.url}#${webhook.id}#${event.id}`;
      if (!this.queue.has(key)) this.queue.set(key, { state, webhookId: webhook.id, event });
    }
    if (this.options.auto && this.queue.size && !this.timer) {
      this.timer = setTimeout(() => void this.drain(), this.options.delayMs);
      this.timer.unref?.();
    }
  }

  /** Resolves once everything queued so far (and anything those deliveries queue) has been sent. */
  async flush(): Promise<void> {
    do await this.drain();
    while (this.queue.size);
  }

  pendingCount(): number {
    return this.queue.size;
  }

  private drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.running.then(async () => {
      for (const [key, job] of this.queue) {
        this.queue.delete(key);
        await this.deliver(job);
      }
    });
    return this.running;
  }

  private async deliver(job: Job) {
    // The scheduled action loads the webhook by id and delivers whatever its status is by now.
    const webhook = job.state.webhooks.get(job.webhookId);
    if (!webhook) return;
    const body = phpJson(payloadFor(job.state, job.event));
    const seconds = Math.floor(this.now() / 1000);
    const headers = {
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      "x-wc-webhook-source": `${job.state.url}/`,
      "x-wc-webhook-topic": webhook.topic,
      "x-wc-webhook-resource": job.event.resource,
      "x-wc-webhook-event": job.event.event,
      "x-wc-webhook-signature": signWebhookBody(body, webhook.secret),
      "x-wc-webhook-id": String(webhook.id),
      // wp_hash(id . time()): the same for two deliveries of one webhook within a second.
      "x-wc-webhook-delivery-id": createHmac("md5", job.state.url).update(`${webhook.id}${seconds}`).digest("hex"),
    };
    const record: DeliveryRecord = {
      kind: "event",
      store: job.state.url,
      webhookId: webhook.id,
      topic: webhook.topic,
      resourceId: job.event.id,
      url: webhook.deliveryUrl,
      body,
      headers,
    };
    this.deliveries.push(record);
    await this.send(record, this.options.timeoutMs);
    const ok = record.status !== undefined && record.status >= 200 && record.status < 303;
    if (ok) webhook.failureCount = 0;
    else if (webhook.failureCount > this.options.maxFailures) webhook.status = "disabled";
    else webhook.failureCount++;
  }

  /** deliver_ping: form-encoded webhook_id=N, no X-WC headers, no signature; only an exact 200 counts. */
  async ping(state: StoreState, webhook: SimWebhookRecord): Promise<boolean> {
    const record: DeliveryRecord = {
      kind: "ping",
      store: state.url,
      webhookId: webhook.id,
      topic: webhook.topic,
      resourceId: null,
      url: webhook.deliveryUrl,
      body: `webhook_id=${webhook.id}`,
      headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": USER_AGENT },
    };
    this.deliveries.push(record);
    await this.send(record, 5_000);
    if (record.status !== 200) return false;
    webhook.pendingDelivery = false;
    return true;
  }

  private async send(record: DeliveryRecord, timeoutMs: number) {
    try {
      const response = await fetch(record.url, {
        method: "POST",
        headers: record.headers,
        body: record.body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      record.status = response.status;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
  }
}
