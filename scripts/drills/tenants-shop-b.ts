import { randomUUID } from "node:crypto";
import { signShopifyWebhook } from "../../connectors/shopify/webhook.ts";
import { pollUntil } from "../../jobs/timing.ts";
import { embeddedAppUrl, signSessionToken } from "../../test/sim/shopify/session-token.ts";
import { startWooSimServer, type WooSimServer } from "../../test/sim/woocommerce/http-server.ts";
import { operatorCookie, shopifyAppOf } from "./bad-input-fixture.ts";
import { BROWSER_UA, type Credentials } from "./bad-input-probe.ts";
import type { World } from "./support/world.ts";

// drill:tenants' second tenant, made the way a merchant makes one: shop B is a second store in the simulated Shopify
// platform, installed by token exchange and backfilled; B's staff then, from B's own embedded admin, create an API key
// on the Settings screen and connect B's own WooCommerce store on the Channels screen, and B's ERP fulfils an order
// and opens a return through the REST API. A signed delivery B's schema refuses leaves B a quarantined inbox event.
// Every name, SKU, email and title of B's carries "Zephyr" (ZPHR, Quillon): what the drill looks for in A's answers.

export const B_DOMAIN = "zephyr-beta.myshopify.com";
export const B_MARKERS = ["zephyr", "zphr", "quillon"];
/** Sold by both shops (and both WooCommerce stores). */
export const SHARED_SKU = "MUG-12";
/** The Idempotency-Key B's ERP fulfilled with: A using the same key must not get B's answer replayed. */
export const B_IDEMPOTENCY_KEY = "zephyr-erp-fulfil-0001";
const WOO_KEYS = { consumerKey: `ck_zephyr_${"0".repeat(30)}`, consumerSecret: `cs_zephyr_${"0".repeat(30)}` };

export type ShopB = {
  shopId: string;
  credentials: Credentials & { apiKeyId: string };
  wooServer: WooSimServer;
  /** The order B's ERP fulfilled with B_IDEMPOTENCY_KEY, and the body it sent. */
  keyed: { orderId: string; body: string };
};

async function fetchB(world: World, path: string, init: RequestInit & { token?: boolean; key?: string } = {}) {
  const token = signSessionToken(B_DOMAIN, shopifyAppOf(world.cluster));
  const auth = init.key ? `Bearer ${init.key}` : init.token ? `Bearer ${token}` : undefined;
  const headers = { "user-agent": BROWSER_UA, ...(auth ? { authorization: auth } : {}), ...init.headers };
  return fetch(`${world.cluster.url}${path}`, { ...init, headers, redirect: "manual" });
}

async function expectOk(response: Response, what: string) {
  if (response.status >= 300)
    throw new Error(`${what} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return response.text();
}

function seedShopifyB(world: World) {
  const shop = world.shopify.sim.createShop({
    domain: B_DOMAIN,
    name: "Zephyr Beta Goods",
    locations: ["Zephyr Depot"],
  });
  for (const [sku, title] of [
    ["ZPHR-LANTERN", "Zephyr Lantern"],
    ["ZPHR-KETTLE", "Zephyr Kettle"],
    ["ZPHR-BLANKET", "Zephyr Blanket"],
  ] as const) {
    shop.addProduct({ title, variants: [{ sku, priceMinor: 4200, stock: { "Zephyr Depot": 30 } }] });
  }
  // A SKU shop A sells too: B's orders of it must reserve B's item, never A's (checked by tenants-references.ts).
  shop.addProduct({
    title: "Zephyr Enamel Mug",
    variants: [{ sku: SHARED_SKU, priceMinor: 1500, stock: { "Zephyr Depot": 9 } }],
  });
  return shop;
}

async function placeOrdersB(world: World) {
  const shop = world.shopify.sim.shop(B_DOMAIN);
  const customer = (index: number) => ({ firstName: "Quillon", lastName: `Zephyrine ${index}` });
  const placed = [];
  for (const [index, sku] of ["ZPHR-LANTERN", "ZPHR-KETTLE", "ZPHR-BLANKET", SHARED_SKU].entries()) {
    const order = await shop.placeOrder({
      lines: [{ sku, quantity: 2 }],
      email: `quillon${index}@zephyr.example`,
      customer: customer(index),
      at: new Date(Date.now() - (10 - index) * 24 * 60 * 60 * 1000),
    });
    placed.push(order);
  }
  await shop.fulfil(placed[0]!.id, { tracking: { company: "UPS", number: "1ZZEPHYR0001" } });
  await shop.fulfil(placed[1]!.id, { tracking: { company: "UPS", number: "1ZZEPHYR0002" } });
}

async function waitForBackfill(world: World, shopId: string, kind: string) {
  let status: string | undefined;
  await pollUntil(
    async () => {
      const channel = await world.cluster.db.channel.findFirst({ where: { shopId, kind }, select: { settings: true } });
      status = (channel?.settings as { backfill?: { status?: string } } | null)?.backfill?.status;
      return status === "done";
    },
    { timeoutMs: 120_000, intervalMs: 250, describe: () => `shop B's ${kind} backfill (status ${status})` },
  );
}

export async function createShopB(world: World, log: (line: string) => void): Promise<ShopB> {
  const { cluster } = world;
  seedShopifyB(world);
  log("installing shop B (a second Shopify store, token exchange) and waiting for its backfill");
  const installed = await fetch(embeddedAppUrl(cluster.url, B_DOMAIN, shopifyAppOf(cluster)), {
    headers: { "user-agent": BROWSER_UA },
  });
  if (installed.status !== 200) throw new Error(`shop B's install answered ${installed.status}`);
  const shopB = await cluster.db.shop.findUniqueOrThrow({ where: { shopifyDomain: B_DOMAIN } });
  await placeOrdersB(world);
  await waitForBackfill(world, shopB.id, "shopify");

  log("shop B's staff: an API key on the Settings screen, its WooCommerce store on the Channels screen");
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    token: true,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  const created = await expectOk(
    await fetchB(world, "/app/settings.data", form({ intent: "create-api-key", name: "Zephyr ERP" })),
    "shop B's API key",
  );
  const apiKey = /cl_[A-Za-z0-9_-]{40}/.exec(created)?.[0];
  if (!apiKey) throw new Error("shop B's Settings screen showed no key");
  const apiKeyRow = await cluster.db.apiKey.findFirstOrThrow({ where: { shopId: shopB.id, name: "Zephyr ERP" } });

  const store = world.woo.sim.createStore({ url: "https://zephyr-woo.example", name: "Zephyr Woo" });
  store.addProduct({ name: "Zephyr Candle", sku: "ZPHR-W-CANDLE", price: "18.00", stock: 12 });
  store.addProduct({ name: "Zephyr Enamel Mug", sku: SHARED_SKU, price: "15.00", stock: 7 });
  store.createKeys("read_write", WOO_KEYS);
  const wooServer = await startWooSimServer(world.woo.sim, { host: "127.0.0.1", store });
  const connect = { intent: "woo-connect", url: wooServer.storeUrl, ...WOO_KEYS };
  await expectOk(await fetchB(world, "/app/channels.data?index", form(connect)), "shop B's WooCommerce connect");
  const lines = [
    { sku: "ZPHR-W-CANDLE", quantity: 1 },
    { sku: SHARED_SKU, quantity: 2 },
  ];
  store.placeOrder({ lines, email: "quillon.woo@zephyr.example" });
  await waitForBackfill(world, shopB.id, "woocommerce");
  await world.settled();

  log("shop B's ERP: a fulfilment and a return through the REST API; a delivery B's schema refuses");
  const orders = await cluster.db.order.findMany({
    where: { shopId: shopB.id, channel: { kind: "shopify" } },
    include: { lines: true },
    orderBy: { placedAt: "asc" },
  });
  const open = orders.find((order) => order.fulfillmentStatus === "unfulfilled")!;
  const shipped = orders.find((order) => order.fulfillmentStatus === "fulfilled")!;
  const json = (body: unknown, idempotencyKey?: string) => ({
    method: "POST",
    key: apiKey,
    headers: { "content-type": "application/json", ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
  const fulfil = {
    lines: [{ line_id: open.lines[0]!.id, quantity: 1 }],
    carrier: "UPS",
    tracking_number: "1ZZEPHYR0003",
  };
  const fulfilled = await fetchB(world, `/api/v1/orders/${open.id}/fulfillments`, json(fulfil, B_IDEMPOTENCY_KEY));
  await expectOk(fulfilled, "shop B's fulfilment");
  const giveBack = { lines: [{ line_id: shipped.lines[0]!.id, quantity: 1, reason: "Zephyr too bright" }] };
  await expectOk(await fetchB(world, `/api/v1/orders/${shipped.id}/returns`, json(giveBack)), "shop B's return");
  await quarantinedDeliveryB(world);
  await world.settled();
  return {
    shopId: shopB.id,
    credentials: {
      apiKey,
      apiKeyId: apiKeyRow.id,
      sessionToken: () => signSessionToken(B_DOMAIN, shopifyAppOf(cluster)),
      operatorCookie: await operatorCookie(cluster),
    },
    wooServer,
    keyed: { orderId: open.id, body: JSON.stringify(fulfil) },
  };
}

async function quarantinedDeliveryB(world: World) {
  const body = JSON.stringify({ id: "not-a-number", note: "Zephyr" });
  const eventId = `zephyr-${randomUUID()}`;
  const response = await fetch(`${world.cluster.url}/webhooks/shopify`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "orders/updated",
      "x-shopify-shop-domain": B_DOMAIN,
      "x-shopify-webhook-id": eventId,
      "x-shopify-event-id": eventId,
      "x-shopify-hmac-sha256": signShopifyWebhook(Buffer.from(body), shopifyAppOf(world.cluster).apiSecret),
    },
  });
  await expectOk(response, "shop B's refused delivery");
  await pollUntil(
    async () => (await world.cluster.db.inboxEvent.count({ where: { eventId, status: "quarantined" } })) === 1,
    { timeoutMs: 30_000, intervalMs: 200, describe: () => "shop B's delivery to be quarantined" },
  );
}
