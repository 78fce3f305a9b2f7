import type { WooClient, WooWebhook } from "../../../connectors/woocommerce/client/types";
import { decryptSecret, DecryptionError, openCredentials } from "../../crypto.server";
import type { Db } from "../../db.server";
import {
  errorMessage,
  wooDeliveryUrl,
  wooServiceDeps,
  type WooServiceDeps,
  type WooServiceOptions,
} from "./connect-deps.server";
import { WooConnectError } from "./connect-input.server";
import { saveWebhookHealth, type WebhookHealth, type WebhookTopicHealth } from "./webhooks-setup-health.server";

// Our webhooks on a WooCommerce store: one per topic (WooCommerce has one topic per webhook), all delivering to
// /webhooks/woocommerce/<channelId> and signed with the channel's secret. Checking them is also the repair: a
// missing one is created, one WooCommerce disabled after failed deliveries (it never retries and never tells us) is
// set active again, duplicates and ones left pointing at an old APP_URL are deleted.

/** product.created too: a product added on the store must reach the catalogue before its first order does. */
export const WOO_WEBHOOK_TOPICS = [
  "order.created",
  "order.updated",
  "order.deleted",
  "product.created",
  "product.updated",
  "product.deleted",
] as const;

const webhookName = (topic: string) => `ChannelLedger ${topic}`;

/** Ours: delivering to this channel's path, whatever the origin (APP_URL may have moved since). */
function isOurs(webhook: WooWebhook, channelId: string): boolean {
  try {
    return new URL(webhook.deliveryUrl).pathname.endsWith(`/webhooks/woocommerce/${encodeURIComponent(channelId)}`);
  } catch {
    return false;
  }
}

type SyncTarget = { channelId: string; deliveryUrl: string; secret: string; replaceExisting: boolean; now: Date };

/** Compares the store's webhooks with the ones we want and fixes the difference; never throws for a store error. */
export async function syncWooWebhooks(client: WooClient, target: SyncTarget): Promise<WebhookHealth> {
  const base = { checkedAt: target.now.toISOString(), deliveryUrl: target.deliveryUrl, removed: 0 };
  let existing: WooWebhook[];
  try {
    existing = await client.listWebhooks();
  } catch (error) {
    const message = `The store's webhooks could not be read: ${errorMessage(error)}`;
    const statuses = WOO_WEBHOOK_TOPICS.map(
      (topic): WebhookTopicHealth => ({ topic, webhookId: null, status: "missing", action: "failed", error: message }),
    );
    return { ...base, ok: false, error: message, statuses };
  }

  // With a new secret (reconnect after the old one was lost) the old webhooks would sign with the wrong one.
  const ours = existing.filter((webhook) => isOurs(webhook, target.channelId));
  const keep = new Map<string, WooWebhook>();
  if (!target.replaceExisting) {
    for (const webhook of ours) {
      const wanted = (WOO_WEBHOOK_TOPICS as readonly string[]).includes(webhook.topic);
      if (wanted && webhook.deliveryUrl === target.deliveryUrl && !keep.has(webhook.topic))
        keep.set(webhook.topic, webhook);
    }
  }
  const kept = new Set(keep.values());
  let removed = 0;
  for (const webhook of ours.filter((candidate) => !kept.has(candidate))) {
    // Best effort: a leftover that cannot be deleted only costs duplicate deliveries, which the inbox drops.
    await client.deleteWebhook(webhook.id).then(
      () => removed++,
      () => undefined,
    );
  }

  const statuses: WebhookTopicHealth[] = [];
  for (const topic of WOO_WEBHOOK_TOPICS) {
    const found = keep.get(topic);
    try {
      if (found && found.status === "active") {
        statuses.push({ topic, webhookId: found.id, status: "active", action: "kept", error: null });
      } else if (found) {
        const updated = await client.updateWebhookStatus(found.id, "active");
        statuses.push({ topic, webhookId: updated.id, status: updated.status, action: "reactivated", error: null });
      } else {
        const created = await client.createWebhook({
          name: webhookName(topic),
          topic,
          deliveryUrl: target.deliveryUrl,
          secret: target.secret,
        });
        statuses.push({ topic, webhookId: created.id, status: created.status, action: "created", error: null });
      }
    } catch (error) {
      statuses.push({
        topic,
        webhookId: found?.id ?? null,
        status: found?.status ?? "missing",
        action: "failed",
        error: errorMessage(error),
      });
    }
  }
  const ok = statuses.every((status) => status.status === "active");
  return { ...base, removed, ok, error: null, statuses };
}

async function loadChannel(db: Db, channelId: string) {
  const channel = await db.channel.findUnique({
    where: { id: channelId },
    select: { id: true, kind: true, status: true, credentials: true, webhookSecret: true },
  });
  if (!channel || channel.kind !== "woocommerce") {
    throw new WooConnectError(404, { channelId: ["No such WooCommerce channel"] });
  }
  if (channel.status === "disconnected") {
    throw new WooConnectError(409, { channelId: ["The channel is disconnected; connect the store again first"] });
  }
  return channel;
}

function openChannelSecrets(
  deps: WooServiceDeps,
  channel: { credentials: string | null; webhookSecret: string | null },
) {
  const key = deps.encryptionKey();
  try {
    if (!channel.webhookSecret) throw new DecryptionError("the channel has no webhook secret");
    return {
      credentials: openCredentials(channel.credentials, key),
      secret: decryptSecret(channel.webhookSecret, key),
    };
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    throw new WooConnectError(409, {}, [`${error.message} Connect the store again with its keys.`]);
  }
}

/**
 * Checks and repairs one channel's webhooks on its store and records the outcome in its settings. Throws a
 * WooConnectError only when the channel cannot be used at all (unknown, disconnected, credentials unreadable); a
 * store that does not answer is recorded in the result.
 */
export async function ensureWooWebhooks(
  db: Db,
  channelId: string,
  options: WooServiceOptions & { client?: WooClient; replaceExisting?: boolean } = {},
): Promise<WebhookHealth> {
  const deps = wooServiceDeps(options);
  const channel = await loadChannel(db, channelId);
  const { credentials, secret } = openChannelSecrets(deps, channel);
  const client = options.client ?? deps.clientFactory(credentials);
  const health = await syncWooWebhooks(client, {
    channelId,
    deliveryUrl: wooDeliveryUrl(deps.appUrl, channelId),
    secret,
    replaceExisting: options.replaceExisting ?? false,
    now: deps.now(),
  });
  await saveWebhookHealth(db, channelId, health);
  if (!health.ok) deps.logger.warn({ channelId, error: health.error }, "WooCommerce webhooks need attention");
  return health;
}

/** Deletes our webhooks from the store; failures are reported, never thrown (disconnecting must not get stuck). */
export async function removeWooWebhooks(
  client: WooClient,
  channelId: string,
): Promise<{ removed: number; failures: string[] }> {
  let webhooks: WooWebhook[];
  try {
    webhooks = (await client.listWebhooks()).filter((webhook) => isOurs(webhook, channelId));
  } catch (error) {
    return { removed: 0, failures: [`The store's webhooks could not be read: ${errorMessage(error)}`] };
  }
  const failures: string[] = [];
  let removed = 0;
  for (const webhook of webhooks) {
    try {
      await client.deleteWebhook(webhook.id);
      removed++;
    } catch (error) {
      failures.push(`Webhook ${webhook.id} (${webhook.topic}) could not be deleted: ${errorMessage(error)}`);
    }
  }
  return { removed, failures };
}
