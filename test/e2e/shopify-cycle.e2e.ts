import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import { createApiKey } from "../../app/services/api-keys.server";
import { verifyLedger } from "../../app/services/ledger/verify.server";
import { startShopifySimServer, type SimServer } from "../sim/shopify/http-server";
import { seedDemo } from "../sim/shopify/seed";
import { embeddedAppUrl } from "../sim/shopify/session-token";
import type { ShopHandle } from "../sim/shopify/shop-handle";
import { createShopifySim, type ShopifySim } from "../sim/shopify/sim";
import { freePort, startServer, type App } from "./harness";

// The whole Shopify connector against the simulated store, over real HTTP both ways: the built app (`npm start`)
// with SHOPIFY_ADMIN_ORIGIN pointing at the simulator's server, the simulator delivering signed webhooks to the app.
// Install (token exchange) -> backfill -> an order placed on the store -> the ledger reserves it and pushes stock ->
// a fulfilment made through our API reaches the store -> a return made through our API is created and processed on
// the store -> every echo settles without counting anything twice, and the ledger verifies clean.

const API_KEY = "cycle-client-id";
const API_SECRET = "cycle-client-secret";
const DOMAIN = "demo-outfitters.myshopify.com";
const SKU = "TEE-BLK-M";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

type Json = Record<string, unknown>;

describe("Shopify connector: install -> backfill -> order -> push -> fulfil -> return", () => {
  let sim: ShopifySim;
  let store: ShopHandle;
  let simServer: SimServer;
  let app: App;
  let db: Db;
  let key: string;
  let shopId: string;
  let orderId: string;
  let lineId: string;

  beforeAll(async () => {
    sim = createShopifySim({ apiKey: API_KEY, apiSecret: API_SECRET });
    store = await seedDemo(sim, { domain: DOMAIN });
    simServer = await startShopifySimServer(sim);
    const port = await freePort();
    sim.webhooks.configure({ url: `http://127.0.0.1:${port}/webhooks/shopify` });
    app = await startServer(
      {
        NODE_ENV: "test",
        SHOPIFY_API_KEY: API_KEY,
        SHOPIFY_API_SECRET: API_SECRET,
        SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
        SHOPIFY_ADMIN_ORIGIN: simServer.url,
        OPERATOR_EMAIL: "operator@example.com",
        OPERATOR_PASSWORD: "a-long-operator-password",
        SESSION_SECRET: "s".repeat(40),
        ENCRYPTION_KEY: "ab".repeat(32),
      },
      port,
    );
    db = createDb(app.databaseUrl);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await app?.stop();
    await simServer?.close();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const inventory = async () => {
    const { body } = await api("GET", `/inventory?sku=${SKU}`);
    return (body.data as Json[])[0] as {
      on_hand: number;
      committed: number;
      available: number;
      locations: { location_id: string; location_name: string; on_hand: number; available: number }[];
      channels: { sellable: number | null; last_pushed: { quantity: number | null }; sync_state: string }[];
    };
  };
  /** Every delivery sent, and every event they started, is done (or ignored); nothing quarantined. */
  const settled = async () => {
    await sim.webhooks.flush();
    await expect
      .poll(async () => db.inboxEvent.count({ where: { status: { in: ["pending", "processing"] } } }), {
        timeout: 30_000,
      })
      .toBe(0);
    await expect
      .poll(async () => db.channelCommand.count({ where: { state: { in: ["pending", "running"] } } }), {
        timeout: 30_000,
      })
      .toBe(0);
  };

  it("installs from the admin through token exchange and backfills the store", async () => {
    const page = await fetch(embeddedAppUrl(app.url, DOMAIN, { apiKey: API_KEY, apiSecret: API_SECRET }), {
      headers: { "user-agent": BROWSER },
    });
    expect(page.status).toBe(200);
    expect(sim.tokens.grants).toContainEqual({ shop: DOMAIN, grantType: "token_exchange:offline" });

    await expect
      .poll(
        async () => {
          const channel = await db.channel.findFirst({ where: { kind: "shopify" }, select: { settings: true } });
          return (channel?.settings as { backfill?: { status?: string } } | null)?.backfill?.status;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe("done");
    const shop = await db.shop.findUniqueOrThrow({ where: { shopifyDomain: DOMAIN } });
    shopId = shop.id;
    expect(await db.location.count({ where: { shopId } })).toBe(2);
    expect(await db.channelListing.count({ where: { shopId } })).toBeGreaterThanOrEqual(10);
    expect(await db.order.count({ where: { shopId } })).toBeGreaterThan(0);
    key = (await createApiKey(db, { shopId, name: "cycle test" })).key;
  });

  it("imports an order placed on the store, reserves it and keeps the store's stock right", async () => {
    await settled();
    const before = await inventory();
    const placed = await store.placeOrder({ lines: [{ sku: SKU, quantity: 2 }], email: "ada@example.com" });
    await settled();
    const imported = async () => {
      const { body } = await api(
        "GET",
        `/orders?limit=100&updated_since=${encodeURIComponent(placed.createdAt.toISOString())}`,
      );
      return (body.data as Json[]).find((candidate) => candidate.external_id === String(placed.id));
    };
    await expect.poll(imported, { timeout: 15_000 }).toMatchObject({ status: "open", units: 2 });
    orderId = (await imported())!.id as string;
    const after = await inventory();
    expect(after.committed).toBe(before.committed + 2);

    // A delivery into the warehouse, made through our API, reaches the store's level by push.
    const warehouse = after.locations.find((location) => location.location_name === "Warehouse")!;
    const adjusted = await api("POST", "/inventory/adjustments", {
      sku: SKU,
      location_id: warehouse.location_id,
      delta: 5,
      reason: "Delivery",
    });
    expect(adjusted.status).toBe(201);
    await settled();
    const pushed = await inventory();
    expect(pushed.available).toBe(after.available + 5);
    await expect.poll(async () => (await inventory()).channels[0]?.sync_state, { timeout: 15_000 }).toBe("ok");
    const sellable = (await inventory()).channels[0]!.sellable!;
    const levels = store.levels(SKU);
    const shown = Object.values(levels).reduce((sum, level) => sum + level.available, 0);
    expect(shown).toBe(sellable);
  });

  it("fulfils through our API: the store gets the fulfilment with tracking, the echo ships nothing twice", async () => {
    const { body: detail } = await api("GET", `/orders/${orderId}`);
    const line = ((detail.data as Json).lines as Json[])[0]!;
    lineId = line.id as string;
    const before = await inventory();
    const created = await api("POST", `/orders/${orderId}/fulfillments`, {
      lines: [{ line_id: lineId, quantity: 2 }],
      carrier: "UPS",
      tracking_number: "1Z999AA10123456784",
      notify_customer: true,
    });
    expect(created.status).toBe(201);
    await settled();

    const simOrder = [...store.state.orders.values()].find(
      (order) => order.fulfillmentIds.length > 0 && order.email === "ada@example.com",
    )!;
    const fulfillment = store.state.fulfillments.get(simOrder.fulfillmentIds[0]!)!;
    expect(fulfillment).toMatchObject({
      status: "success",
      tracking: { company: "UPS", number: "1Z999AA10123456784" },
    });
    const { body: after } = await api("GET", `/orders/${orderId}`);
    expect(after.data).toMatchObject({
      fulfillment_status: "fulfilled",
      fulfillments: [{ external_id: String(fulfillment.id), channel_sync_state: "synced" }],
    });
    const stock = await inventory();
    expect(stock.on_hand).toBe(before.on_hand - 2);
    expect(stock.committed).toBe(before.committed - 2);
  });

  it("creates and receives a return through our API: the store processes it, one unit is restocked once", async () => {
    const before = await inventory();
    const opened = await api("POST", `/orders/${orderId}/returns`, {
      lines: [{ line_id: lineId, quantity: 1, reason: "Too small" }],
    });
    expect(opened.status).toBe(201);
    await settled();
    const returnId = (opened.body.data as Json).id as string;
    const simReturn = [...store.state.returns.values()].at(-1)!;
    expect(simReturn).toMatchObject({ status: "OPEN", lineItems: [{ quantity: 1 }] });

    const { body: opening } = await api("GET", `/orders/${orderId}`);
    const returnLine = (((opening.data as Json).returns as Json[])[0]!.lines as Json[])[0]!;
    const received = await api("POST", `/returns/${returnId}/receive`, {
      lines: [{ return_line_id: returnLine.id, quantity: 1, disposition: "restock", condition: "As new" }],
      refund: true,
    });
    expect(received.status).toBe(200);
    await settled();

    const processed = store.state.returns.get(simReturn.id)!;
    expect(processed.lineItems[0]).toMatchObject({ processedQuantity: 1 });
    expect(processed.lineItems[0]!.dispositions?.[0]).toMatchObject({ type: "RESTOCKED", quantity: 1 });
    const stock = await inventory();
    expect(stock.on_hand).toBe(before.on_hand + 1);
    const { body: done } = await api("GET", `/orders/${orderId}`);
    expect(((done.data as Json).lines as Json[])[0]).toMatchObject({ restocked: 1 });
  });

  it("leaves nothing quarantined, no command parked, and a ledger that verifies", async () => {
    await settled();
    expect(await db.inboxEvent.count({ where: { status: "quarantined" } })).toBe(0);
    expect(await db.channelCommand.count({ where: { state: "dead" } })).toBe(0);
    const result = await verifyLedger(db, {});
    expect(result.mismatches).toEqual([]);
  });
});
