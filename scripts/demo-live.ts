// `npm run demo` with stores: the app in demo mode, a simulated Shopify store and a simulated WooCommerce store in
// this one process, the demo shop connected to both through the real connectors, and shoppers placing orders on
// both while the newcomer watches the ledger keep the stores in step.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { z } from "zod";
import { getDb } from "../app/db.server.ts";
import { getLogger } from "../app/logger.server.ts";
import { getQueue } from "../app/queue.server.ts";
import { deliverLowStock, type DeliveryPlan } from "../app/services/demo/deliveries.server.ts";
import { MAX_DEMO_RATE, registerDemoTraffic } from "../app/services/demo/traffic-control.server.ts";
import { createDemoTraffic, DEFAULT_DEMO_RATE } from "../app/services/demo/traffic.server.ts";
import { migrate, sqliteFilePath } from "../prisma/migrate.ts";
import { startServer } from "../server/app.ts";
import { configOrExit } from "../server/config-or-exit.ts";
import { printDemoBanner } from "./demo-banner.ts";
import { connectDemoStores } from "./demo-connect.ts";
import { shopifyStorefront, wooStorefront } from "./demo-shoppers.ts";
import { DEMO_SHOPIFY_APP, startDemoStores } from "./demo-stores.ts";
import { ensureBuild } from "./ensure-build.ts";

// Enough to last: an item is restocked well before shoppers could empty it between two deliveries.
const DELIVERIES: DeliveryPlan = { Warehouse: { below: 6, upTo: 40 }, Storefront: { below: 1, upTo: 8 } };
const DELIVERY_EVERY_MS = 2 * 60_000;
const SEED = 2026;

const DemoEnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DEMO_TRAFFIC_RATE: z.coerce.number().gt(0).max(MAX_DEMO_RATE).default(DEFAULT_DEMO_RATE),
});

// With the seconds since the start, so a slow step shows which one it is.
const progress = (line: string) => console.log(`  ${line} (${Math.round(process.uptime())} s)`);

/** Starts everything; each part registers how it stops with `onClose` as soon as it runs. */
export async function runLiveDemo(onClose: (close: () => Promise<void>) => void): Promise<void> {
  const env = DemoEnvSchema.safeParse(process.env);
  if (!env.success) {
    console.error(`The demo cannot start: ${z.prettifyError(env.error)}`);
    process.exit(78);
  }
  const { PORT, DEMO_TRAFFIC_RATE } = env.data;
  const appUrl = `http://127.0.0.1:${PORT}`;

  progress("Starting the simulated stores...");
  const stores = await startDemoStores();
  onClose(stores.close);

  // The app must trust the simulated Shopify as its Shopify: the same client id and secret, its Admin API origin.
  Object.assign(process.env, {
    SHOPIFY_API_KEY: DEMO_SHOPIFY_APP.apiKey,
    SHOPIFY_API_SECRET: DEMO_SHOPIFY_APP.apiSecret,
    SHOPIFY_APP_URL: appUrl,
    SHOPIFY_ADMIN_ORIGIN: stores.shopify.server.url,
  });
  // Store keys are only ever stored encrypted; a throwaway key is enough for a database that lives one run.
  const encryptionKey = (process.env.ENCRYPTION_KEY ||= randomBytes(32).toString("hex"));
  process.env.WOO_POLL_SECONDS ??= "60";
  // The request and job logs would bury what the demo prints; LOG_LEVEL=info brings them back.
  process.env.LOG_LEVEL ??= "warn";
  const config = configOrExit();

  if (config.databaseProvider === "sqlite") {
    const file = sqliteFilePath(config.DATABASE_URL);
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  }
  ensureBuild((line) => console.log(`  ${line}`));
  await migrate(config.DATABASE_URL);
  stores.shopify.sim.webhooks.configure({ url: `${appUrl}/webhooks/shopify` });
  progress("Starting ChannelLedger...");
  const running = await startServer(config);
  onClose(running.close);

  const logger = getLogger().child({ module: "demo" });
  const connected = await connectDemoStores(getDb(), stores, {
    appUrl,
    encryptionKey,
    logger,
    progress,
  });

  const traffic = createDemoTraffic({
    stores: [shopifyStorefront(stores.shopify.shop), wooStorefront(stores.woo.store)],
    ratePerMinute: DEMO_TRAFFIC_RATE,
    seed: SEED,
    restock: {
      everyMs: DELIVERY_EVERY_MS,
      run: () => deliverLowStock(getDb(), connected.shopId, DELIVERIES, { queue: getQueue() }),
    },
    onError: (error, store) => logger.warn({ store, err: String(error) }, "demo order not placed"),
  });
  const unregister = registerDemoTraffic(traffic);
  onClose(async () => {
    unregister();
    await traffic.stop();
  });
  traffic.start();

  printDemoBanner({
    adminUrl: `http://localhost:${PORT}/app`,
    shopifyUrl: stores.shopify.server.url,
    shopifyDomain: stores.shopify.shop.domain,
    wooUrl: stores.woo.server.url,
    ratePerMinute: DEMO_TRAFFIC_RATE,
    deliveryMinutes: DELIVERY_EVERY_MS / 60_000,
    // Since this process started: what the newcomer waited, but for npm's own start.
    readyInSeconds: Math.round(process.uptime()),
  });
}
