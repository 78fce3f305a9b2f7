import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import { createApiKey } from "../../app/services/api-keys.server";
import { verifyLedger } from "../../app/services/ledger/verify.server";
import { startWooSimServer, type WooSimServer } from "../sim/woocommerce/http-server";
import { seedDemo } from "../sim/woocommerce/seed";
import type { SimOrder } from "../sim/woocommerce/state";
import type { StoreHandle } from "../sim/woocommerce/store-handle";
import { createWooSim, type WooSim } from "../sim/woocommerce/sim";
import { freePort, startServer, type App } from "./harness";
import { backfillStatus, cliJson, OWN_STOCK_SKUS, type ConnectAnswer } from "./woo-cycle-support";

// The whole WooCommerce connector against the simulated store, over real HTTP both ways: the built app (`npm start`)
// calling the simulator's REST API (OAuth 1.0a over plain http, as the client library does on its own), the
// simulator delivering signed webhooks to the app. Connect from the CLI -> webhooks registered, backfill -> opening
// stock from the store -> an order placed on the store -> the ledger reserves it and pushes stock -> a fulfilment
// made through our API completes the order on the store -> a return received with a refund through our API is
// refunded on the store without WooCommerce restocking it -> every echo settles without counting anything twice.

const CONSUMER_KEY = "ck_cycle_0123456789abcdef0123456789abcdef01234567";
const CONSUMER_SECRET = "cs_cycle_0123456789abcdef0123456789abcdef01234567";
const ENCRYPTION_KEY = "ab".repeat(32);
const SKU = "TEE-M"; // a variation of a variable product that keeps its own stock
const TRACKING = "1Z999AA10123456784";

type Json = Record<string, unknown>;

describe("WooCommerce connector: connect -> backfill -> order -> push -> fulfil -> refund", () => {
  let sim: WooSim;
  let store: StoreHandle;
  let simServer: WooSimServer;
  let app: App;
  let db: Db;
  let key: string;
  let shopId: string;
  let channelId: string;
  let placed: SimOrder;
  let orderId: string;
  let lineId: string;

  beforeAll(async () => {
    sim = createWooSim();
    store = seedDemo(sim);
    store.createKeys("read_write", { consumerKey: CONSUMER_KEY, consumerSecret: CONSUMER_SECRET });
    // 127.0.0.1, not localhost: the OAuth signature names the store's home URL, which is the server's.
    simServer = await startWooSimServer(sim, { port: await freePort(), host: "127.0.0.1", store });
    const port = await freePort();
    app = await startServer(
      {
        NODE_ENV: "test",
        SHOPIFY_API_KEY: "cycle-client-id",
        SHOPIFY_API_SECRET: "cycle-client-secret",
        SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
        OPERATOR_EMAIL: "operator@example.com",
        OPERATOR_PASSWORD: "a-long-operator-password",
        SESSION_SECRET: "s".repeat(40),
        ENCRYPTION_KEY,
        // The CLI has no queue to start the first backfill on (no REDIS_URL): the app's poll schedule does.
        WOO_POLL_SECONDS: "30",
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

  const cli = <T>(...args: string[]) =>
    cliJson<T>({ DATABASE_URL: app.databaseUrl, ENCRYPTION_KEY, SHOPIFY_APP_URL: app.url }, args);
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const inventory = async (sku = SKU) => {
    const { body } = await api("GET", `/inventory?sku=${sku}`);
    return (body.data as Json[])[0] as {
      on_hand: number;
      committed: number;
      available: number;
      locations: { location_id: string; location_name: string; on_hand: number; available: number }[];
      channels: { sellable: number | null; last_pushed: { quantity: number | null }; sync_state: string }[];
    };
  };
  const order = async () => (await api("GET", `/orders/${orderId}`)).body.data as Json;
  /** What the store shows for the SKU next to what the ledger says it should show. */
  const shown = async () => {
    const listing = (await inventory()).channels[0]!;
    return { store: store.stock(SKU).stock_quantity, sellable: listing.sellable, sync: listing.sync_state };
  };
  /**
   * Quiet: every webhook the store queued has been delivered, every inbox event it started is done (or ignored),
   * every command has run and every stock change has been pushed (or parked). Read after a flush, so a delivery a
   * command or a push caused is seen by the next round.
   */
  const settled = async () => {
    await expect
      .poll(
        async () => {
          await sim.flushWebhooks();
          const [events, commands, pushes] = await Promise.all([
            db.inboxEvent.count({ where: { status: { in: ["pending", "processing"] } } }),
            db.channelCommand.count({ where: { state: { in: ["pending", "running"] } } }),
            db.channelListing.count({ where: { syncState: { in: ["pending", "queued"] } } }),
          ]);
          return { events, commands, pushes, deliveries: sim.webhooks.pendingCount() };
        },
        { timeout: 30_000, interval: 100 },
      )
      .toEqual({ events: 0, commands: 0, pushes: 0, deliveries: 0 });
  };

  it("connects from the CLI: webhooks point at the app, the backfill imports the store", async () => {
    shopId = (await cli<{ id: string }>("shop", "create", "--name", "Demo")).id;
    const connected = await cli<ConnectAnswer>(
      "channel",
      "connect",
      "woocommerce",
      "--shop",
      shopId,
      "--url",
      simServer.storeUrl,
      "--key",
      CONSUMER_KEY,
      "--secret",
      CONSUMER_SECRET,
    );
    channelId = connected.id;
    expect(connected.webhooks.ok).toBe(true);
    const hooks = [...store.state.webhooks.values()];
    expect(hooks.map((hook) => hook.topic)).toEqual(
      expect.arrayContaining(["order.created", "order.updated", "product.updated"]),
    );
    for (const hook of hooks) {
      expect(hook).toMatchObject({ status: "active", deliveryUrl: `${app.url}/webhooks/woocommerce/${channelId}` });
    }

    await expect.poll(() => backfillStatus(db, channelId), { timeout: 75_000, interval: 250 }).toBe("done");
    await settled();
    expect(await db.channelListing.count({ where: { channelId } })).toBeGreaterThanOrEqual(OWN_STOCK_SKUS.length);
    expect(await db.order.count({ where: { shopId } })).toBe(store.state.orders.size);
    key = (await createApiKey(db, { shopId, name: "woo cycle test" })).key;
  }, 120_000);

  it("takes the store's stock as opening stock: the ledger's available is WooCommerce's stock_quantity", async () => {
    for (const sku of OWN_STOCK_SKUS) {
      const stock = await inventory(sku);
      expect({ sku, available: stock?.available }).toEqual({ sku, available: store.stock(sku).stock_quantity });
    }
  });

  it("imports an order placed on the store by webhook, reserves it and keeps the store's stock right", async () => {
    const before = await inventory();
    placed = store.placeOrder({ lines: [{ sku: SKU, quantity: 2 }], email: "cycle@example.com" });
    await settled();
    const imported = async () => {
      const { body } = await api("GET", `/orders?limit=100&channel=${channelId}`);
      return (body.data as Json[]).find((candidate) => candidate.external_id === String(placed.id));
    };
    await expect.poll(imported, { timeout: 15_000 }).toMatchObject({ status: "open", units: 2 });
    orderId = (await imported())!.id as string;
    const after = await inventory();
    expect(after.committed).toBe(before.committed + 2);

    // A delivery into the store's location, made through our API, reaches WooCommerce's stock_quantity by push.
    const adjusted = await api("POST", "/inventory/adjustments", {
      sku: SKU,
      location_id: after.locations[0]!.location_id,
      delta: 5,
      reason: "Delivery",
    });
    expect(adjusted.status).toBe(201);
    await settled();
    expect((await inventory()).available).toBe(after.available + 5);
    await expect.poll(shown, { timeout: 20_000 }).toMatchObject({ sync: "ok" });
    const now = await shown();
    expect(now.store).toBe(now.sellable);
  });

  it("fulfils through our API: the store's order is completed with the tracking, the echo ships nothing twice", async () => {
    lineId = ((await order()).lines as Json[])[0]!.id as string;
    const before = await inventory();
    const created = await api("POST", `/orders/${orderId}/fulfillments`, {
      lines: [{ line_id: lineId, quantity: 2 }],
      carrier: "UPS",
      tracking_number: TRACKING,
      notify_customer: true,
    });
    expect(created.status).toBe(201);
    await settled();

    const onStore = store.orderRecord(placed.id);
    expect(onStore.status).toBe("completed");
    expect(onStore.notes.filter((note) => note.customerNote && note.note.includes(TRACKING))).toHaveLength(1);
    expect(await order()).toMatchObject({
      fulfillment_status: "fulfilled",
      fulfillments: [{ external_id: `completed:${placed.id}`, channel_sync_state: "synced" }],
    });
    const stock = await inventory();
    expect(stock.on_hand).toBe(before.on_hand - 2);
    expect(stock.committed).toBe(before.committed - 2);
    await expect.poll(shown, { timeout: 20_000 }).toMatchObject({ sync: "ok" });
    const now = await shown();
    expect(now.store).toBe(now.sellable);
    // The completion comes back as order.updated (completed, with the shipment completed:<id> recorded already):
    // applied, it closes the order and ships nothing again.
    expect((await order()).status, "the ledger's order after the store's completed echo").toBe("closed");
  });

  it("receives a return with a refund through our API: refunded on the store, restocked once by the ledger only", async () => {
    const before = await inventory();
    const opened = await api("POST", `/orders/${orderId}/returns`, {
      lines: [{ line_id: lineId, quantity: 1, reason: "Too small" }],
    });
    expect(opened.status).toBe(201);
    const returnId = (opened.body.data as Json).id as string;
    await settled();
    const returns = (await order()).returns as { id: string; lines: { id: string }[] }[];
    const received = await api("POST", `/returns/${returnId}/receive`, {
      lines: [{ return_line_id: returns[0]!.lines[0]!.id, quantity: 1, disposition: "restock", condition: "As new" }],
      refund: true,
    });
    expect(received.status).toBe(200);
    await settled();

    const onStore = store.orderRecord(placed.id);
    const line = onStore.lineItems[0]!;
    expect(onStore.refundIds).toHaveLength(1);
    const refund = store.state.refunds.get(onStore.refundIds[0]!)!;
    expect(refund).toMatchObject({
      amountCents: line.totalCents / 2,
      refundedPayment: false, // the channel's default: recorded on the order, not sent through the gateway
      lines: [{ lineItemId: line.id, quantity: 1 }],
    });
    // api_restock false: WooCommerce put nothing back (the ledger restocks, and its figure is pushed).
    expect(line).toMatchObject({ reducedStock: 2, restockedRefunded: 0 });
    expect(onStore.notes.some((note) => /stock increased/.test(note.note))).toBe(false);

    const stock = await inventory();
    expect(stock.on_hand).toBe(before.on_hand + 1);
    expect(((await order()).lines as Json[])[0]).toMatchObject({ restocked: 1 });
    await expect.poll(shown, { timeout: 20_000 }).toMatchObject({ sync: "ok" });
    const now = await shown();
    expect(now.store).toBe(now.sellable);
    expect(now.sellable).toBe(stock.available);
    expect((await order()).financial_status, "the ledger's order after the store's refund echo").toBe(
      "partially_refunded",
    );
  });

  it("leaves nothing quarantined, no command dead, and a ledger that verifies", async () => {
    await settled();
    expect(await db.inboxEvent.count({ where: { status: "quarantined" } })).toBe(0);
    expect(await db.channelCommand.count({ where: { state: "dead" } })).toBe(0);
    const result = await verifyLedger(db, {});
    expect(result.mismatches).toEqual([]);
  });
});
