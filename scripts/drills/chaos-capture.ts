import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { seededRandom } from "../../app/seeded-random.ts";
import type { World } from "./support/world.ts";

// Delivery chaos for drill:chaos. While the scenario runs, both stores deliver their webhooks as usual, but to a
// capture server standing in for the app (it records each delivery, exact bytes and signed headers, and answers 200,
// so neither store counts a failure). Then every captured delivery is sent to the app 1 to 3 times, all copies in one
// shuffled order (seeded), with the headers the store signed: a Shopify duplicate carries the same X-Shopify-Event-Id,
// as Shopify's own retries do; a WooCommerce one its own X-WC-Webhook-* headers.

export type Captured = {
  store: "shopify" | "woocommerce";
  path: string;
  headers: Record<string, string>;
  body: string;
};

export type Capture = {
  deliveries: Captured[];
  /** Stops capturing: deliveries go to the app again from now on. */
  restore(): void;
  close(): Promise<void>;
};

export type ChaosFigures = {
  sent: number;
  duplicates: number;
  /** Answers "Already received": the inbox knew the event and stored nothing. */
  alreadyReceived: number;
  failed: number;
  /** From the first copy sent to the last answer. */
  seconds: number;
};

const DROPPED_HEADERS = new Set(["host", "content-length", "connection", "transfer-encoding", "keep-alive"]);

export async function startCapture(world: World): Promise<Capture> {
  const deliveries: Captured[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string" && !DROPPED_HEADERS.has(name)) headers[name] = value;
      }
      const path = request.url ?? "/";
      const store = path.startsWith("/webhooks/shopify") ? "shopify" : "woocommerce";
      deliveries.push({ store, path, headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "text/plain" }).end("Received");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const captureUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const shopifyWebhooks = world.shopify.sim.webhooks;
  shopifyWebhooks.configure({ url: `${captureUrl}/webhooks/shopify` });
  const wooUrls = new Map<number, string>();
  for (const webhook of world.woo.store.state.webhooks.values()) {
    wooUrls.set(webhook.id, webhook.deliveryUrl);
    const original = new URL(webhook.deliveryUrl);
    webhook.deliveryUrl = `${captureUrl}${original.pathname}${original.search}`;
  }
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    shopifyWebhooks.configure({ url: `${world.cluster.url}/webhooks/shopify` });
    for (const webhook of world.woo.store.state.webhooks.values()) {
      const original = wooUrls.get(webhook.id);
      if (original) webhook.deliveryUrl = original;
    }
  };
  return {
    deliveries,
    restore,
    close: () =>
      new Promise((resolve) => {
        restore();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Each delivery 1 to 3 times, every copy in one seeded shuffle. */
export function chaosPlan(deliveries: Captured[], seed: number): Captured[] {
  const random = seededRandom(seed);
  const copies = deliveries.flatMap((delivery) => Array.from({ length: 1 + Math.floor(random() * 3) }, () => delivery));
  for (let index = copies.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copies[index], copies[other]] = [copies[other]!, copies[index]!];
  }
  return copies;
}

/** Sends the plan to the app, a few deliveries in flight at once (as both platforms deliver), in plan order. */
export async function sendChaos(appUrl: string, plan: Captured[], inFlight = 4): Promise<ChaosFigures> {
  const figures: ChaosFigures = {
    sent: plan.length,
    duplicates: plan.length - new Set(plan).size,
    alreadyReceived: 0,
    failed: 0,
    seconds: 0,
  };
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const delivery = plan[next++]!;
      // A delivery the app does not accept (5xx, connection refused) is retried, as Shopify retries; WooCommerce
      // would not, and its poll would cover it, but the drill is about duplicates and order, not loss.
      for (let attempt = 1; ; attempt++) {
        const answer = await fetch(`${appUrl}${delivery.path}`, {
          method: "POST",
          headers: delivery.headers,
          body: delivery.body,
        }).then(
          async (response) => ({ status: response.status, text: await response.text() }),
          (error: unknown) => ({ status: 0, text: String(error) }),
        );
        if (answer.status >= 200 && answer.status < 300) {
          if (answer.text.includes("Already received")) figures.alreadyReceived += 1;
          break;
        }
        if (attempt >= 5) {
          figures.failed += 1;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  figures.seconds = (Date.now() - started) / 1000;
  return figures;
}
