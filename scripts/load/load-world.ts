import { decryptSecret, parseEncryptionKey } from "../../app/crypto.server.ts";
import { startWorld, SHOPIFY_DOMAIN, type World } from "../drills/support/world.ts";
import type { Mode } from "../drills/support/cluster.ts";
import { addCatalog, loadItems, type LoadItem } from "./catalog.ts";
import type { RequestSpec } from "./cannon-job.ts";
import { operatorCookie } from "./session.ts";

// The drill world (the app in either mode with both simulated stores installed, connected and backfilled), shaped for
// load: the 190-SKU catalogue in both stores, and what the load generator needs to speak as each channel: Shopify's
// client secret, the WooCommerce channel's webhook secret (stored encrypted by the app: decrypted here with the app's
// ENCRYPTION_KEY, and checked against the store's own webhook records), and an operator's session cookie.

export type LoadWorld = {
  world: World;
  items: LoadItem[];
  shopify: Extract<RequestSpec, { kind: "shopify-orders" }>;
  woo: Extract<RequestSpec, { kind: "woo-orders" }>;
  cookie: string;
  /** The web processes' own addresses (the balancer's targets in scale-out mode). */
  webUrls: string[];
};

export async function startLoadWorld(mode: Mode, log: (line: string) => void): Promise<LoadWorld> {
  let items: LoadItem[] = [];
  const world = await startWorld({
    mode,
    webs: 2,
    workers: 2,
    log,
    prepare: (stores) => {
      addCatalog(stores);
      items = loadItems(stores);
    },
  });
  try {
    const { cluster } = world;
    const channel = await cluster.db.channel.findUniqueOrThrow({ where: { id: world.woo.channelId } });
    const secret = decryptSecret(channel.webhookSecret!, parseEncryptionKey(cluster.env.ENCRYPTION_KEY!));
    const hooks = [...world.woo.store.state.webhooks.values()].filter((hook) =>
      hook.deliveryUrl.endsWith(`/webhooks/woocommerce/${channel.id}`),
    );
    const hook = (topic: string) => {
      const found = hooks.find((candidate) => candidate.topic === topic && candidate.status === "active");
      if (!found) throw new Error(`the store has no active ${topic} webhook for the channel`);
      if (found.secret !== secret) throw new Error(`the store signs ${topic} with another secret than the app holds`);
      return found.id;
    };
    const cookie = await operatorCookie(cluster.url, {
      email: cluster.env.OPERATOR_EMAIL!,
      password: cluster.env.OPERATOR_PASSWORD!,
    });
    return {
      world,
      items,
      shopify: {
        kind: "shopify-orders",
        secret: cluster.env.SHOPIFY_API_SECRET!,
        shopDomain: SHOPIFY_DOMAIN,
        items,
      },
      woo: {
        kind: "woo-orders",
        secret,
        channelId: channel.id,
        storeUrl: world.woo.store.url,
        webhookIds: { created: hook("order.created"), updated: hook("order.updated") },
        items,
      },
      cookie,
      webUrls: cluster.webs.map((web) => web.url!),
    };
  } catch (error) {
    await world.stop();
    throw error;
  }
}
