// (c) Reconciliation of 50,000 listings per channel: a store of that size on each simulator, the ledger seeded
// directly (items, opening receipts, listings that reference the store's real ids, as a finished sync leaves them),
// a few hundred figures changed on the store behind the ledger's back, then `npm run cli -- sync reconcile` in its
// own process against the running simulators. The app is stopped by then, so nothing else reads or writes.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { formatStockRef } from "../../connectors/woocommerce/stock-ref.ts";
import type { Db } from "../../app/db.server.ts";
import { bulkInsert } from "../../app/services/ledger/bulk-insert.server.ts";
import { recordMovements } from "../../app/services/ledger/record-movements.server.ts";
import { ensureLevel } from "../../test/sim/shopify/catalog.ts";
import { levelKey } from "../../test/sim/shopify/state.ts";
import { startWooSimServer } from "../../test/sim/woocommerce/http-server.ts";
import { onCleanup } from "../lib/cleanup.ts";
import { REPO_ROOT } from "../lib/paths.ts";
import type { SyncApp } from "./app.ts";
import type { ChannelKind } from "./call-log.ts";
import type { SyncSettings } from "./settings.ts";
import type { Stores } from "./stores.ts";

/** The fields of the CLI's report the benchmark reads (app/services/sync/reconcile-report.server.ts). */
export type ReconcileReport = {
  status: string;
  durationMs: number;
  listings: number;
  read: number;
  matched: number;
  drifted: number;
  missing: number;
  skipped: number;
  queued: number;
  calls: number;
};

export type ReconcileEntry =
  | {
      channel: ChannelKind;
      listings: number;
      /** Figures changed on the store. */
      drifted: number;
      report: ReconcileReport;
      wallMs: number;
      seedMs: number;
      note?: string;
    }
  | { channel: ChannelKind; listings: number; drifted: number; error: string };

export type ReconcileResult =
  | { kind: "not-measured"; reason: string }
  | { kind: "measured"; channels: ReconcileEntry[]; problems: string[] };

/** A reconciliation that reads page by page at a standard plan's 100 points/s takes many minutes at 50,000. */
const RECONCILE_TIMEOUT_MS = 20 * 60_000;
const STOCK = 100;
const RECONCILE_DOMAIN = "bench-reconcile.myshopify.com";
const RECONCILE_TOKEN = "shpat_bench_reconcile_static_token";
const WOO_KEYS = {
  consumerKey: "ck_bench_reconcile_0123456789abcdef0123456789abcdef0123",
  consumerSecret: "cs_bench_reconcile_0123456789abcdef0123456789abcdef0123",
};
const CHUNK = 2_000;

/** The reconciliation the benchmark measures: the CLI command, and the service behind it. */
export function reconcileAvailable(): string | null {
  const service = join(REPO_ROOT, "app/services/sync/reconcile.server.ts");
  const command = join(REPO_ROOT, "cli/commands/sync.ts");
  if (!existsSync(service) || !/export async function reconcileChannel\(/.test(readFileSync(service, "utf8"))) {
    return "reconcileChannel not found";
  }
  if (!existsSync(command) || !readFileSync(command, "utf8").includes('name: "reconcile"')) {
    return "the CLI has no `sync reconcile` command";
  }
  return null;
}

type Seeded = { shopId: string; channelId: string; skus: string[]; externalIds: string[]; seedMs: number };

/**
 * Items, their opening receipts and their listings, as a finished sync leaves them. Items and listings go in with
 * the ledger's own multi-row insert (Prisma's createMany costs about half a millisecond a row); the receipts through
 * recordMovements, so balances and movements agree.
 */
export async function seedLedger(
  db: Db,
  input: {
    shopId: string;
    channelId: string;
    locationId: string;
    records: { sku: string; productId: string; variantId?: string; stockId: string }[];
  },
) {
  const { shopId, channelId, locationId, records } = input;
  const now = new Date();
  const itemIds = records.map(() => randomUUID());
  for (let start = 0; start < records.length; start += CHUNK) {
    await db.$transaction((tx) =>
      bulkInsert(
        tx,
        "InventoryItem",
        records.slice(start, start + CHUNK).map((record, index) => ({
          id: itemIds[start + index],
          shopId,
          sku: record.sku,
          title: record.sku,
          backorderPolicy: "deny",
          createdAt: now,
          updatedAt: now,
        })),
      ),
    );
  }
  // Receipts before the listings exist, so nothing is marked pending.
  for (let start = 0; start < records.length; start += CHUNK) {
    await recordMovements(
      db,
      shopId,
      records.slice(start, start + CHUNK).map((record, index) => ({
        itemId: itemIds[start + index]!,
        locationId,
        kind: "receipt" as const,
        onHandDelta: STOCK,
        committedDelta: 0,
        source: "system",
        reason: "Sync benchmark: reconciliation stock",
        idempotencyKey: `bench-reconcile:${record.sku}`,
      })),
    );
  }
  // Planned and pushed an hour ago, nothing pending: what the engine leaves once a store is in step.
  const pushedAt = new Date(now.getTime() - 60 * 60 * 1000);
  for (let start = 0; start < records.length; start += CHUNK) {
    await db.$transaction((tx) =>
      bulkInsert(
        tx,
        "ChannelListing",
        records.slice(start, start + CHUNK).map((record, index) => ({
          id: randomUUID(),
          shopId,
          channelId,
          itemId: itemIds[start + index],
          externalProductId: record.productId,
          externalVariantId: record.variantId ?? null,
          externalInventoryItemId: record.stockId,
          desiredQty: STOCK,
          lastPushedQty: STOCK,
          lastPushedAt: pushedAt,
          syncState: "ok",
          pushAttempts: 0,
          changeSeq: 0,
          createdAt: pushedAt,
          updatedAt: pushedAt,
        })),
      ),
    );
  }
}

async function seedWoo(
  db: Db,
  app: SyncApp,
  stores: Stores,
  size: number,
): Promise<Seeded & { drift: (position: number, quantity: number) => void; close: () => Promise<void> }> {
  const start = performance.now();
  const store = stores.wooSim.createStore({ name: "bench-reconcile" });
  store.createKeys("read_write", WOO_KEYS);
  const skus: string[] = [];
  const externalIds: string[] = [];
  const records: { sku: string; productId: string; stockId: string }[] = [];
  for (let index = 0; index < size; index += 1) {
    const sku = `REC-W-${String(index + 1).padStart(6, "0")}`;
    // The SKU is set after: addProduct checks it against every product, which is quadratic at 50,000.
    const product = store.addProduct({ name: `Reconcile item ${index + 1}`, price: "5.00", stock: STOCK });
    product.sku = sku;
    skus.push(sku);
    externalIds.push(String(product.id));
    records.push({ sku, productId: String(product.id), stockId: formatStockRef({ kind: "product", id: product.id }) });
  }
  const server = await startWooSimServer(stores.wooSim, { host: "127.0.0.1", store });
  const unregister = onCleanup("stop the reconciliation's WooCommerce simulator", () => server.close());
  const shop = await db.shop.create({ data: { name: "Bench reconcile (WooCommerce)" }, select: { id: true } });
  const connected = await app.cli<{ id: string; locationId: string }>([
    "channel",
    "connect",
    "woocommerce",
    "--shop",
    shop.id,
    "--url",
    server.storeUrl,
    "--key",
    WOO_KEYS.consumerKey,
    "--secret",
    WOO_KEYS.consumerSecret,
  ]);
  await seedLedger(db, { shopId: shop.id, channelId: connected.id, locationId: connected.locationId, records });
  return {
    shopId: shop.id,
    channelId: connected.id,
    skus,
    externalIds,
    seedMs: performance.now() - start,
    drift: (position, quantity) => {
      const product = store.state.products.get(Number(externalIds[position]));
      if (product) product.stockQuantity = quantity;
    },
    close: async () => {
      unregister();
      await server.close();
    },
  };
}

async function seedShopify(
  db: Db,
  stores: Stores,
  size: number,
): Promise<Seeded & { drift: (position: number, available: number) => void }> {
  const start = performance.now();
  const sim = stores.shopifySim;
  // No deliveries for 50,000 new products: the ledger is seeded directly.
  sim.webhooks.configure({ url: undefined, topics: [] });
  const shop = sim.createShop({
    domain: RECONCILE_DOMAIN,
    name: "Bench reconcile",
    locations: ["Warehouse"],
    accessToken: RECONCILE_TOKEN,
  });
  const simLocation = shop.location("Warehouse");
  const skus: string[] = [];
  const externalIds: string[] = [];
  const records: { sku: string; productId: string; variantId: string; stockId: string }[] = [];
  for (let index = 0; index < size; index += 1) {
    const sku = `REC-S-${String(index + 1).padStart(6, "0")}`;
    // Stocked below, once every product exists: addProduct builds a webhook body that sums the variant's levels by
    // scanning every level of the shop, which is quadratic at 50,000.
    const product = shop.addProduct({ title: `Reconcile item ${index + 1}`, variants: [{ sku, priceMinor: 500 }] });
    const variant = shop.state.variants.get(product.variantIds[0]!)!;
    skus.push(sku);
    externalIds.push(String(variant.inventoryItemId));
    records.push({
      sku,
      productId: String(product.id),
      variantId: String(variant.id),
      stockId: String(variant.inventoryItemId),
    });
  }
  for (const id of externalIds) ensureLevel(shop.ctx, Number(id), simLocation.id).quantities.available = STOCK;
  sim.webhooks.configure({ topics: undefined });
  // No server of its own: the app's requests go to SHOPIFY_ADMIN_ORIGIN, the simulator's one server, and name
  // the shop in X-Forwarded-Host.

  // What an install leaves: the offline session (a token that does not expire), the shop, its channel and location.
  await db.session.create({
    data: {
      id: `offline_${RECONCILE_DOMAIN}`,
      shop: RECONCILE_DOMAIN,
      state: "",
      isOnline: false,
      scope: "read_inventory,write_inventory,read_locations",
      accessToken: RECONCILE_TOKEN,
    },
  });
  const ledgerShop = await db.shop.create({
    data: { name: "Bench reconcile (Shopify)", shopifyDomain: RECONCILE_DOMAIN },
    select: { id: true },
  });
  const channel = await db.channel.create({
    data: {
      shopId: ledgerShop.id,
      kind: "shopify",
      name: "Shopify",
      externalRef: RECONCILE_DOMAIN,
      status: "connected",
    },
    select: { id: true },
  });
  const location = await db.location.create({
    data: { shopId: ledgerShop.id, name: "Warehouse" },
    select: { id: true },
  });
  await db.channelLocation.create({
    data: {
      shopId: ledgerShop.id,
      channelId: channel.id,
      locationId: location.id,
      externalLocationId: String(simLocation.id),
    },
  });
  await seedLedger(db, { shopId: ledgerShop.id, channelId: channel.id, locationId: location.id, records });
  return {
    shopId: ledgerShop.id,
    channelId: channel.id,
    skus,
    externalIds,
    seedMs: performance.now() - start,
    drift: (position, available) => {
      const level = shop.state.levels.get(levelKey(Number(externalIds[position]), simLocation.id));
      if (level) level.quantities.available = available;
    },
  };
}

type CliAnswer = { reports: ReconcileReport[]; failures: { error: string }[] };

async function reconcileWithCli(app: SyncApp, seeded: Seeded) {
  const start = performance.now();
  const args = ["sync", "reconcile", "--shop", seeded.shopId, "--channel", seeded.channelId];
  const answer = await app.cli<CliAnswer>(args, { timeoutMs: RECONCILE_TIMEOUT_MS });
  const wallMs = performance.now() - start;
  if (answer.failures.length > 0) throw new Error(answer.failures.map((failure) => failure.error).join("; "));
  const report = answer.reports[0];
  if (!report) throw new Error("the command reported no reconciliation");
  return { report, wallMs };
}

/** Positions spread over the catalogue, the same from one run to the next. */
function driftedPositions(size: number, count: number): number[] {
  const step = Math.max(1, Math.floor(size / count));
  return Array.from({ length: Math.min(count, size) }, (_, index) => (index * step + 7) % size);
}

export async function measureReconcile(
  db: Db,
  app: SyncApp,
  stores: Stores,
  settings: SyncSettings,
): Promise<ReconcileResult> {
  const missing = reconcileAvailable();
  if (missing) return { kind: "not-measured", reason: missing };
  const { listings, drifted } = settings.reconcile;
  const channels: ReconcileEntry[] = [];
  const problems: string[] = [];

  const check = (channel: ChannelKind, report: ReconcileReport, seeded: Seeded) => {
    const name = channel === "shopify" ? "Shopify" : "WooCommerce";
    if (report.status !== "done") problems.push(`(c) ${name}: the reconciliation ended ${report.status}`);
    if (report.drifted !== drifted || report.matched !== seeded.skus.length - drifted) {
      problems.push(
        `(c) ${name}: ${report.drifted} drifted and ${report.matched} matched found, ` +
          `${drifted} drifted and ${seeded.skus.length - drifted} matching seeded`,
      );
    }
  };

  try {
    const woo = await seedWoo(db, app, stores, listings);
    try {
      // Behind the ledger's back: no webhook, as if one had been lost.
      for (const position of driftedPositions(listings, drifted)) woo.drift(position, STOCK - 1 - (position % 5));
      console.log(`  (c) WooCommerce: ${listings} products and listings seeded in ${(woo.seedMs / 1000).toFixed(1)} s`);
      const { report, wallMs } = await reconcileWithCli(app, woo);
      channels.push({ channel: "woocommerce", listings, drifted, report, wallMs, seedMs: woo.seedMs });
      check("woocommerce", report, woo);
      console.log(
        `  (c) WooCommerce: reconciled in ${(report.durationMs / 1000).toFixed(2)} s (${(wallMs / 1000).toFixed(1)} s ` +
          `with the command's start-up), ${report.calls} calls, ${report.drifted} drifted of ${drifted} changed`,
      );
    } finally {
      await woo.close();
    }
  } catch (error) {
    channels.push({ channel: "woocommerce", listings, drifted, error: (error as Error).message });
    problems.push(`(c) WooCommerce: ${(error as Error).message}`);
  }

  try {
    const shopify = await seedShopify(db, stores, listings);
    // Behind the ledger's back: no webhook, as if one had been lost.
    for (const position of driftedPositions(listings, drifted)) shopify.drift(position, STOCK - 1 - (position % 5));
    console.log(`  (c) Shopify: ${listings} products and listings seeded in ${(shopify.seedMs / 1000).toFixed(1)} s`);
    const { report, wallMs } = await reconcileWithCli(app, shopify);
    channels.push({
      channel: "shopify",
      listings,
      drifted,
      report,
      wallMs,
      seedMs: shopify.seedMs,
    });
    check("shopify", report, shopify);
    console.log(
      `  (c) Shopify: reconciled in ${(report.durationMs / 1000).toFixed(2)} s (${(wallMs / 1000).toFixed(1)} s ` +
        `with the command's start-up), ${report.calls} calls, ${report.drifted} drifted of ${drifted} changed`,
    );
  } catch (error) {
    channels.push({ channel: "shopify", listings, drifted, error: (error as Error).message });
    problems.push(`(c) Shopify: ${(error as Error).message}`);
  }
  return { kind: "measured", channels, problems };
}
