import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { getConfig } from "./config.server";
import { getDb } from "./db.server";
import { getLogger } from "./logger.server";
import { installShopifyAdminOrigin } from "./services/shopify/admin-origin";
import { getQueue } from "./queue.server";
import { onShopifyInstalled } from "./services/shopify/install.server";

function createShopifyApp() {
  const config = getConfig();
  if (!config.SHOPIFY_API_KEY || !config.SHOPIFY_API_SECRET) {
    throw new Response("This installation has no Shopify app configured (SHOPIFY_API_KEY, SHOPIFY_API_SECRET).", {
      status: 503,
    });
  }
  // Development and tests: the library's requests to shops (token exchange, refresh, GraphQL) go to the simulator.
  if (config.SHOPIFY_ADMIN_ORIGIN) installShopifyAdminOrigin(config.SHOPIFY_ADMIN_ORIGIN);
  return shopifyApp({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    apiVersion: ApiVersion.July26,
    scopes: config.SCOPES.split(",").map((scope) => scope.trim()),
    appUrl: config.appUrl,
    authPathPrefix: "/auth",
    // The session model's column types match the library's; the client type differs only by name.
    sessionStorage: new PrismaSessionStorage(getDb() as never),
    distribution: AppDistribution.AppStore,
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    // The library prints to the console by default; through our logger its lines are structured, redacted, and kept
    // off the CLI's stdout (its --json answer).
    logger: { level: LogSeverity.Info, log: logShopifyLibrary },
    hooks: {
      afterAuth: async ({ session }) => {
        await onShopifyInstalled(getDb(), getQueue(), session.shop);
      },
    },
  });
}

const LIBRARY_LEVELS = {
  [LogSeverity.Error]: "error",
  [LogSeverity.Warning]: "warn",
  [LogSeverity.Info]: "info",
  [LogSeverity.Debug]: "debug",
} as const;

function logShopifyLibrary(severity: LogSeverity, message: string) {
  getLogger().child({ module: "shopify-api" })[LIBRARY_LEVELS[severity]](message);
}

type ShopifyApp = ReturnType<typeof createShopifyApp>;

declare global {
  var channelLedgerShopify: ShopifyApp | undefined;
}

/** The one Shopify app instance; created on first use because standalone installs have none. */
export function shopify(): ShopifyApp {
  global.channelLedgerShopify ??= createShopifyApp();
  return global.channelLedgerShopify;
}

export function shopifyConfigured(): boolean {
  const config = getConfig();
  return config.shopifyEnabled;
}
