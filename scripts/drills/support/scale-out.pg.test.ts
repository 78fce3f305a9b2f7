import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliJson } from "../../../test/e2e/woo-cycle-support.ts";
import { checkConvergence, checkOrdersOnce, checkReservations, storeOrders, type StoreOrder } from "./ledger-checks.ts";
import { addCatalog, type DrillCatalog, type PlacedOrder } from "./traffic.ts";
import { startWorld, type World } from "./world.ts";

// Scale-out mode as docs/scale-out.md runs it: PostgreSQL, Redis, two `npm start` web processes (RUN_WORKERS=false)
// behind a load balancer and two `npm run worker` processes. Both simulated stores deliver their webhooks to the
// balancer; the merchant's fulfilments go through the balancer to the REST API (twice at once with one
// Idempotency-Key, so both web processes take the same request) and reach each store once through the workers.

const CATALOG: DrillCatalog = {
  shared: ["SO-TEE", "SO-MUG"],
  shopifyOnly: ["SO-CAP"],
  wooOnly: ["SO-PIN"],
  stock: 200,
};
const TRACKING = { carrier: "UPS", tracking_number: "1Z-SCALE-OUT-1" };

type Json = Record<string, unknown>;

describe("scale-out: two web processes behind a balancer and two workers on PostgreSQL and Redis", () => {
  let world: World;
  let syncedListings: string[];
  let key: string;
  let keyMade: Promise<{ key: string }>;
  const placed: PlacedOrder[] = [];

  // Kept so afterAll stops the world even when starting it outlasted the hook's timeout.
  let starting: Promise<World> | undefined;

  beforeAll(async () => {
    starting = startWorld({ mode: "scale-out", webs: 2, workers: 2, prepare: (stores) => addCatalog(stores, CATALOG) });
    world = await starting;
    const listings = await world.cluster.db.channelListing.findMany({
      where: { shopId: world.shopId, syncState: "ok" },
      select: { id: true },
    });
    syncedListings = listings.map((listing) => listing.id);
    // The operator's CLI makes the API key while the first test places orders.
    keyMade = cliJson<{ key: string }>(world.cluster.env, ["api-key", "create", "--shop", world.shopId]);
    keyMade.catch(() => undefined);
  }, 180_000);

  afterAll(async () => {
    const started = await starting?.catch(() => undefined);
    await started?.stop();
  }, 120_000);

  const api = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${world.cluster.url}/api/v1${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      replayed: response.headers.get("idempotent-replayed"),
      body: (await response.json()) as Json,
    };
  };
  const orders = (): StoreOrder[] => storeOrders({ shopify: world.shopify.store, woo: world.woo.store }, placed);

  it("takes every order from both stores once, through either web process", async () => {
    const { shopify, woo } = world;
    for (const [index, sku] of ["SO-TEE", "SO-MUG", "SO-CAP", "SO-TEE"].entries()) {
      const order = await shopify.store.placeOrder({
        lines: [{ sku, quantity: index + 1 }],
        email: `s${index}@example.com`,
      });
      placed.push({ store: "shopify", id: order.id, lines: [], cancelled: false, reductions: 0 });
    }
    for (const [index, sku] of ["SO-TEE", "SO-PIN", "SO-MUG", "SO-PIN"].entries()) {
      const order = woo.store.placeOrder({ lines: [{ sku, quantity: index + 1 }], email: `w${index}@example.com` });
      placed.push({
        store: "woo",
        id: order.id,
        lines: order.lineItems.map((line) => ({ lineId: line.id, sku, quantity: line.quantity })),
        cancelled: false,
        reductions: 0,
      });
    }
    await world.settled(60_000);

    const db = world.cluster.db;
    const all = orders();
    const fromShopify = await checkOrdersOnce(
      db,
      shopify.channelId,
      all.filter((o) => o.order.store === "shopify"),
      {
        ordersBefore: (await db.order.count({ where: { channelId: shopify.channelId } })) - 4,
      },
    );
    const fromWoo = await checkOrdersOnce(
      db,
      woo.channelId,
      all.filter((o) => o.order.store === "woo"),
      {
        ordersBefore: (await db.order.count({ where: { channelId: woo.channelId } })) - 4,
      },
    );
    expect(fromShopify.problems).toEqual([]);
    expect(fromWoo.problems).toEqual([]);
    expect(fromShopify.figures).toMatchObject({ placed: 4, found: 4 });
    expect(fromWoo.figures).toMatchObject({ placed: 4, found: 4 });
    const reservations = await checkReservations(
      db,
      world.shopId,
      all.map((entry) => ({
        entry,
        ledger: (entry.order.store === "shopify" ? fromShopify : fromWoo).ledger.get(String(entry.order.id)),
      })),
      [...CATALOG.shared, ...CATALOG.shopifyOnly, ...CATALOG.wooOnly],
    );
    expect(reservations.problems).toEqual([]);
    // The balancer spread the deliveries: both web processes stored webhooks.
    for (const web of world.cluster.webs) expect(web.output()).toContain("webhook received");
  });

  it("fulfils through the REST API once per order, even sent twice at once to both web processes", async () => {
    key = (await keyMade).key;
    const db = world.cluster.db;
    const fulfilled = [];
    for (const store of ["shopify", "woo"] as const) {
      const channelId = world[store].channelId;
      const simOrder = placed.find((order) => order.store === store)!;
      const order = await db.order.findUniqueOrThrow({
        where: { channelId_externalId: { channelId, externalId: String(simOrder.id) } },
        include: { lines: true },
      });
      const body = { lines: order.lines.map((line) => ({ line_id: line.id, quantity: line.quantity })), ...TRACKING };
      const headers = { "Idempotency-Key": `scale-out-${store}` };
      const answers = await Promise.all([
        api(`/orders/${order.id}/fulfillments`, body, headers),
        api(`/orders/${order.id}/fulfillments`, body, headers),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
      expect(answers.filter((answer) => answer.replayed === "true")).toHaveLength(1);
      expect(answers[0]!.body).toEqual(answers[1]!.body);
      fulfilled.push({ store, order, simId: simOrder.id });
    }
    await world.settled(60_000);

    for (const { store, order, simId } of fulfilled) {
      const fulfilments = await db.fulfillment.findMany({ where: { orderId: order.id } });
      expect(fulfilments).toHaveLength(1);
      expect(fulfilments[0]).toMatchObject({ channelSyncState: "synced", trackingNumber: TRACKING.tracking_number });
      const commands = await db.channelCommand.findMany({ where: { orderId: order.id } });
      expect(commands.map((command) => [command.kind, command.state])).toEqual([["fulfillment.create", "done"]]);
      if (store === "shopify") {
        const simOrder = world.shopify.store.state.orders.get(simId)!;
        expect(simOrder.fulfillmentIds).toHaveLength(1);
        const fulfilment = world.shopify.store.state.fulfillments.get(simOrder.fulfillmentIds[0]!)!;
        expect(fulfilment.tracking).toMatchObject({ company: "UPS", number: TRACKING.tracking_number });
      } else {
        const simOrder = world.woo.store.orderRecord(simId);
        const notes = simOrder.notes.filter((note) => note.customerNote);
        expect(notes.map((note) => note.note)).toEqual([`Shipped with UPS: ${TRACKING.tracking_number}`]);
        expect(simOrder.status).toBe("completed");
      }
    }
  });

  it("leaves a ledger that verifies, an empty inbox and both stores showing the ledger's sellable stock", async () => {
    await world.settled(60_000);
    const db = world.cluster.db;
    expect((await world.verify()).mismatches).toEqual([]);
    expect(await db.inboxEvent.count({ where: { status: { in: ["pending", "processing", "quarantined"] } } })).toBe(0);
    const stores = { shopify: world.shopify.store, woo: world.woo.store };
    const convergence = await checkConvergence(db, world.shopId, stores, syncedListings);
    expect(convergence.problems).toEqual([]);
    expect(convergence.figures.listings).toBeGreaterThanOrEqual(8);
  });
});
