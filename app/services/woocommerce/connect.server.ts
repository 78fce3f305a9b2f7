import { randomInt } from "node:crypto";
import type { WooClient } from "../../../connectors/woocommerce/client/types";
import { decryptSecret, encryptSecret, openCredentials, sealCredentials } from "../../crypto.server";
import type { Db } from "../../db.server";
import { isUniqueViolation } from "../db-errors";
import {
  errorMessage,
  wooDeliveryUrl,
  wooErrorKind,
  wooServiceDeps,
  type WooServiceDeps,
  type WooServiceOptions,
} from "./connect-deps.server";
import { ConnectWooInputSchema, parseOrRefuse, WooConnectError, type ConnectWooInput } from "./connect-input.server";
import { mapWooStockPool } from "./connect-location.server";
import { removeWooWebhooks, syncWooWebhooks } from "./webhooks-setup.server";
import { saveWebhookHealth, type WebhookHealth } from "./webhooks-setup-health.server";
import { enqueueWooBackfill } from "./jobs.server";

// Connecting a WooCommerce store as a channel of a shop, from the channels screen, the one-click callback or the
// CLI: the keys are proved against the store before anything is stored, stored only encrypted, the store's one
// stock pool is mapped to a ledger location, our webhooks are registered, and the first backfill is queued.

export const WOO_KIND = "woocommerce";
/** WooCommerce has one stock figure per product, not per location: the channel's single pool. */
export const WOO_STOCK_POOL = "default";

const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Alphanumeric only: WooCommerce runs the secret through wp_specialchars_decode before signing, so `&amp;` and
 * friends would sign differently from what we stored. 40 characters of 62 symbols is about 238 bits.
 */
export function newWebhookSecret(length = 40): string {
  return Array.from({ length }, () => SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)]).join("");
}

export type ConnectWooResult = {
  channel: { id: string; shopId: string; name: string; externalRef: string; status: string };
  /** false when a channel for this store already existed (reconnected with the new keys). */
  created: boolean;
  locationId: string;
  webhooks: WebhookHealth;
  /** false when no queue was given (the CLI without Redis); the poller's schedule picks the channel up instead. */
  backfillQueued: boolean;
};

/** checkAccess, with the connector's reasons turned into what the merchant should fix, on the right field. */
async function proveKeys(client: WooClient, url: string): Promise<void> {
  try {
    await client.checkAccess();
  } catch (error) {
    const kind = wooErrorKind(error);
    // The connector turns every store or network failure into its own error; anything else is a bug to surface.
    if (kind === undefined) throw error;
    const detail = errorMessage(error);
    if (kind === "auth") throw new WooConnectError(400, { consumerKey: [`The store refused these keys. ${detail}`] });
    if (kind === "not_woocommerce" || kind === "not_found") {
      throw new WooConnectError(400, { url: [`${url} does not answer like a WooCommerce store. ${detail}`] });
    }
    // unavailable (down, timed out, no such host, bad certificate), throttled, refused as invalid.
    throw new WooConnectError(400, { url: [`Could not connect to ${url}. ${detail}`] });
  }
}

const storeName = (url: string) => `WooCommerce · ${new URL(url).host.replace(/^www\./, "")}`;

async function upsertChannel(
  db: Db,
  deps: WooServiceDeps,
  input: { shopId: string; url: string; consumerKey: string; consumerSecret: string; locationId?: string },
) {
  const key = deps.encryptionKey();
  const credentials = sealCredentials(
    { url: input.url, consumerKey: input.consumerKey, consumerSecret: input.consumerSecret },
    key,
  );
  return db.$transaction(async (tx) => {
    const where = { shopId_kind_externalRef: { shopId: input.shopId, kind: WOO_KIND, externalRef: input.url } };
    const existing = await tx.channel.findUnique({ where, select: { id: true, webhookSecret: true } });
    // A reconnect keeps the secret our existing webhooks sign with, if it still opens.
    let secret: string | undefined;
    try {
      secret = existing?.webhookSecret ? decryptSecret(existing.webhookSecret, key) : undefined;
    } catch {
      secret = undefined;
    }
    const secretIsNew = secret === undefined;
    const plainSecret = secret ?? newWebhookSecret();
    const webhookSecret = encryptSecret(plainSecret, key);
    const channel = existing
      ? await tx.channel.update({
          where: { id: existing.id },
          data: { credentials, webhookSecret, status: "connected" },
        })
      : await tx.channel.create({
          data: {
            shopId: input.shopId,
            kind: WOO_KIND,
            name: storeName(input.url),
            externalRef: input.url,
            status: "connected",
            credentials,
            webhookSecret,
          },
        });
    const locationId = await mapWooStockPool(tx, {
      shopId: input.shopId,
      channelId: channel.id,
      externalLocationId: WOO_STOCK_POOL,
      locationId: input.locationId,
    });
    return { channel, created: !existing, locationId, secretIsNew, secret: plainSecret };
  });
}

/**
 * Connects (or reconnects) a WooCommerce store. Throws WooConnectError with field errors for bad input, keys the
 * store refuses, a URL that is not a WooCommerce store, or a missing ENCRYPTION_KEY; nothing is stored then.
 * Webhook problems do not fail the connect: they are recorded in the channel's webhook health for the merchant to
 * repair, and polling covers the gap meanwhile.
 */
export async function connectWooCommerce(
  db: Db,
  rawInput: ConnectWooInput,
  options: WooServiceOptions = {},
): Promise<ConnectWooResult> {
  const deps = wooServiceDeps(options);
  const input = parseOrRefuse(ConnectWooInputSchema, rawInput);
  const shop = await db.shop.findUnique({ where: { id: input.shopId }, select: { id: true } });
  if (!shop) throw new WooConnectError(404, { shopId: [`Shop ${input.shopId} not found`] });
  if (input.locationId) {
    const location = await db.location.findFirst({ where: { id: input.locationId, shopId: shop.id } });
    if (!location) throw new WooConnectError(400, { locationId: ["Choose one of this shop's locations"] });
  }
  deps.encryptionKey(); // before calling the store: without a key nothing could be stored anyway

  const client = deps.clientFactory({
    url: input.url,
    consumerKey: input.consumerKey,
    consumerSecret: input.consumerSecret,
  });
  await proveKeys(client, input.url);

  let stored: Awaited<ReturnType<typeof upsertChannel>>;
  try {
    stored = await upsertChannel(db, deps, input);
  } catch (error) {
    // Two connects of the same store at once: the second finds the first one's channel.
    if (!isUniqueViolation(error)) throw error;
    stored = await upsertChannel(db, deps, input);
  }
  const { channel } = stored;

  const webhooks = await syncWooWebhooks(client, {
    channelId: channel.id,
    deliveryUrl: wooDeliveryUrl(deps.appUrl, channel.id),
    secret: stored.secret,
    replaceExisting: stored.secretIsNew,
    now: deps.now(),
  });
  await saveWebhookHealth(db, channel.id, webhooks);

  let backfillQueued = false;
  if (deps.queue) {
    await enqueueWooBackfill(deps.queue, channel.id);
    backfillQueued = true;
  }
  deps.logger.info(
    {
      shopId: shop.id,
      channelId: channel.id,
      store: channel.externalRef,
      created: stored.created,
      webhooksOk: webhooks.ok,
    },
    "WooCommerce store connected",
  );
  return {
    channel: {
      id: channel.id,
      shopId: channel.shopId,
      name: channel.name,
      externalRef: channel.externalRef,
      status: channel.status,
    },
    created: stored.created,
    locationId: stored.locationId,
    webhooks,
    backfillQueued,
  };
}

export type DisconnectWooResult = { channelId: string; webhooksRemoved: number; failures: string[] };

/**
 * Disconnects a shop's WooCommerce channel: our webhooks are deleted from the store (best effort; what failed is
 * reported), the channel is marked disconnected and its keys are dropped. Its orders, listings and history stay.
 * The webhook secret is kept (sealed) so a later reconnect can adopt webhooks that could not be deleted.
 */
export async function disconnectWooCommerce(
  db: Db,
  shopId: string,
  channelId: string,
  options: WooServiceOptions = {},
): Promise<DisconnectWooResult> {
  const deps = wooServiceDeps(options);
  const channel = await db.channel.findFirst({
    where: { id: channelId, shopId, kind: WOO_KIND },
    select: { id: true, credentials: true, externalRef: true },
  });
  if (!channel) throw new WooConnectError(404, { channelId: ["No such WooCommerce channel in this shop"] });

  let removal: { removed: number; failures: string[] } = { removed: 0, failures: [] };
  if (channel.credentials) {
    try {
      const client = deps.clientFactory(openCredentials(channel.credentials, deps.encryptionKey()));
      removal = await removeWooWebhooks(client, channel.id);
    } catch (error) {
      removal = {
        removed: 0,
        failures: [`The store could not be asked to delete our webhooks: ${errorMessage(error)}`],
      };
    }
  }
  await db.channel.update({ where: { id: channel.id }, data: { status: "disconnected", credentials: null } });
  await saveWebhookHealth(db, channel.id, null);
  deps.logger.info(
    { shopId, channelId, removed: removal.removed, failures: removal.failures.length },
    "WooCommerce store disconnected",
  );
  return { channelId: channel.id, webhooksRemoved: removal.removed, failures: removal.failures };
}
