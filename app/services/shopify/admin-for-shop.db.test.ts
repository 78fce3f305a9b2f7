import "@shopify/shopify-app-remix/adapters/node";
import { LogSeverity } from "@shopify/shopify-api";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { SHOP_QUERY, ShopResponseSchema } from "../../../connectors/shopify/admin/operations/shop";
import { createTestDb, type TestDb } from "../../../test/db";
import { startShopifySimServer, type SimServer } from "../../../test/sim/shopify/http-server";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import { resetConfigForTests } from "../../config.server";
import { getShopifyAdmin, REFRESH_MARGIN_MS } from "./admin-for-shop.server";
import { installShopifyAdminOrigin } from "./admin-origin";

// Expiring offline tokens end to end: the session in the Prisma session table, the library's refresh grant sent
// through the SHOPIFY_ADMIN_ORIGIN rewrite to the simulator's HTTP server, the new tokens stored, and our client
// using them.

const API_KEY = "sim-client-id";
const API_SECRET = "sim-client-secret";
const MINUTE = 60 * 1000;

describe("the Admin API client for a shop's offline session", () => {
  let t: TestDb;
  let sim: ShopifySim;
  let server: SimServer;
  let uninstall: () => void;
  let shops = 0;

  beforeAll(async () => {
    t = await createTestDb();
    sim = createShopifySim({ apiKey: API_KEY, apiSecret: API_SECRET });
    server = await startShopifySimServer(sim);
    uninstall = installShopifyAdminOrigin(server.url);
  });
  afterAll(async () => {
    uninstall();
    await server.close();
    await t.drop();
  });

  function app() {
    return shopifyApp({
      apiKey: API_KEY,
      apiSecretKey: API_SECRET,
      apiVersion: ApiVersion.July26,
      scopes: ["read_orders"],
      appUrl: "http://localhost:3000",
      sessionStorage: new PrismaSessionStorage(t.db as never),
      distribution: AppDistribution.AppStore,
      future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
      logger: { level: LogSeverity.Error },
    });
  }

  /** A store and the offline session the app holds for it, expiring after `expiresInMs`. */
  async function installed(expiresInMs: number) {
    shops += 1;
    const shop = sim.createShop({ domain: `refresh-${shops}.myshopify.com` });
    const grant = shop.issueToken({ expiring: true });
    await t.db.session.create({
      data: {
        id: `offline_${shop.domain}`,
        shop: shop.domain,
        state: "",
        isOnline: false,
        scope: grant.scope,
        accessToken: grant.access_token,
        expires: new Date(Date.now() + expiresInMs),
        refreshToken: grant.refresh_token,
        refreshTokenExpires: new Date(Date.now() + grant.refresh_token_expires_in! * 1000),
      },
    });
    const refreshes = () => sim.tokens.grants.filter((g) => g.shop === shop.domain && g.grantType === "refresh_token");
    const session = () => t.db.session.findUniqueOrThrow({ where: { id: `offline_${shop.domain}` } });
    return { shop, grant, refreshes, session };
  }

  it("refreshes a token about to lapse, stores the new tokens and expiries, and uses them", async () => {
    const { shop, grant, refreshes, session } = await installed(2 * MINUTE);
    const admin = await getShopifyAdmin(shop.domain, { app: app(), origin: server.url });

    expect(refreshes()).toHaveLength(1);
    const stored = await session();
    expect(stored.accessToken).not.toBe(grant.access_token);
    expect(stored.refreshToken).not.toBe(grant.refresh_token);
    expect(stored.expires!.getTime()).toBeGreaterThan(Date.now() + 55 * MINUTE);
    expect(stored.refreshTokenExpires!.getTime()).toBeGreaterThan(Date.now() + 89 * 24 * 60 * MINUTE);

    // The old access token no longer works at the store; the client must be using the new one.
    sim.tokens.expire(grant.access_token);
    const { data } = await admin.request(SHOP_QUERY, {}, { schema: ShopResponseSchema });
    expect(data.shop.myshopifyDomain).toBe(shop.domain);
    expect(sim.tokens.shopOf(stored.accessToken)).toBe(shop.domain);
  });

  it("keeps a token that is not near expiry, and refreshes once when a long run reaches the margin", async () => {
    const { shop, grant, refreshes, session } = await installed(50 * MINUTE);
    let now = Date.now();
    const admin = await getShopifyAdmin(shop.domain, { app: app(), origin: server.url, now: () => now });
    await admin.request(SHOP_QUERY, {}, { schema: ShopResponseSchema });
    expect(refreshes()).toHaveLength(0);
    expect((await session()).accessToken).toBe(grant.access_token);

    // Forty-six minutes into a backfill: the client asks again, and the token nearing expiry is refreshed.
    await t.db.session.update({
      where: { id: `offline_${shop.domain}` },
      data: { expires: new Date(Date.now() + 4 * MINUTE) },
    });
    now += 46 * MINUTE;
    expect(50 * MINUTE - 46 * MINUTE).toBeLessThan(REFRESH_MARGIN_MS);
    await admin.request(SHOP_QUERY, {}, { schema: ShopResponseSchema });
    await admin.request(SHOP_QUERY, {}, { schema: ShopResponseSchema });
    expect(refreshes()).toHaveLength(1);
    expect((await session()).accessToken).not.toBe(grant.access_token);
  });

  it("refreshes once when several clients of the shop ask at the same time", async () => {
    const { shop, refreshes } = await installed(MINUTE);
    const shared = app();
    await Promise.all([1, 2, 3].map(() => getShopifyAdmin(shop.domain, { app: shared, origin: server.url })));
    expect(refreshes()).toHaveLength(1);
  });

  it("fails with a clear error when the shop has no offline session", async () => {
    await expect(getShopifyAdmin("never-installed.myshopify.com", { app: app(), origin: server.url })).rejects.toThrow(
      /offline session of never-installed\.myshopify\.com/,
    );
  });

  it("works with the app's own Shopify instance when SHOPIFY_ADMIN_ORIGIN is configured", async () => {
    const { shop, refreshes } = await installed(MINUTE);
    const saved = { ...process.env };
    Object.assign(process.env, {
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_ADMIN_ORIGIN: server.url,
      DATABASE_URL: t.url,
    });
    resetConfigForTests();
    // Without the rewrite the library would try the real https://<shop>; app/shopify.server.ts must install it.
    uninstall();
    try {
      const admin = await getShopifyAdmin(shop.domain);
      expect(admin.endpoint).toBe(`${server.url}/admin/api/2026-07/graphql.json`);
      expect(refreshes()).toHaveLength(1);
      const { data } = await admin.request(
        "{ shop { name } }",
        {},
        { schema: z.object({ shop: z.object({ name: z.string() }) }) },
      );
      expect(data.shop.name).toBe(shop.state.name);
      // The library's own GraphQL client goes through the same rewrite.
      const { admin: libraryAdmin } = await global.channelLedgerShopify!.unauthenticated.admin(shop.domain);
      const response = await libraryAdmin.graphql("{ shop { myshopifyDomain } }");
      expect(await response.json()).toMatchObject({ data: { shop: { myshopifyDomain: shop.domain } } });
    } finally {
      process.env = saved;
      resetConfigForTests();
      await global.channelLedgerDb?.db.$disconnect();
      global.channelLedgerDb = undefined;
      global.channelLedgerShopify = undefined;
      uninstall = installShopifyAdminOrigin(server.url);
    }
  });
});
