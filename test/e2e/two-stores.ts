import type { Page } from "playwright-core";
import { createDb, type Db } from "../../app/db.server";
import { pollUntil } from "../../jobs/timing";
import { startShopifySimServer, type SimServer } from "../sim/shopify/http-server";
import { seedDemo as seedShopifyDemo } from "../sim/shopify/seed";
import { embeddedAppUrl } from "../sim/shopify/session-token";
import type { ShopHandle } from "../sim/shopify/shop-handle";
import { createShopifySim, type ShopifySim } from "../sim/shopify/sim";
import { startWooSimServer, type WooSimServer } from "../sim/woocommerce/http-server";
import { seedDemo as seedWooDemo } from "../sim/woocommerce/seed";
import { createWooSim, type WooSim } from "../sim/woocommerce/sim";
import type { StoreHandle } from "../sim/woocommerce/store-handle";
import { freePort, startServer, type App } from "./harness";
import { backfillStatus, cliJson, type ConnectAnswer } from "./woo-cycle-support";

// The merchant's world for the screens' browser tests: the built app (`npm start`, standalone admin with an operator
// login) selling on the simulated Shopify store (installed by token exchange, backfilled) and the simulated
// WooCommerce store (connected with the CLI to the same shop, its stock standing for the Warehouse), both as HTTP
// servers delivering signed webhooks. MUG-12, CAP-NVY and SOCK-3P are sold on both.

const SHOPIFY = { apiKey: "screens-client-id", apiSecret: "screens-client-secret" };
const DOMAIN = "demo-outfitters.myshopify.com";
const WOO_KEYS = {
  consumerKey: "ck_screens_0123456789abcdef0123456789abcdef0123456",
  consumerSecret: "cs_screens_0123456789abcdef0123456789abcdef0123456",
};
const ENCRYPTION_KEY = "cd".repeat(32);
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
export const OPERATOR = { email: "operator@example.com", password: "a-long-operator-password" };
export const SHARED_SKUS = ["MUG-12", "CAP-NVY", "SOCK-3P"];

export type TwoStores = {
  app: App;
  db: Db;
  shopId: string;
  shopify: { sim: ShopifySim; store: ShopHandle; channelId: string };
  woo: { sim: WooSim; store: StoreHandle; channelId: string };
  /** Every webhook delivered, every inbox event and command done, every stock change pushed. */
  settled(): Promise<void>;
  /** Signs the operator in on a page of the standalone admin and lands on `path`. */
  signIn(page: Page, path?: string): Promise<void>;
  stop(): Promise<void>;
};

export async function startTwoStores(): Promise<TwoStores> {
  const shopifySim = createShopifySim(SHOPIFY);
  const shopifyStore = await seedShopifyDemo(shopifySim, { domain: DOMAIN });
  const shopifyServer: SimServer = await startShopifySimServer(shopifySim);
  const wooSim = createWooSim();
  const wooStore = seedWooDemo(wooSim);
  wooStore.createKeys("read_write", WOO_KEYS);
  // 127.0.0.1, not localhost: the OAuth signature names the store's home URL, which is the server's.
  const wooServer: WooSimServer = await startWooSimServer(wooSim, {
    port: await freePort(),
    host: "127.0.0.1",
    store: wooStore,
  });

  const port = await freePort();
  shopifySim.webhooks.configure({ url: `http://127.0.0.1:${port}/webhooks/shopify` });
  const app = await startServer(
    {
      NODE_ENV: "test",
      SHOPIFY_API_KEY: SHOPIFY.apiKey,
      SHOPIFY_API_SECRET: SHOPIFY.apiSecret,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      SHOPIFY_ADMIN_ORIGIN: shopifyServer.url,
      OPERATOR_EMAIL: OPERATOR.email,
      OPERATOR_PASSWORD: OPERATOR.password,
      SESSION_SECRET: "s".repeat(40),
      ENCRYPTION_KEY,
      // The CLI has no queue to start the WooCommerce backfill on: the app's first poll does.
      WOO_POLL_SECONDS: "30",
    },
    port,
  );
  const db = createDb(app.databaseUrl);
  const stop = async () => {
    await db.$disconnect();
    await app.stop();
    await shopifyServer.close();
    await wooServer.close();
  };

  try {
    const installed = await fetch(embeddedAppUrl(app.url, DOMAIN, SHOPIFY), { headers: { "user-agent": BROWSER } });
    if (installed.status !== 200) throw new Error(`the Shopify install answered ${installed.status}`);
    const shopifyChannel = await waitForBackfill(db, "shopify");
    const shopId = shopifyChannel.shopId;
    const warehouse = await db.location.findFirstOrThrow({ where: { shopId, name: "Warehouse" } });
    const connected = await cliJson<ConnectAnswer>(
      { DATABASE_URL: app.databaseUrl, ENCRYPTION_KEY, SHOPIFY_APP_URL: app.url },
      [
        "channel",
        "connect",
        "woocommerce",
        "--shop",
        shopId,
        "--url",
        wooServer.storeUrl,
        "--key",
        WOO_KEYS.consumerKey,
        "--secret",
        WOO_KEYS.consumerSecret,
        "--location",
        warehouse.id,
      ],
    );
    await pollUntil(async () => (await backfillStatus(db, connected.id)) === "done", {
      timeoutMs: 75_000,
      intervalMs: 250,
      describe: () => "the WooCommerce backfill to finish",
    });

    // Works in hooks too (expect.poll does not): a figure that never settles fails with what is still pending.
    let pending = {};
    const settled = () =>
      pollUntil(
        async () => {
          await shopifySim.webhooks.flush();
          await wooSim.flushWebhooks();
          const [events, commands, pushes] = await Promise.all([
            db.inboxEvent.count({ where: { status: { in: ["pending", "processing"] } } }),
            db.channelCommand.count({ where: { state: { in: ["pending", "running"] } } }),
            db.channelListing.count({ where: { syncState: { in: ["pending", "queued"] } } }),
          ]);
          pending = { events, commands, pushes, deliveries: wooSim.webhooks.pendingCount() };
          return events + commands + pushes + wooSim.webhooks.pendingCount() === 0;
        },
        { timeoutMs: 30_000, intervalMs: 100, describe: () => `quiet; still pending: ${JSON.stringify(pending)}` },
      );
    await settled();

    return {
      app,
      db,
      shopId,
      shopify: { sim: shopifySim, store: shopifyStore, channelId: shopifyChannel.id },
      woo: { sim: wooSim, store: wooStore, channelId: connected.id },
      settled,
      signIn: async (page, path = "/app") => {
        await page.goto(`${app.url}${path}`, { waitUntil: "networkidle" });
        if (!/\/login/.test(page.url())) return;
        await page.getByLabel("Email").fill(OPERATOR.email);
        await page.getByLabel("Password").fill(OPERATOR.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL((url) => !url.pathname.startsWith("/login"));
        await page.waitForLoadState("networkidle");
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForBackfill(db: Db, kind: string): Promise<{ id: string; shopId: string }> {
  const seen: { channel?: { id: string; shopId: string }; status?: string } = {};
  await pollUntil(
    async () => {
      const found = await db.channel.findFirst({ where: { kind }, select: { id: true, shopId: true, settings: true } });
      if (found) seen.channel = { id: found.id, shopId: found.shopId };
      seen.status = (found?.settings as { backfill?: { status?: string } } | null)?.backfill?.status;
      return seen.status === "done";
    },
    { timeoutMs: 90_000, intervalMs: 250, describe: () => `the ${kind} backfill (status ${seen.status})` },
  );
  return seen.channel!;
}
