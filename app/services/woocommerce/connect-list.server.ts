import type { Db } from "../../db.server";
import { readWebhookHealth, type WebhookHealth } from "./webhooks-setup-health.server";

// A shop's channels as operators see them (CLI `channel list`): never the credentials, only whether there are some.

export type ChannelSummary = {
  id: string;
  kind: string;
  name: string;
  externalRef: string;
  status: string;
  hasCredentials: boolean;
  lastSyncAt: Date | null;
  createdAt: Date;
  /** The last webhook check (WooCommerce channels), null when there is none. */
  webhooks: WebhookHealth | null;
};

export async function listShopChannels(db: Db, shopId: string): Promise<ChannelSummary[]> {
  const channels = await db.channel.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      kind: true,
      name: true,
      externalRef: true,
      status: true,
      credentials: true,
      lastSyncAt: true,
      createdAt: true,
      settings: true,
    },
  });
  return channels.map(({ credentials, settings, ...channel }) => ({
    ...channel,
    hasCredentials: credentials !== null,
    webhooks: readWebhookHealth(settings),
  }));
}
