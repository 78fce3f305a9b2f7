import { http, HttpResponse, type RequestHandler } from "msw";
import type { SetupServer } from "msw/node";
import { createInProcessQueue } from "../../../jobs/in-process-queue";
import type { JobQueue } from "../../../jobs/queue";
import { startWooSimMsw } from "../../../test/sim/woocommerce/msw";
import { createWooSim, type WooSim } from "../../../test/sim/woocommerce/sim";
import type { StoreHandle } from "../../../test/sim/woocommerce/store-handle";
import { KEYS } from "../../../test/sim/woocommerce/test-kit";
import { parseEncryptionKey } from "../../crypto.server";
import { WOO_BACKFILL_JOB } from "./jobs.server";

// Shared by the WooCommerce connect tests: a simulated store answering over msw, ChannelLedger's public URL answered
// by a handler the test chooses (the webhook route, or a plain 200), and a queue that records the backfills asked for.

export { KEYS };
export const APP_URL = "https://ledger.example";
export const STORE_URL = "https://shop-one.example";
/** The test process's configured key (test/setup/test-env.ts), so what services seal the routes can open. */
export const ENCRYPTION_KEY = parseEncryptionKey(process.env.ENCRYPTION_KEY!);

export type WooTestKit = {
  sim: WooSim;
  store: StoreHandle;
  server: SetupServer;
  queue: JobQueue;
  backfills: unknown[];
  /** Requests that reached APP_URL (webhook pings and deliveries, auth callbacks). */
  appRequests: { path: string; body: string }[];
  close: () => Promise<void>;
};

/** The app's own URL: by default every request gets 200 (a ping is answered as our route would). */
export function startWooTestKit(
  options: { appHandler?: (request: Request) => Promise<Response>; extraHandlers?: RequestHandler[] } = {},
): WooTestKit {
  const sim = createWooSim({ webhooks: { auto: false } });
  const store = sim.createStore({ url: STORE_URL, keys: [KEYS] });
  const appRequests: WooTestKit["appRequests"] = [];
  const app = http.all(`${APP_URL}/*`, async ({ request }) => {
    appRequests.push({ path: new URL(request.url).pathname, body: await request.clone().text() });
    return options.appHandler ? options.appHandler(request) : new HttpResponse("ok", { status: 200 });
  });
  const server = startWooSimMsw(sim, { extraHandlers: [app, ...(options.extraHandlers ?? [])] });
  const queue = createInProcessQueue();
  const backfills: unknown[] = [];
  queue.register(WOO_BACKFILL_JOB, async (payload) => {
    backfills.push(payload);
  });
  return {
    sim,
    store,
    server,
    queue,
    backfills,
    appRequests,
    close: async () => {
      server.close();
      await queue.close();
    },
  };
}

/** Our webhooks on the store, as the merchant would see them in WooCommerce > Settings > Advanced > Webhooks. */
export function storeWebhooks(store: StoreHandle, channelId?: string) {
  return [...store.state.webhooks.values()].filter(
    (webhook) => channelId === undefined || webhook.deliveryUrl.endsWith(`/webhooks/woocommerce/${channelId}`),
  );
}
