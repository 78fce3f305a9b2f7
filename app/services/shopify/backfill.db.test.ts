import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdmin, type ShopifyAdmin } from "../../../connectors/shopify/admin/client";
import { CostBuckets } from "../../../connectors/shopify/admin/cost-bucket";
import { createInProcessQueue } from "../../../jobs/in-process-queue";
import { createTestDb, type TestDb } from "../../../test/db";
import { startShopifySimMsw } from "../../../test/sim/shopify/msw";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import { verifyLedger } from "../ledger/verify.server";
import { readBackfillProgress } from "./backfill-progress.server";
import { runShopifyBackfill } from "./backfill.server";
import { enqueueShopifyBackfill, registerShopifyJobs } from "./jobs.server";

const DAY = 24 * 60 * 60 * 1000;
const SMALL_PAGES = { locations: 1, variants: 2, levels: 2, orders: 2 };
const silent = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * A store with history: an old shipped order outside the window, and in the window an open order (with a line
 * without SKU), a shipped one, a partly shipped one, a cancelled one, an edited one, and one from the second location.
 */
async function buildStore(sim: ShopifySim, domain: string) {
  const shop = sim.createShop({ domain, accessToken: `token-${domain}`, locations: ["Warehouse", "Storefront"] });
  shop.addProduct({
    title: "Harbour Tee",
    variants: [
      { sku: "TEE-S", title: "S", priceMinor: 1999, stock: { Warehouse: 6 } },
      { sku: "TEE-M", title: "M", priceMinor: 1999, stock: { Warehouse: 6 } },
    ],
  });
  shop.addProduct({
    title: "Enamel Mug",
    variants: [{ sku: "MUG", priceMinor: 1400, stock: { Warehouse: 4 }, incoming: { Warehouse: 5 } }],
  });
  shop.addProduct({ title: "Navy Cap", variants: [{ sku: "CAP", priceMinor: 2400, stock: { Storefront: 2 } }] });
  const giftWrap = shop.addProduct({ title: "Gift wrap", variants: [{ sku: null, priceMinor: 300, tracked: false }] });
  const ago = (days: number) => new Date(Date.now() - days * DAY);
  const old = await shop.placeOrder({ lines: [{ sku: "TEE-M", quantity: 2 }], at: ago(100) });
  await shop.fulfil(old.id, { at: ago(99) });
  const open = await shop.placeOrder({
    lines: [
      { sku: "TEE-S", quantity: 2 },
      { variantId: giftWrap.variantIds[0]!, quantity: 1 },
    ],
    email: "mira@example.com",
    customer: { firstName: "Mira", lastName: "Lind" },
    shippingAddress: { name: "Mira Lind", address1: "14 Harbour Lane", city: "Portland", countryCode: "US" },
    at: ago(10),
  });
  const shipped = await shop.placeOrder({
    lines: [
      { sku: "TEE-S", quantity: 3 },
      { sku: "MUG", quantity: 1 },
    ],
    at: ago(5),
  });
  await shop.fulfil(shipped.id, { tracking: { company: "UPS", number: "1Z999", url: "https://ups.example/1Z999" } });
  const partial = await shop.placeOrder({ lines: [{ sku: "TEE-M", quantity: 2 }], at: ago(3) });
  await shop.fulfil(partial.id, { lines: [{ lineItemId: partial.lineItems[0]!.id, quantity: 1 }] });
  const cancelled = await shop.placeOrder({ lines: [{ sku: "MUG", quantity: 2 }], at: ago(2) });
  await shop.cancelOrder(cancelled.id, { restock: true });
  const edited = await shop.placeOrder({ lines: [{ sku: "TEE-S", quantity: 2 }], at: ago(1) });
  await shop.editLineQuantity(edited.id, edited.lineItems[0]!.id, 1);
  const storefront = await shop.placeOrder({ lines: [{ sku: "CAP", quantity: 1 }] });
  return { shop, orders: { old, open, shipped, partial, cancelled, edited, storefront } };
}

describe("Shopify backfill", () => {
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

  async function ledgerShop(domain: string, options: { warehouse?: boolean } = {}) {
    const shop = await t.db.shop.create({ data: { name: `Ledger for ${domain}` } });
    // A location the merchant created before connecting Shopify: the backfill must match it by name.
    const warehouse = options.warehouse
      ? await t.db.location.create({ data: { shopId: shop.id, name: "Warehouse" } })
      : null;
    const channel = await t.db.channel.create({
      data: {
        shopId: shop.id,
        kind: "shopify",
        name: "Shopify",
        externalRef: domain,
        settings: { stockMaster: "ledger" },
      },
    });
    return { shop, channel, warehouse };
  }

  async function store() {
    stores += 1;
    const domain = `backfill-${stores}.myshopify.com`;
    const built = await buildStore(sim, domain);
    const admin = createShopifyAdmin({
      shopDomain: domain,
      accessToken: `token-${domain}`,
      buckets: new CostBuckets(),
    });
    return { ...built, domain, admin };
  }

  /** The ledger as a comparable value: what a merchant would see, without ids or timestamps. */
  async function ledgerState(shopId: string) {
    const levels = await t.db.stockLevel.findMany({ where: { shopId }, include: { item: true, location: true } });
    const orders = await t.db.order.findMany({
      where: { shopId },
      include: { lines: { orderBy: { externalId: "asc" } }, fulfillments: { include: { lines: true } } },
      orderBy: { externalId: "asc" },
    });
    return {
      levels: levels
        .map((level) => `${level.item.sku}@${level.location.name}: ${level.onHand}/${level.committed}`)
        .sort(),
      orders: orders.map((order) => ({
        externalId: order.externalId,
        status: order.status,
        fulfillmentStatus: order.fulfillmentStatus,
        needsMapping: order.needsMapping,
        lines: order.lines.map((line) => [
          line.sku,
          line.quantity,
          line.reservedQty,
          line.fulfilledQty,
          line.removedQty,
          line.shortQty,
        ]),
        fulfillments: order.fulfillments.map((f) => [f.externalId, f.status, f.trackingNumber, f.lines.length]),
      })),
      listings: (await t.db.channelListing.findMany({ where: { shopId }, include: { item: true } }))
        .map((listing) => `${listing.item.sku}:${listing.externalInventoryItemId !== null}`)
        .sort(),
      oversells: await t.db.oversell.count({ where: { shopId } }),
    };
  }

  it("imports locations, catalog, stock and the window's orders so the ledger matches the store", async () => {
    const { shop: store1, orders, admin } = await store();
    const { shop, channel, warehouse } = await ledgerShop(store1.domain, { warehouse: true });

    const progress = await runShopifyBackfill(t.db, channel.id, { admin, pageSizes: SMALL_PAGES, logger: silent });

    // Locations: the existing Warehouse is reused, Storefront is created, both mapped.
    const mappings = await t.db.channelLocation.findMany({
      where: { channelId: channel.id },
      include: { location: true },
    });
    expect(mappings.map((m) => [m.location.name, m.externalLocationId]).sort()).toEqual(
      [
        ["Storefront", String(store1.location("Storefront").id)],
        ["Warehouse", String(store1.location("Warehouse").id)],
      ].sort(),
    );
    expect(mappings.find((m) => m.location.name === "Warehouse")?.locationId).toBe(warehouse!.id);

    // Catalog: one item and listing per SKU; the variant without SKU is left out.
    const items = await t.db.inventoryItem.findMany({ where: { shopId: shop.id }, include: { listings: true } });
    expect(items.map((item) => item.sku).sort()).toEqual(["CAP", "MUG", "TEE-M", "TEE-S"]);
    const tee = items.find((item) => item.sku === "TEE-S")!;
    const simTee = [...store1.state.inventoryItems.values()].find((item) => item.sku === "TEE-S")!;
    expect(tee.listings[0]).toMatchObject({
      externalInventoryItemId: String(simTee.id),
      externalVariantId: String(simTee.variantId),
    });

    // Stock: on hand and committed per location are the store's on_hand and committed.
    for (const sku of ["TEE-S", "TEE-M", "MUG", "CAP"]) {
      for (const [locationName, quantities] of Object.entries(store1.levels(sku))) {
        const level = await t.db.stockLevel.findFirst({
          where: { shopId: shop.id, item: { sku }, location: { name: locationName } },
        });
        expect({ sku, locationName, onHand: level?.onHand ?? 0, committed: level?.committed ?? 0 }).toEqual({
          sku,
          locationName,
          onHand: quantities.on_hand,
          committed: quantities.committed,
        });
      }
    }

    // Orders: the window's six, not the old one; reservations, shipments, edits and cancellations as in the store.
    const imported = await t.db.order.findMany({
      where: { shopId: shop.id },
      include: { lines: true, fulfillments: { include: { lines: true } } },
    });
    const byId = new Map(imported.map((order) => [order.externalId, order]));
    expect([...byId.keys()].sort()).toEqual(
      [orders.open, orders.shipped, orders.partial, orders.cancelled, orders.edited, orders.storefront]
        .map((o) => String(o.id))
        .sort(),
    );
    const open = byId.get(String(orders.open.id))!;
    expect(open).toMatchObject({
      status: "open",
      customerName: "Mira Lind",
      customerEmail: "mira@example.com",
      needsMapping: true,
    });
    expect(open.shippingAddress).toMatchObject({ name: "Mira Lind", address1: "14 Harbour Lane", country_code: "US" });
    expect(open.lines.find((line) => line.sku === "TEE-S")).toMatchObject({ reservedQty: 2, shortQty: 0 });
    expect(open.lines.find((line) => line.sku === null)).toMatchObject({ needsMapping: true, reservedQty: 0 });
    const shipped = byId.get(String(orders.shipped.id))!;
    expect(shipped.fulfillmentStatus).toBe("fulfilled");
    expect(shipped.fulfillments).toHaveLength(1);
    expect(shipped.fulfillments[0]).toMatchObject({ status: "success", carrier: "UPS", trackingNumber: "1Z999" });
    expect(shipped.lines.every((line) => line.fulfilledQty === line.quantity && line.reservedQty === 0)).toBe(true);
    const partial = byId.get(String(orders.partial.id))!;
    expect(partial.fulfillmentStatus).toBe("partial");
    expect(partial.lines[0]).toMatchObject({ quantity: 2, fulfilledQty: 1, reservedQty: 1 });
    expect(byId.get(String(orders.cancelled.id))).toMatchObject({ status: "cancelled" });
    expect(byId.get(String(orders.cancelled.id))!.lines[0]).toMatchObject({ reservedQty: 0 });
    expect(byId.get(String(orders.edited.id))!.lines[0]).toMatchObject({ quantity: 2, removedQty: 1, reservedQty: 1 });
    expect(await t.db.oversell.count({ where: { shopId: shop.id } })).toBe(0);
    expect((await verifyLedger(t.db, { shopId: shop.id })).mismatches).toEqual([]);

    // Progress is recorded in the channel's settings, next to the settings that were there.
    const stored = await t.db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(stored.settings).toMatchObject({ stockMaster: "ledger" });
    expect(readBackfillProgress(stored.settings)).toEqual(progress);
    expect(progress).toMatchObject({
      status: "done",
      phase: "done",
      cursor: null,
      error: null,
      days: 60,
      counts: { locations: 2, listings: 4, orders: 6, fulfillments: 2, skipped: 0 },
    });
    expect(progress.processed).toBeGreaterThan(10);
    expect(progress.finishedAt).not.toBeNull();
    expect(stored.lastSyncAt).not.toBeNull();
  });

  it("changes nothing when run a second time", async () => {
    const { shop: store1, admin } = await store();
    const { shop, channel } = await ledgerShop(store1.domain);
    const first = await runShopifyBackfill(t.db, channel.id, { admin, pageSizes: SMALL_PAGES });
    const before = await ledgerState(shop.id);
    const movements = await t.db.stockMovement.count({ where: { shopId: shop.id } });
    const timeline = await t.db.timelineEvent.count({ where: { shopId: shop.id } });

    const second = await runShopifyBackfill(t.db, channel.id, { admin, pageSizes: SMALL_PAGES });
    expect(second.runId).not.toBe(first.runId);
    expect(second.status).toBe("done");
    expect(await ledgerState(shop.id)).toEqual(before);
    expect(await t.db.stockMovement.count({ where: { shopId: shop.id } })).toBe(movements);
    expect(await t.db.timelineEvent.count({ where: { shopId: shop.id } })).toBe(timeline);
  });

  it("resumes an interrupted backfill from its cursor and ends where an uninterrupted one does", async () => {
    const { shop: store1, admin } = await store();
    const interrupted = await ledgerShop(store1.domain);
    const clean = await ledgerShop(store1.domain);

    let crashed = false;
    const crash = async (progress: { phase: string; cursor: string | null }) => {
      if (!crashed && progress.phase === "orders" && progress.cursor) {
        crashed = true;
        throw new Error("worker killed after the first page of orders");
      }
    };
    await expect(
      runShopifyBackfill(t.db, interrupted.channel.id, { admin, pageSizes: SMALL_PAGES, onPage: crash }),
    ).rejects.toThrow("worker killed");
    const saved = readBackfillProgress(
      (await t.db.channel.findUniqueOrThrow({ where: { id: interrupted.channel.id } })).settings,
    )!;
    expect(saved).toMatchObject({
      status: "failed",
      phase: "orders",
      error: "worker killed after the first page of orders",
    });
    expect(saved.cursor).not.toBeNull();
    expect(saved.counts.orders).toBe(2);

    const seen = sim.requests.length;
    const resumed = await runShopifyBackfill(t.db, interrupted.channel.id, { admin, pageSizes: SMALL_PAGES });
    expect(resumed).toMatchObject({ status: "done", runId: saved.runId, since: saved.since });
    // The resumed run went straight back to the orders after the saved cursor.
    const first = sim.requests.slice(seen).find((request) => request.operationName !== null)!;
    expect(first.operationName).toBe("ChannelLedgerOrders");
    expect(first.variables).toMatchObject({ after: saved.cursor });

    await runShopifyBackfill(t.db, clean.channel.id, { admin, pageSizes: SMALL_PAGES });
    expect(await ledgerState(interrupted.shop.id)).toEqual(await ledgerState(clean.shop.id));
    expect((await verifyLedger(t.db, { shopId: interrupted.shop.id })).mismatches).toEqual([]);
  });

  it("runs as the shopify.backfill job, once per channel at a time", async () => {
    const { shop: store1, admin } = await store();
    const { channel } = await ledgerShop(store1.domain);
    const asked: string[] = [];
    const queue = createInProcessQueue({ logger: silent });
    registerShopifyJobs(queue, {
      db: () => t.db,
      logger: silent,
      adminFor: async (domain): Promise<ShopifyAdmin> => {
        asked.push(domain);
        return admin;
      },
    });
    await enqueueShopifyBackfill(queue, channel.id);
    await enqueueShopifyBackfill(queue, channel.id);
    expect(await queue.stats()).toMatchObject({ waiting: 1 });
    await queue.startWorkers({ concurrency: 2 });
    await queue.drain(30_000);
    await queue.close();
    expect(asked).toEqual([store1.domain]);
    const progress = readBackfillProgress(
      (await t.db.channel.findUniqueOrThrow({ where: { id: channel.id } })).settings,
    );
    expect(progress).toMatchObject({ status: "done", counts: { orders: 6 } });
  });
});
