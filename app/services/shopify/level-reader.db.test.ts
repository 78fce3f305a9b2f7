import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdmin } from "../../../connectors/shopify/admin/client";
import { CostBuckets } from "../../../connectors/shopify/admin/cost-bucket";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { bulkOperationsOf } from "../../../test/sim/shopify/bulk-operations";
import { startShopifySimMsw } from "../../../test/sim/shopify/msw";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import type { ChannelLevel, LevelPage } from "../sync/level-readers";
import { reconcileChannel } from "../sync/reconcile.server";
import { readReconcileReport } from "../sync/reconcile-report.server";
import { BULK_LEVELS_QUERY } from "./level-reader-bulk.server";
import { createShopifyLevelReader, type ShopifyLevelReaderOptions } from "./level-reader.server";

// The Shopify level reader against the simulated store over msw: page by page below the listing threshold, one bulk
// operation above it, the same figures either way; a bulk operation that fails, times out or waits for a slot.

const FAST_POLLS = { firstPollMs: 10, maxPollMs: 40 };

describe("Shopify level reader", () => {
  let t: TestDb;
  let sim: ShopifySim;
  let server: ReturnType<typeof startShopifySimMsw>;
  let stores = 0;

  beforeAll(async () => {
    t = await createTestDb();
    sim = createShopifySim();
    server = startShopifySimMsw(sim);
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  /**
   * `count` listed items: n % 7 at Warehouse each, 2 at Storefront for the first 30, 5 at Popup (a location the
   * channel does not map) for all. Warehouse and Storefront are mapped and sellable.
   */
  async function channelOf(count: number, options: { apiVersion?: string } = {}) {
    stores += 1;
    const domain = `levels-${stores}.myshopify.com`;
    const store = sim.createShop({
      domain,
      accessToken: `token-${domain}`,
      locations: ["Warehouse", "Storefront", "Popup"],
      bucket: { maximumAvailable: 20_000, restoreRate: 1_000 },
    });
    bulkOperationsOf(store.ctx).configure({ startMs: 20, runMs: 60 });
    const skus = Array.from({ length: count }, (_, n) => `L${stores}-${String(n).padStart(4, "0")}`);
    for (let start = 0; start < count; start += 100) {
      store.addProduct({
        title: `Batch ${start}`,
        variants: skus.slice(start, start + 100).map((sku, offset) => {
          const n = start + offset;
          const stock: Record<string, number> = { Warehouse: n % 7, Popup: 5, ...(n < 30 ? { Storefront: 2 } : {}) };
          return { sku, title: sku, stock };
        }),
      });
    }
    const shop = await t.db.shop.create({ data: { name: `Ledger for ${domain}` } });
    const channel = await t.db.channel.create({
      data: { shopId: shop.id, kind: "shopify", name: "Shopify", externalRef: domain, settings: {} },
    });
    for (const name of ["Warehouse", "Storefront"]) {
      const location = await t.db.location.create({ data: { id: `${shop.id}-${name}`, shopId: shop.id, name } });
      await t.db.channelLocation.create({
        data: {
          shopId: shop.id,
          channelId: channel.id,
          locationId: location.id,
          externalLocationId: String(store.location(name).id),
        },
      });
    }
    await t.db.inventoryItem.createMany({ data: skus.map((sku) => ({ shopId: shop.id, sku, title: sku })) });
    const items = await t.db.inventoryItem.findMany({ where: { shopId: shop.id } });
    const itemIds = new Map([...store.state.inventoryItems.values()].map((item) => [item.sku!, String(item.id)]));
    await t.db.channelListing.createMany({
      data: items.map((item) => ({
        shopId: shop.id,
        channelId: channel.id,
        itemId: item.id,
        externalInventoryItemId: itemIds.get(item.sku),
        syncState: "ok",
      })),
    });
    const admin = createShopifyAdmin({
      shopDomain: domain,
      accessToken: `token-${domain}`,
      apiVersion: options.apiVersion,
      buckets: new CostBuckets(),
    });
    const reader = (readerOptions: Omit<ShopifyLevelReaderOptions, "admin"> = {}) =>
      createShopifyLevelReader({ admin: async () => admin, bulk: FAST_POLLS, ...readerOptions });
    const requests = (operationName: string) =>
      sim.requests.filter((request) => request.shop === domain && request.operationName === operationName);
    return { store, shop, channel, reader, requests, domain };
  }

  async function readAll(reader: ReturnType<typeof createShopifyLevelReader>, channelId: string) {
    const channel = await t.db.channel.findUniqueOrThrow({ where: { id: channelId } });
    const pages: LevelPage[] = [];
    const { calls } = await reader.read(t.db, channel, async (page) => void pages.push(page));
    const figures = pages.flatMap((page) => page.levels).sort((a, b) => key(a).localeCompare(key(b)));
    return { calls, pages, figures };
  }
  const key = (level: ChannelLevel) => `${level.location}:${level.externalInventoryItemId}`;

  it("reads the same figures with one bulk operation as page by page, for the mapped locations only", async () => {
    const s = await channelOf(600);
    const paged = await readAll(s.reader({ bulkThreshold: 10_000 }), s.channel.id);
    // Warehouse: 600 levels in 3 pages; Storefront: 30 in one.
    expect(paged.calls).toBe(4);
    expect(paged.figures).toHaveLength(630);
    expect(s.requests("ChannelLedgerBulkRun")).toHaveLength(0);

    const before = new Date();
    const bulk = await readAll(s.reader({ bulkThreshold: 0 }), s.channel.id);
    expect(bulk.figures).toEqual(paged.figures);
    expect(bulk.pages.map((page) => page.levels.length)).toEqual([250, 250, 130]);
    expect(bulk.pages.every((page) => page.readAt >= before && page.readAt <= new Date())).toBe(true);
    expect(s.requests("ChannelLedgerBulkRun")).toHaveLength(1);
    const polls = s.requests("ChannelLedgerBulkOperation").length;
    expect(polls).toBeGreaterThanOrEqual(1);
    // The start, the polls and the download.
    expect(bulk.calls).toBe(1 + polls + 1);
    expect(s.requests("ChannelLedgerLocationAvailable")).toHaveLength(4);
    expect(bulkOperationsOf(s.store.ctx).current()).toMatchObject({ status: "COMPLETED", query: BULK_LEVELS_QUERY });
    const warehouse = String(s.store.location("Warehouse").id);
    const item = String(
      [...s.store.state.inventoryItems.values()].find((candidate) => candidate.sku?.endsWith("-0012"))!.id,
    );
    expect(bulk.figures).toContainEqual({ externalInventoryItemId: item, location: warehouse, available: 12 % 7 });
  });

  it("pages up to the threshold and runs a bulk operation above it", async () => {
    const s = await channelOf(5);
    await readAll(s.reader({ bulkThreshold: 5 }), s.channel.id);
    expect(s.requests("ChannelLedgerBulkRun")).toHaveLength(0);
    expect(s.requests("ChannelLedgerLocationAvailable")).toHaveLength(2);
    const bulk = await readAll(s.reader({ bulkThreshold: 4 }), s.channel.id);
    expect(s.requests("ChannelLedgerBulkRun")).toHaveLength(1);
    expect(s.requests("ChannelLedgerLocationAvailable")).toHaveLength(2);
    expect(bulk.figures).toHaveLength(10);
  });

  it("skips and counts unreadable lines of the result, with a warning", async () => {
    const s = await channelOf(40);
    const garbage = [
      "not json at all",
      JSON.stringify({ id: "gid://shopify/InventoryLevel/1" }),
      JSON.stringify({ id: "gid://shopify/InventoryLevel/2", quantities: [], __parentId: "gid://shopify/Location/1" }),
      JSON.stringify({ id: "gid://shopify/Location/1", __parentId: "gid://shopify/Location/2" }),
    ];
    const withGarbage: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      return new Response(`${garbage.join("\n")}\n${await response.text()}`, { status: response.status });
    };
    const warnings: { obj: object; msg?: string }[] = [];
    const logger = { warn: (obj: object, msg?: string) => void warnings.push({ obj, msg }) };
    const clean = await readAll(s.reader({ bulkThreshold: 0 }), s.channel.id);
    const dirty = await readAll(s.reader({ bulkThreshold: 0, download: { fetch: withGarbage }, logger }), s.channel.id);
    expect(dirty.figures).toEqual(clean.figures);
    expect(warnings).toEqual([
      {
        msg: "skipped unreadable lines of a Shopify bulk result",
        obj: expect.objectContaining({
          skipped: 4,
          sample: [
            { line: 1, reason: "not JSON" },
            { line: 2, reason: expect.stringContaining("id") },
            { line: 3, reason: expect.stringContaining("id") },
          ],
        }),
      },
    ]);
  });

  it("waits for the shop's bulk query slot an earlier run still holds", async () => {
    // Before API 2026-01 a shop runs one bulk query at a time.
    const s = await channelOf(20, { apiVersion: "2025-10" });
    bulkOperationsOf(s.store.ctx).configure({ startMs: 0, runMs: 200 });
    const run = `mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { userErrors { message } } }`;
    await sim.adminRequest(s.domain, run, {}, { accessToken: `token-${s.domain}`, apiVersion: "2025-10" });
    const { figures } = await readAll(s.reader({ bulkThreshold: 0 }), s.channel.id);
    expect(figures).toHaveLength(40);
    expect(s.requests("ChannelLedgerBulkRun").length).toBeGreaterThanOrEqual(2);
  });

  it("gives up after its timeout and cancels the operation", async () => {
    const s = await channelOf(20);
    bulkOperationsOf(s.store.ctx).configure({ startMs: 0, runMs: 60_000 });
    const reader = s.reader({ bulkThreshold: 0, bulk: { ...FAST_POLLS, timeoutMs: 200 } });
    await expect(readAll(reader, s.channel.id)).rejects.toThrow(/did not finish within 200 ms/);
    expect(s.requests("ChannelLedgerBulkCancel")).toHaveLength(1);
    expect(["CANCELING", "CANCELED"]).toContain(bulkOperationsOf(s.store.ctx).current()!.status);
  });

  it("fails the reconciliation with Shopify's error code when the bulk operation fails", async () => {
    const s = await channelOf(20);
    bulkOperationsOf(s.store.ctx).failNext({ errorCode: "INTERNAL_SERVER_ERROR" });
    const reader = s.reader({ bulkThreshold: 0 });
    await expect(reconcileChannel(t.db, s.channel.id, { reader })).rejects.toThrow(
      /bulk operation gid:\/\/shopify\/BulkOperation\/\d+ failed: INTERNAL_SERVER_ERROR/,
    );
    const channel = await t.db.channel.findUniqueOrThrow({ where: { id: s.channel.id } });
    expect(readReconcileReport(channel.settings)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("INTERNAL_SERVER_ERROR"),
    });
  });
});
