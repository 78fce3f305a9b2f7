// One run's world, set up as a merchant would: the stores, a fresh SQLite file, the app (event-driven or on an
// interval), the Shopify store installed from its admin link (token exchange), the WooCommerce store connected to the
// same shop with the operator CLI (so both sell one stock pool), both backfills done, the engine quiet, and every
// figure the stores show equal to the ledger's and to the SKU's physical pool.
import { performance } from "node:perf_hooks";
import { createDb, prepareDb, type Db } from "../../app/db.server.ts";
import { onCleanup } from "../lib/cleanup.ts";
import { sleep } from "../lib/sleep.ts";
import { createSqliteFile, startSyncApp, type SyncApp } from "../sync/app.ts";
import type { ChannelKind } from "../sync/call-log.ts";
import { checkConvergence, describeMismatches, describeState, engineState, type QuietResult } from "../sync/quiet.ts";
import type { Stores } from "../sync/stores.ts";
import { installFromAdmin, wooConnectArgs } from "../sync/world.ts";
import type { Scenario } from "./scenario.ts";
import type { FlashSaleSettings, RunMode } from "./settings.ts";
import { SHOPIFY_DOMAIN, startSaleStores, WOO_KEYS } from "./stores.ts";

export type SaleWorld = {
  stores: Stores;
  app: SyncApp;
  db: Db;
  shopId: string;
  channels: Record<ChannelKind, string>;
  setupMs: number;
  close: () => Promise<void>;
};

const QUIET_MS = 1_500;

/**
 * The sync benchmark's quiet (nothing unfinished in the inbox, no command, no delivery held, no listing pending or
 * failed, no request to a store for 1.5 s), except that on an interval run listings may wait "queued": they go at the
 * next tick by design (the Shopify backfill leaves every listing to be pushed once, to learn what the store shows).
 */
async function waitForQuiet(
  db: Db,
  shopId: string,
  stores: Stores,
  timeoutMs: number,
  queuedWaits: boolean,
): Promise<QuietResult> {
  const start = performance.now();
  let quietSince = start;
  for (;;) {
    await stores.shopifySim.webhooks.flush();
    const state = await engineState(db, shopId, stores);
    const listings = ["pending", "failed", ...(queuedWaits ? [] : ["queued"])];
    const busy =
      state.inbox +
      state.commands +
      state.deliveries +
      listings.reduce((sum, name) => sum + (state.listings[name] ?? 0), 0);
    const now = performance.now();
    if (busy > 0 || Date.now() - stores.calls.lastCallAt() < QUIET_MS) quietSince = now;
    if (now - quietSince >= QUIET_MS) return { quiet: true, waitedMs: now - start, state };
    if (now - start >= timeoutMs) return { quiet: false, waitedMs: now - start, state };
    await sleep(250);
  }
}

async function waitForBackfill(db: Db, channelId: string, label: string, app: SyncApp, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const channel = await db.channel.findUnique({ where: { id: channelId }, select: { settings: true } });
    const status = (channel?.settings as { backfill?: { status?: string } } | null)?.backfill?.status;
    if (status === "done") return;
    if (!app.child.isRunning()) throw new Error(`the app exited during the ${label} backfill:\n${app.child.logTail()}`);
    if (performance.now() > deadline) throw new Error(`${label} backfill not done after ${timeoutMs / 1000} s`);
    await sleep(250); // A failed backfill is retried by its job and resumes; waiting covers it.
  }
}

export async function setUpSaleWorld(
  settings: FlashSaleSettings,
  scenario: Scenario,
  run: RunMode,
  stamp: string,
): Promise<SaleWorld> {
  const start = performance.now();
  const stores = await startSaleStores(scenario.catalog);
  const database = await createSqliteFile(`flash-sale-${stamp}-${run.label}`);
  // Set even when empty (event-driven), so nothing from the shell or a .env file can turn interval mode on.
  const app = await startSyncApp({
    databaseUrl: database.url,
    shopifyAdminOrigin: stores.shopifyServer.url,
    logName: `flash-sale-app-${stamp}-${run.label}`,
    env: { SYNC_PUSH_INTERVAL_SECONDS: run.intervalSeconds === null ? "" : String(run.intervalSeconds) },
  });
  const stopApp = onCleanup("stop the app", () => app.child.stop());
  const db = createDb(database.url);
  const disconnect = onCleanup("disconnect from the database", () => db.$disconnect());
  await prepareDb(db, database.url);
  const close = async () => {
    stopApp();
    disconnect();
    await app.child.stop();
    await db.$disconnect();
    await stores.close();
    database.drop();
  };
  try {
    const { shop, shopifyChannel: shopify } = await installFromAdmin(db, app, stores, SHOPIFY_DOMAIN);
    await waitForBackfill(db, shopify.id, "Shopify", app, settings.backfillTimeoutMs);
    const onTicks = run.intervalSeconds !== null;
    const firstQuiet = await waitForQuiet(db, shop.id, stores, settings.quietTimeoutMs, onTicks);
    if (!firstQuiet.quiet) throw new Error(`not quiet after the Shopify backfill: ${describeState(firstQuiet.state)}`);

    const connected = await app.cli<{ id: string; webhooks: { ok: boolean } }>(
      wooConnectArgs(shop.id, stores, WOO_KEYS),
    );
    if (!connected.webhooks.ok) throw new Error("connecting WooCommerce left webhooks that are not active");
    // The CLI has no queue: the app's next WooCommerce poll (every 30 s) starts the backfill.
    await waitForBackfill(db, connected.id, "WooCommerce", app, settings.backfillTimeoutMs);
    const quiet = await waitForQuiet(db, shop.id, stores, settings.quietTimeoutMs, onTicks);
    if (!quiet.quiet) throw new Error(`not quiet after the backfills: ${describeState(quiet.state)}`);

    const channels = { shopify: shopify.id, woocommerce: connected.id };
    const convergence = await checkConvergence(db, shop.id, channels, stores);
    if (convergence.mismatches.length > 0) throw new Error(`after the backfills, ${describeMismatches(convergence)}`);
    const off = scenario.catalog.filter((item) => {
      const shows = stores.shows(item.sku);
      return shows.shopify !== item.stock || shows.woocommerce !== item.stock;
    });
    if (off.length > 0) throw new Error(`${off.length} SKUs are not shown at their pool (e.g. ${off[0]!.sku})`);
    return { stores, app, db, shopId: shop.id, channels, setupMs: performance.now() - start, close };
  } catch (error) {
    await close();
    throw error;
  }
}
