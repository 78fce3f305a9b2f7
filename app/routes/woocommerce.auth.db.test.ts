import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db";
import { openCredentials } from "../crypto.server";
import { resetConfigForTests } from "../config.server";
import { createShop } from "../services/shops.server";
import {
  APP_URL,
  ENCRYPTION_KEY,
  startWooTestKit,
  STORE_URL,
  type WooTestKit,
} from "../services/woocommerce/connect-test-support";
import { wooAuthorizeUrl, wooAuthReturnLocation } from "../services/woocommerce/woo-auth.server";
import {
  signWooAuthState,
  wooAuthStateKey,
  WOO_AUTH_STATE_TTL_MS,
} from "../services/woocommerce/woo-auth-state.server";
import { action as callback, loader as callbackLoader } from "./woocommerce.auth.callback";
import { loader as returnLoader } from "./woocommerce.auth.return";
import { action as webhook } from "./webhooks.woocommerce.$channelId";

// One-click connect end to end: our authorize URL, the simulated store's key grant POSTing the keys to our callback
// route (over msw, as the store's server would), the connect it triggers, and the browser's return.

const silent = { info() {}, warn() {}, error() {} };

describe("one-click WooCommerce connect", () => {
  let t: TestDb;
  let kit: WooTestKit;
  let shopId: string;
  const saved = process.env.SHOPIFY_APP_URL;
  const stateKey = wooAuthStateKey(ENCRYPTION_KEY);

  const app = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === "/woocommerce/auth/callback") return callback({ request, params: {}, context: {} });
    const channelId = /^\/webhooks\/woocommerce\/(.+)$/.exec(path)?.[1];
    if (channelId) return (await webhook({ request, params: { channelId }, context: {} })) as Response;
    return new Response("Not found", { status: 404 });
  };

  beforeAll(async () => {
    process.env.SHOPIFY_APP_URL = APP_URL;
    resetConfigForTests();
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    global.channelLedgerInboxDb = t.db;
    kit = startWooTestKit({ appHandler: app });
    global.channelLedgerQueue = kit.queue;
    await kit.queue.startWorkers({ concurrency: 1 });
    shopId = (await createShop(t.db, { name: "Harbour Goods" })).id;
  });

  afterAll(async () => {
    await kit.close();
    await t.drop();
    global.channelLedgerDb = undefined;
    global.channelLedgerInboxDb = undefined;
    global.channelLedgerQueue = undefined;
    if (saved === undefined) delete process.env.SHOPIFY_APP_URL;
    else process.env.SHOPIFY_APP_URL = saved;
    resetConfigForTests();
  });

  const postCallback = (body: unknown) =>
    callback({
      request: new Request(`${APP_URL}/woocommerce/auth/callback`, {
        method: "POST",
        headers: { "Content-Type": "application/json;charset=UTF-8" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
      params: {},
      context: {},
    });

  const grant = (userId: string, overrides: Record<string, unknown> = {}) => {
    const key = kit.store.createKeys("read_write");
    return {
      key_id: 1,
      user_id: userId,
      consumer_key: key.consumerKey,
      consumer_secret: key.consumerSecret,
      key_permissions: "read_write",
      ...overrides,
    };
  };

  it("builds the authorize URL WooCommerce expects, with an opaque signed state", () => {
    const url = new URL(
      wooAuthorizeUrl(
        { shopId, storeUrl: STORE_URL, mode: "standalone" },
        { appUrl: APP_URL, encryptionKey: ENCRYPTION_KEY, logger: silent },
      ),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${STORE_URL}/wc-auth/v1/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_name: "ChannelLedger",
      scope: "read_write",
      user_id: expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
      return_url: `${APP_URL}/woocommerce/auth/return`,
      callback_url: `${APP_URL}/woocommerce/auth/callback`,
    });
    expect(url.searchParams.get("user_id")).not.toContain(shopId);
  });

  it("connects the store with the keys the grant sends, answers 200, and returns the merchant to the channels screen", async () => {
    const authorize = wooAuthorizeUrl(
      { shopId, storeUrl: STORE_URL, mode: "standalone" },
      { appUrl: APP_URL, encryptionKey: ENCRYPTION_KEY, logger: silent },
    );
    const approved = await fetch(authorize, { redirect: "manual" });
    expect(approved.status).toBe(302);
    const back = approved.headers.get("location")!;
    expect(back).toMatch(new RegExp(`^${APP_URL}/woocommerce/auth/return\\?success=1&user_id=`));

    // The store kept the keys (it deletes them unless our callback answered exactly 200) and we stored them sealed.
    const sent = kit.store.authCallbacks.at(-1)!.payload as { consumer_key: string; consumer_secret: string };
    expect(kit.store.state.keys.find(sent.consumer_key)).toBeDefined();
    const channel = await t.db.channel.findFirstOrThrow({ where: { shopId, kind: "woocommerce" } });
    expect(channel).toMatchObject({ externalRef: STORE_URL, status: "connected" });
    expect(channel.credentials).not.toContain(sent.consumer_secret);
    expect(openCredentials(channel.credentials, ENCRYPTION_KEY)).toEqual({
      url: STORE_URL,
      consumerKey: sent.consumer_key,
      consumerSecret: sent.consumer_secret,
    });
    await kit.queue.drain();
    expect(kit.backfills).toContainEqual({ channelId: channel.id });

    const response = await returnLoader({ request: new Request(back), params: {}, context: {} });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/app/channels?woocommerce=connected");
  });

  it("refuses a forged, expired or foreign state with 400 and connects nothing", async () => {
    await t.db.channel.deleteMany({});
    const good = signWooAuthState({ shopId, storeUrl: STORE_URL, mode: "standalone" }, stateKey, new Date());
    const [payload, mac] = good.split(".");
    const other = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const swapped = Buffer.from(JSON.stringify({ ...other, shopId: "someone-else" })).toString("base64url");
    const expired = signWooAuthState(
      { shopId, storeUrl: STORE_URL, mode: "standalone" },
      stateKey,
      new Date(Date.now() - WOO_AUTH_STATE_TTL_MS - 1_000),
    );

    for (const userId of [`${swapped}.${mac}`, expired, "42", `${payload}.${"A".repeat(43)}`]) {
      const response = await postCallback(grant(userId));
      expect(response.status, userId).toBe(400);
    }
    expect(await (await postCallback(grant(expired))).json()).toEqual({ error: expect.stringMatching(/expired/) });
    expect(await t.db.channel.count()).toBe(0);
  });

  it("refuses keys that are not read_write, keys the store rejects, and bodies that are not a grant", async () => {
    const state = signWooAuthState({ shopId, storeUrl: STORE_URL, mode: "standalone" }, stateKey, new Date());
    expect((await postCallback(grant(state, { key_permissions: "read" }))).status).toBe(400);
    const rejected = await postCallback(grant(state, { consumer_secret: "cs_00000000000000000000000000000000000000" }));
    expect(rejected.status).toBe(400);
    expect(await rejected.json()).toEqual({ error: expect.stringMatching(/refused these keys/) });
    expect((await postCallback("webhook_id=1")).status).toBe(400);
    expect((await postCallback({ user_id: state })).status).toBe(400);
    expect(callbackLoader().status).toBe(405);
    expect(await t.db.channel.count()).toBe(0);
  });

  it("returns a declined or unverifiable grant to the channels screen with that outcome", async () => {
    const state = signWooAuthState({ shopId, storeUrl: STORE_URL, mode: "standalone" }, stateKey, new Date());
    const declined = await returnLoader({
      request: new Request(`${APP_URL}/woocommerce/auth/return?success=0&user_id=${state}`),
      params: {},
      context: {},
    });
    expect(declined.headers.get("location")).toBe("/app/channels?woocommerce=declined");
    const forged = await returnLoader({
      request: new Request(`${APP_URL}/woocommerce/auth/return?success=1&user_id=forged`),
      params: {},
      context: {},
    });
    expect(forged.headers.get("location")).toBe("/app/channels?woocommerce=failed");
  });

  it("sends a merchant who started inside the Shopify admin back into it", async () => {
    const shop = await t.db.shop.create({ data: { name: "Embedded", shopifyDomain: "harbour.myshopify.com" } });
    const state = signWooAuthState({ shopId: shop.id, storeUrl: STORE_URL, mode: "embedded" }, stateKey, new Date());
    const location = await wooAuthReturnLocation(
      new URL(`${APP_URL}/woocommerce/auth/return?success=0&user_id=${state}`),
      t.db,
      { shopifyApiKey: "api-key-123", encryptionKey: ENCRYPTION_KEY, appUrl: APP_URL, logger: silent },
    );
    expect(location).toBe("https://admin.shopify.com/store/harbour/apps/api-key-123/app/channels?woocommerce=declined");
  });
});
