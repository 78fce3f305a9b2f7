import { randomBytes } from "node:crypto";
import { verifyLedger, type LedgerVerification } from "../../../app/services/ledger/verify.server.ts";
import { pollUntil } from "../../../jobs/timing.ts";
import { backfillStatus, cliJson, type ConnectAnswer } from "../../../test/e2e/woo-cycle-support.ts";
import { startShopifySimServer, type SimServer } from "../../../test/sim/shopify/http-server.ts";
import { seedDemo as seedShopifyDemo } from "../../../test/sim/shopify/seed.ts";
import { embeddedAppUrl } from "../../../test/sim/shopify/session-token.ts";
import type { ShopHandle } from "../../../test/sim/shopify/shop-handle.ts";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim.ts";
import { startWooSimServer, type WooSimServer } from "../../../test/sim/woocommerce/http-server.ts";
import { seedDemo as seedWooDemo } from "../../../test/sim/woocommerce/seed.ts";
import { createWooSim, type WooSim } from "../../../test/sim/woocommerce/sim.ts";
import type { StoreHandle } from "../../../test/sim/woocommerce/store-handle.ts";
import { startCluster, type Cluster, type Mode } from "./cluster.ts";

// A drill's world: the app (either mode) selling on the simulated Shopify store (installed by token exchange,
// backfilled) and the simulated WooCommerce store (connected with the operator's CLI, its stock standing for the
// Warehouse), both as HTTP servers delivering signed webhooks to the app's public address.

const SHOPIFY = { apiKey: "drill-client-id", apiSecret: "drill-client-secret" };
export const SHOPIFY_DOMAIN = "demo-outfitters.myshopify.com";
const WOO_KEYS = {
  consumerKey: "ck_drill_0123456789abcdef0123456789abcdef01234567",
  consumerSecret: "cs_drill_0123456789abcdef0123456789abcdef01234567",
};
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

export type World = {
  cluster: Cluster;
  shopId: string;
  shopify: { sim: ShopifySim; store: ShopHandle; server: SimServer; channelId: string };
  woo: { sim: WooSim; store: StoreHandle; server: WooSimServer; channelId: string };
  /** Pending work across webhooks, inbox, commands and pushes; zero when the world is quiet. */
  pending(): Promise<Record<string, number>>;
  /** Waits until every delivery, inbox event, command and push is done. */
  settled(timeoutMs?: number): Promise<void>;
  verify(): Promise<LedgerVerification>;
  stop(): Promise<void>;
};

export type WorldOptions = {
  mode: Mode;
  webs?: number;
  workers?: number;
  /** Extra environment for the app processes. */
  env?: Record<string, string>;
  /** Shopify's retries of a failed delivery (Shopify retries for 48 hours; a drill needs far fewer). */
  shopifyRetries?: number;
  log?: (line: string) => void;
  /** Changes the simulated stores before the app connects to them (catalog, stock, faults). */
  prepare?: (stores: { shopify: ShopHandle; woo: StoreHandle }) => void | Promise<void>;
};

export async function startWorld(options: WorldOptions): Promise<World> {
  const log = options.log ?? (() => undefined);
  const encryptionKey = randomBytes(32).toString("hex");
  const shopifySim = createShopifySim(SHOPIFY);
  const shopifyStore = await seedShopifyDemo(shopifySim, { domain: SHOPIFY_DOMAIN });
  const shopifyServer = await startShopifySimServer(shopifySim);
  const wooSim = createWooSim();
  const wooStore = seedWooDemo(wooSim);
  wooStore.createKeys("read_write", WOO_KEYS);
  const wooServer = await startWooSimServer(wooSim, { host: "127.0.0.1", store: wooStore });
  await options.prepare?.({ shopify: shopifyStore, woo: wooStore });

  log(`starting the app (${options.mode})`);
  const cluster = await startCluster({
    mode: options.mode,
    webs: options.webs,
    workers: options.workers,
    env: {
      SHOPIFY_API_KEY: SHOPIFY.apiKey,
      SHOPIFY_API_SECRET: SHOPIFY.apiSecret,
      SHOPIFY_ADMIN_ORIGIN: shopifyServer.url,
      OPERATOR_EMAIL: "operator@example.com",
      OPERATOR_PASSWORD: "a-long-operator-password",
      ENCRYPTION_KEY: encryptionKey,
      WOO_POLL_SECONDS: "30",
      ...options.env,
    },
  }).catch(async (error: unknown) => {
    await shopifyServer.close();
    await wooServer.close();
    throw error;
  });
  const db = cluster.db;
  shopifySim.webhooks.configure({
    url: `${cluster.url}/webhooks/shopify`,
    retries: options.shopifyRetries ?? 0,
    retryDelayMs: 500,
  });

  const stop = async () => {
    await cluster.stop();
    await shopifyServer.close();
    await wooServer.close();
  };
  try {
    log("installing the Shopify store (token exchange) and waiting for its backfill");
    const installed = await fetch(embeddedAppUrl(cluster.url, SHOPIFY_DOMAIN, SHOPIFY), {
      headers: { "user-agent": BROWSER },
    });
    if (installed.status !== 200) throw new Error(`the Shopify install answered ${installed.status}`);
    const shopifyChannelId = await waitForChannel(cluster, "shopify");
    const shopifyChannel = await db.channel.findUniqueOrThrow({ where: { id: shopifyChannelId } });
    const shopId = shopifyChannel.shopId;
    const warehouse = await db.location.findFirstOrThrow({ where: { shopId, name: "Warehouse" } });
    log("connecting the WooCommerce store (CLI) and waiting for its backfill");
    const connected = await cliJson<ConnectAnswer>({ ...cluster.env, SHOPIFY_APP_URL: cluster.url }, [
      "channel",
      "connect",
      "woocommerce",
      ...["--shop", shopId, "--url", wooServer.storeUrl],
      ...["--key", WOO_KEYS.consumerKey, "--secret", WOO_KEYS.consumerSecret, "--location", warehouse.id],
    ]);
    await pollUntil(async () => (await backfillStatus(db, connected.id)) === "done", {
      timeoutMs: 120_000,
      intervalMs: 250,
      describe: () => "the WooCommerce backfill to finish",
    });

    const pending = async () => {
      const [events, commands, pushes] = await Promise.all([
        db.inboxEvent.count({ where: { status: { in: ["pending", "processing"] } } }),
        db.channelCommand.count({ where: { state: { in: ["pending", "running"] } } }),
        db.channelListing.count({ where: { syncState: { in: ["pending", "queued"] } } }),
      ]);
      return { events, commands, pushes, wooDeliveries: wooSim.webhooks.pendingCount() };
    };
    let last: Record<string, number> = {};
    const settled = (timeoutMs = 120_000) =>
      pollUntil(
        async () => {
          await shopifySim.webhooks.flush();
          await wooSim.flushWebhooks();
          last = await pending();
          return Object.values(last).every((count) => count === 0);
        },
        { timeoutMs, intervalMs: 200, describe: () => `quiet; still pending: ${JSON.stringify(last)}` },
      );
    await settled();
    return {
      cluster,
      shopId,
      shopify: { sim: shopifySim, store: shopifyStore, server: shopifyServer, channelId: shopifyChannelId },
      woo: { sim: wooSim, store: wooStore, server: wooServer, channelId: connected.id },
      pending,
      settled,
      verify: () => verifyLedger(db, { shopId }),
      stop,
    };
  } catch (error) {
    const output = cluster.processes.map((entry) => `--- ${entry.name}\n${entry.output().slice(-3000)}`).join("\n");
    await stop();
    throw new Error(`${String(error)}\n${output}`);
  }
}

async function waitForChannel(cluster: Cluster, kind: string): Promise<string> {
  const seen: { id?: string; status?: string } = {};
  await pollUntil(
    async () => {
      const found = await cluster.db.channel.findFirst({ where: { kind }, select: { id: true, settings: true } });
      seen.id = found?.id;
      seen.status = (found?.settings as { backfill?: { status?: string } } | null)?.backfill?.status;
      return seen.status === "done";
    },
    { timeoutMs: 120_000, intervalMs: 250, describe: () => `the ${kind} backfill (status ${seen.status})` },
  );
  return seen.id!;
}
