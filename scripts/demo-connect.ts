// Connects the demo shop to its stores through the real connectors, as a merchant would: the Shopify store installs
// the app (the admin opens it with a session token, the app exchanges it for an access token) and the WooCommerce
// store is connected with its REST API keys, the service `channel connect woocommerce` calls. Each backfill is waited
// for, so the newcomer opens a shop whose stock and history are already in the ledger.
import type { LoggerLike } from "../jobs/queue.ts";
import { pollUntil } from "../jobs/timing.ts";
import { parseEncryptionKey } from "../app/crypto.server.ts";
import type { Db } from "../app/db.server.ts";
import { getQueue } from "../app/queue.server.ts";
import { connectWooCommerce } from "../app/services/woocommerce/connect.server.ts";
import { WOO_STOCK_LOCATION } from "../test/sim/demo-catalog.ts";
import { embeddedAppUrl } from "../test/sim/shopify/session-token.ts";
import { DEMO_SHOPIFY_APP, DEMO_SHOPIFY_DOMAIN, DEMO_WOO_KEYS, type DemoStores } from "./demo-stores.ts";

// The app serves the embedded admin's install only to a browser; a bot user agent gets the bounce page instead.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

export type ConnectedShop = { shopId: string; shopifyChannelId: string; wooChannelId: string };

async function backfillDone(db: Db, channelId: string, what: string) {
  let status: string | undefined;
  await pollUntil(
    async () => {
      const channel = await db.channel.findUnique({ where: { id: channelId }, select: { settings: true } });
      status = (channel?.settings as { backfill?: { status?: string } } | null)?.backfill?.status;
      return status === "done";
    },
    { timeoutMs: 120_000, intervalMs: 200, describe: () => `the ${what} backfill (status ${status ?? "not started"})` },
  );
}

export async function connectDemoStores(
  db: Db,
  stores: DemoStores,
  options: { appUrl: string; encryptionKey: string; logger: LoggerLike; progress: (line: string) => void },
): Promise<ConnectedShop> {
  options.progress("Installing the app on the Shopify store (token exchange) and reading its stock and orders...");
  const installed = await fetch(embeddedAppUrl(options.appUrl, DEMO_SHOPIFY_DOMAIN, DEMO_SHOPIFY_APP), {
    headers: { "user-agent": BROWSER },
  });
  await installed.arrayBuffer();
  if (installed.status !== 200) throw new Error(`The Shopify install answered ${installed.status}`);
  const found: { channel?: { id: string; shopId: string } | null } = {};
  await pollUntil(
    async () => {
      found.channel = await db.channel.findFirst({
        where: { kind: "shopify", externalRef: DEMO_SHOPIFY_DOMAIN },
        select: { id: true, shopId: true },
      });
      return Boolean(found.channel);
    },
    { timeoutMs: 30_000, intervalMs: 100, describe: () => "the Shopify channel the install creates" },
  );
  const shopifyChannel = found.channel!;
  await backfillDone(db, shopifyChannel.id, "Shopify");
  const shopId = shopifyChannel.shopId;
  // The install names a new shop after its myshopify domain; the merchant would call it by the store's name.
  await db.shop.update({ where: { id: shopId }, data: { name: "Demo Outfitters" } });

  options.progress("Connecting the WooCommerce store with its API keys and reading its stock and orders...");
  const location = await db.location.findFirstOrThrow({ where: { shopId, name: WOO_STOCK_LOCATION } });
  const connected = await connectWooCommerce(
    db,
    {
      shopId,
      url: stores.woo.server.storeUrl,
      consumerKey: DEMO_WOO_KEYS.consumerKey,
      consumerSecret: DEMO_WOO_KEYS.consumerSecret,
      locationId: location.id,
    },
    {
      appUrl: options.appUrl,
      encryptionKey: parseEncryptionKey(options.encryptionKey),
      // The web process's own queue (this is one process): the backfill starts now, not at the first poll.
      queue: getQueue(),
      logger: options.logger,
    },
  );
  await backfillDone(db, connected.channel.id, "WooCommerce");
  return { shopId, shopifyChannelId: shopifyChannel.id, wooChannelId: connected.channel.id };
}
