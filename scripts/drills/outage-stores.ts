import { startWooSimServer, type WooSimServer } from "../../test/sim/woocommerce/http-server.ts";
import type { World } from "./support/world.ts";

// Taking one store away from the app and bringing it back, for drill:outage. What is simulated:
// - Shopify: an Admin API incident. Every API call answers 503 (the simulator's fault injection), while the store
//   keeps selling. Its webhooks are held meanwhile (Shopify's delivery is late in such incidents, and it retries for
//   hours what fails), and go out in the order they were raised once the API is back.
// - WooCommerce: the site is down. Nothing listens on its port (the simulator's HTTP server is stopped: connection
//   refused), so it takes no orders and sends no webhooks; it comes back on the same port and URL.

export type StoreOutage = {
  store: "shopify" | "woo";
  /** Brings the store back (Shopify: delivers the held webhooks first). */
  up(): Promise<void>;
  /** Calls the store turned away while down (Shopify: 503s it answered; WooCommerce: counted by the app's side). */
  refused(): number;
  /** Webhooks raised while down and delivered after the return (Shopify). */
  held(): number;
  /** Successful stock writes (push calls) since the return. */
  pushesSinceReturn(): number;
  close(): Promise<void>;
};

const SET_QUANTITIES = "ChannelLedgerInventorySetQuantities";

export function shopifyDown(world: World): StoreOutage {
  const sim = world.shopify.sim;
  const fromRequest = sim.requests.length;
  const fromDelivery = sim.webhooks.deliveries.length;
  let upAtRequest = Number.POSITIVE_INFINITY;
  let held = 0;
  sim.faults.set({ rate5xx: 1 });
  sim.webhooks.configure({ url: undefined });
  return {
    store: "shopify",
    async up() {
      upAtRequest = sim.requests.length;
      sim.faults.clear();
      const url = `${world.cluster.url}/webhooks/shopify`;
      sim.webhooks.configure({ url });
      // Shopify's retries of what it could not deliver: the same body and headers (X-Shopify-Event-Id), in order.
      const waiting = sim.webhooks.deliveries.slice(fromDelivery).filter((delivery) => delivery.attempts === 0);
      for (const delivery of waiting) {
        for (let attempt = 1; attempt <= 5; attempt++) {
          delivery.attempts = attempt;
          const status = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body }).then(
            async (response) => (await response.arrayBuffer(), response.status),
            () => 0,
          );
          delivery.status = status;
          if (status >= 200 && status < 300) break;
          await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        }
      }
      held = waiting.length;
    },
    refused: () => sim.requests.slice(fromRequest, upAtRequest).filter((request) => request.status === 503).length,
    held: () => held,
    pushesSinceReturn: () =>
      sim.requests
        .slice(Math.min(upAtRequest, sim.requests.length))
        .filter((request) => request.operationName === SET_QUANTITIES && request.status === 200).length,
    close: async () => undefined,
  };
}

export async function wooDown(world: World): Promise<StoreOutage> {
  const port = world.woo.server.port;
  await world.woo.server.close();
  let restarted: WooSimServer | undefined;
  let upAtRequest = Number.POSITIVE_INFINITY;
  return {
    store: "woo",
    async up() {
      restarted = await startWooSimServer(world.woo.sim, { host: "127.0.0.1", port, store: world.woo.store });
      upAtRequest = world.woo.sim.requests.length;
    },
    // Nothing answered, so the store logged nothing: the drill counts what the app saw (see outage-figures.ts).
    refused: () => 0,
    held: () => 0,
    pushesSinceReturn: () =>
      world.woo.sim.requests
        .slice(Math.min(upAtRequest, world.woo.sim.requests.length))
        .filter((request) => request.method === "POST" && /\/batch$/.test(request.path) && request.status === 200)
        .length,
    close: async () => {
      await restarted?.close();
    },
  };
}
