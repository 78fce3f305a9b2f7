// The world the sync benchmark measures: both simulated stores, the app on a fresh SQLite file, the Shopify store
// installed through the simulator's admin link (token exchange), the WooCommerce store connected to the same shop
// with the operator CLI, both backfills done and the engine quiet, with every figure agreeing at the start.
import { performance } from "node:perf_hooks";
import { createDb, prepareDb, type Db } from "../../app/db.server.ts";
import { createApiKey } from "../../app/services/api-keys.server.ts";
import { embeddedAppUrl } from "../../test/sim/shopify/session-token.ts";
import { onCleanup } from "../lib/cleanup.ts";
import { sleep } from "../lib/sleep.ts";
import { createSqliteFile, SHOPIFY_APP, startSyncApp, type SyncApp } from "./app.ts";
import type { ChannelKind } from "./call-log.ts";
import {
  checkConvergence,
  describeMismatches,
  describeState,
  figuresOtherThan,
  waitForQuiet,
  type Convergence,
  type QuietResult,
} from "./quiet.ts";
import type { SyncSettings } from "./settings.ts";
import { SHOPIFY_DOMAIN, startStores, WOO_KEYS, type Stores } from "./stores.ts";

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

export type World = {
  stores: Stores;
  app: SyncApp;
  db: Db;
  shopId: string;
  channels: Record<ChannelKind, string>;
  /** The ledger location both channels' stock stands for. */
  locationId: string;
  /** For the REST API (the nudge in (b)). */
  apiKey: string;
  setup: {
    seedMs: number;
    appStartMs: number;
    backfills: Record<ChannelKind, { ms: number; failures: string[] }>;
    quietMs: number;
    /**
     * Items whose stock the ledger no longer had at the stores' opening figure once each backfill was done (both
     * stores were seeded with it and nothing was sold), and how many the benchmark counted back through the API.
     */
    lost: { afterShopify: Lost[]; afterWoo: Lost[]; recounted: number };
    listings: Record<ChannelKind, number>;
    opening: Convergence;
    driftAtStart: number;
  };
  close: () => Promise<void>;
};

/** The last line of an error's message: Prisma's put minified source before it. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").filter((line) => line.trim() !== "" && line.length < 400);
  return (lines.at(-1) ?? message.slice(0, 300)).trim();
}

type Lost = { sku: string; ledger: number | null };
const sample = (lost: Lost[]) =>
  lost
    .slice(0, 3)
    .map((entry) => `${entry.sku}: ${entry.ledger ?? "none"}`)
    .join(", ");

type ConnectAnswer = { id: string; locationId: string; webhooks: { ok: boolean } };
type Progress = { status?: string; phase?: string; error?: string | null };

async function backfill(db: Db, channelId: string): Promise<Progress | undefined> {
  const channel = await db.channel.findUnique({ where: { id: channelId }, select: { settings: true } });
  return (channel?.settings as { backfill?: Progress } | null)?.backfill;
}

/**
 * Until the channel's backfill is done. A failed run is not the end: the queue retries the job (30 s later) and it
 * resumes from its saved cursor; each failure is noted.
 */
async function waitForBackfill(
  db: Db,
  channelId: string,
  label: string,
  app: SyncApp,
  timeoutMs: number,
): Promise<{ ms: number; failures: string[] }> {
  const start = performance.now();
  const failures: string[] = [];
  let lastStatus: string | undefined;
  for (;;) {
    const progress = await backfill(db, channelId);
    if (progress?.status === "done") return { ms: performance.now() - start, failures };
    if (progress?.status === "failed" && lastStatus !== "failed") {
      failures.push(progress.error ?? "no reason given");
      console.log(`  ! ${label} backfill failed (${progress.error ?? "no reason"}); waiting for the job's retry`);
    }
    lastStatus = progress?.status;
    if (!app.child.isRunning()) throw new Error(`the app exited during the ${label} backfill:\n${app.child.logTail()}`);
    if (performance.now() - start > timeoutMs) {
      throw new Error(`${label} backfill not done after ${timeoutMs / 1000} s (${JSON.stringify(progress ?? null)})`);
    }
    await sleep(250);
  }
}

/**
 * Installs the app on the simulated Shopify store as a merchant does, from the admin's link (token exchange), with the
 * store's webhooks pointed at the app; the shop and Shopify channel the install created.
 */
export async function installFromAdmin(db: Db, app: SyncApp, stores: Stores, domain: string) {
  stores.shopifySim.webhooks.configure({ url: `${app.url}/webhooks/shopify` });
  const page = await fetch(embeddedAppUrl(app.url, domain, SHOPIFY_APP), { headers: { "user-agent": BROWSER } });
  await page.arrayBuffer();
  if (page.status !== 200) throw new Error(`installing from the Shopify admin answered ${page.status}`);
  const shop = await db.shop.findUnique({ where: { shopifyDomain: domain }, select: { id: true } });
  const shopifyChannel = shop
    ? await db.channel.findFirst({ where: { shopId: shop.id, kind: "shopify" }, select: { id: true } })
    : null;
  if (!shop || !shopifyChannel) throw new Error("the install created no shop and Shopify channel");
  return { shop, shopifyChannel };
}

/** The operator CLI's arguments that connect the simulated WooCommerce store to the shop, with the store's keys. */
export function wooConnectArgs(shopId: string, stores: Stores, keys: { consumerKey: string; consumerSecret: string }) {
  const { consumerKey, consumerSecret } = keys;
  return ["channel", "connect", "woocommerce", "--shop", shopId, "--url", stores.wooServer.storeUrl].concat([
    "--key",
    consumerKey,
    "--secret",
    consumerSecret,
  ]);
}

export async function setUpWorld(settings: SyncSettings, stamp: string): Promise<World> {
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };
  const stores = await startStores(settings.catalogSize, settings.openingStock);
  const seedMs = lap();
  console.log(
    `  stores: Shopify ${stores.shopifyServer.url} and WooCommerce ${stores.wooServer.url}, ` +
      `${settings.catalogSize} SKUs each, ${settings.openingStock} units per SKU (${(seedMs / 1000).toFixed(1)} s)`,
  );
  const database = await createSqliteFile(stamp);
  const app = await startSyncApp({
    databaseUrl: database.url,
    shopifyAdminOrigin: stores.shopifyServer.url,
    logName: `sync-app-${stamp}`,
  });
  const stopApp = onCleanup("stop the app", () => app.child.stop());
  const db = createDb(database.url);
  const disconnect = onCleanup("disconnect from the database", () => db.$disconnect());
  await prepareDb(db, database.url);
  const appStartMs = lap();
  console.log(`  app: npx tsx server/start.ts on ${app.url} (log: ${app.child.logFile})`);

  const close = async () => {
    stopApp();
    disconnect();
    await app.child.stop();
    await db.$disconnect();
    await stores.close();
    database.drop();
  };
  try {
    const { shop, shopifyChannel } = await installFromAdmin(db, app, stores, SHOPIFY_DOMAIN);
    const shopifyBackfill = await waitForBackfill(db, shopifyChannel.id, "Shopify", app, settings.backfillTimeoutMs);
    lap();
    console.log(
      `  Shopify: installed by token exchange, backfill done in ${(shopifyBackfill.ms / 1000).toFixed(1)} s` +
        (shopifyBackfill.failures.length > 0 ? ` after ${shopifyBackfill.failures.length} failed run(s)` : ""),
    );

    const shopifyQuiet = await waitForQuiet(db, shop.id, stores, settings.quietTimeoutMs);
    if (!shopifyQuiet.quiet)
      throw new Error(`not quiet after the Shopify backfill: ${describeState(shopifyQuiet.state)}`);
    const skus = stores.catalog.map((entry) => entry.sku);
    const lostAfterShopify = await figuresOtherThan(db, shop.id, skus, settings.openingStock);
    if (lostAfterShopify.length > 0) {
      console.log(
        `  ! after the Shopify backfill ${lostAfterShopify.length} of ${skus.length} items are not at the store's ` +
          `${settings.openingStock} units in the ledger (${sample(lostAfterShopify)})`,
      );
    }
    const { key } = await createApiKey(db, { shopId: shop.id, name: "sync benchmark" });

    const connectArgs = wooConnectArgs(shop.id, stores, WOO_KEYS);
    const connected = await app.cli<ConnectAnswer>(connectArgs).catch(async (error: unknown) => {
      // SQLite has one writer: a connect while the app writes may time out waiting for it. Once more, then give up.
      console.log(`  ! connecting WooCommerce failed (${firstLine(error)}); trying once more`);
      await waitForQuiet(db, shop.id, stores, settings.quietTimeoutMs);
      return app.cli<ConnectAnswer>(connectArgs);
    });
    if (!connected.webhooks.ok) throw new Error("connecting WooCommerce left webhooks that are not active");
    const mapping = await db.channelLocation.findMany({
      where: { channelId: shopifyChannel.id },
      select: { locationId: true },
    });
    if (mapping.length !== 1 || mapping[0]!.locationId !== connected.locationId) {
      throw new Error("the WooCommerce store is not mapped to the Shopify store's location: they share no stock");
    }
    // The CLI has no queue: the app's next WooCommerce poll (every 30 s) starts the backfill.
    const wooBackfill = await waitForBackfill(db, connected.id, "WooCommerce", app, settings.backfillTimeoutMs);
    lap();
    console.log(
      `  WooCommerce: connected with the CLI, backfill done ${(wooBackfill.ms / 1000).toFixed(1)} s later ` +
        "(it starts at the app's next poll, at most 30 s)" +
        (wooBackfill.failures.length > 0 ? ` after ${wooBackfill.failures.length} failed run(s)` : ""),
    );

    const quiet: QuietResult = await waitForQuiet(db, shop.id, stores, settings.quietTimeoutMs);
    const quietMs = lap();
    if (!quiet.quiet) throw new Error(`the engine did not go quiet after the backfills: ${describeState(quiet.state)}`);
    const lostAfterWoo = await figuresOtherThan(db, shop.id, skus, settings.openingStock);
    let recounted = 0;
    if (lostAfterWoo.length > 0) {
      console.log(
        `  ! after the WooCommerce backfill ${lostAfterWoo.length} items are not at the stores' ` +
          `${settings.openingStock} units (${sample(lostAfterWoo)}): counting them back through the API`,
      );
      for (const { sku } of lostAfterWoo) {
        const response = await fetch(`${app.url}/api/v1/inventory/adjustments`, {
          method: "POST",
          headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
          body: JSON.stringify({
            sku,
            location_id: connected.locationId,
            counted_quantity: settings.openingStock,
            reason: "Sync benchmark: recount after setup",
          }),
        });
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`recounting ${sku} answered ${response.status}`);
        recounted += 1;
      }
      const recountQuiet = await waitForQuiet(db, shop.id, stores, settings.quietTimeoutMs);
      if (!recountQuiet.quiet) throw new Error(`not quiet after the recount: ${describeState(recountQuiet.state)}`);
      const still = await figuresOtherThan(db, shop.id, skus, settings.openingStock);
      if (still.length > 0) throw new Error(`${still.length} items still off after the recount (${sample(still)})`);
    }
    const channels = { shopify: shopifyChannel.id, woocommerce: connected.id };
    const [shopifyListings, wooListings, driftAtStart] = await Promise.all([
      db.channelListing.count({ where: { channelId: channels.shopify } }),
      db.channelListing.count({ where: { channelId: channels.woocommerce } }),
      db.syncDrift.count({ where: { shopId: shop.id } }),
    ]);
    const opening = await checkConvergence(db, shop.id, channels, stores);
    if (shopifyListings !== settings.catalogSize || wooListings !== settings.catalogSize) {
      throw new Error(
        `expected ${settings.catalogSize} listings per channel, found Shopify ${shopifyListings}, WooCommerce ${wooListings}`,
      );
    }
    if (opening.mismatches.length > 0) throw new Error(`after the backfills, ${describeMismatches(opening)}`);
    console.log(
      `  quiet after ${(quietMs / 1000).toFixed(1)} s: ${shopifyListings} + ${wooListings} listings, every figure ` +
        `agrees with the ledger, ${driftAtStart} drift records`,
    );
    return {
      stores,
      app,
      db,
      shopId: shop.id,
      channels,
      locationId: connected.locationId,
      apiKey: key,
      setup: {
        seedMs,
        appStartMs,
        backfills: { shopify: shopifyBackfill, woocommerce: wooBackfill },
        quietMs,
        lost: { afterShopify: lostAfterShopify, afterWoo: lostAfterWoo, recounted },
        listings: { shopify: shopifyListings, woocommerce: wooListings },
        opening,
        driftAtStart,
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
