import { z } from "zod";
import type { Db } from "../../db.server";

// The last webhook check of a WooCommerce channel, kept in Channel.settings.webhooks so the channels screen can show
// it without calling the store on every page view. WooCommerce disables a webhook after a run of failed deliveries
// and never tells us; this record is how the merchant finds out, and "Repair webhooks" refreshes it.

export const WEBHOOK_STATES = ["active", "paused", "disabled", "missing"] as const;
export const WEBHOOK_ACTIONS = ["kept", "created", "reactivated", "failed"] as const;

export const WebhookTopicHealthSchema = z.object({
  topic: z.string(),
  webhookId: z.number().int().nullable(),
  /** The webhook's status on the store after the check ("missing": it is not there). */
  status: z.enum(WEBHOOK_STATES),
  /** What the check did about it. */
  action: z.enum(WEBHOOK_ACTIONS),
  error: z.string().nullable(),
});

export const WebhookHealthSchema = z.object({
  checkedAt: z.iso.datetime(),
  deliveryUrl: z.string(),
  /** Every topic has an active webhook. */
  ok: z.boolean(),
  /** Why the check could not run at all (the store did not answer), else null. */
  error: z.string().nullable(),
  statuses: z.array(WebhookTopicHealthSchema),
  /** Our webhooks deleted because they were duplicates or pointed at an old APP_URL. */
  removed: z.number().int().min(0).default(0),
});

export type WebhookTopicHealth = z.infer<typeof WebhookTopicHealthSchema>;
export type WebhookHealth = z.infer<typeof WebhookHealthSchema>;

const SettingsObjectSchema = z.record(z.string(), z.unknown());

function settingsObject(value: unknown): Record<string, unknown> {
  const parsed = SettingsObjectSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** The stored check, or null when there is none or it does not read as one. */
export function readWebhookHealth(settings: unknown): WebhookHealth | null {
  const parsed = WebhookHealthSchema.safeParse(settingsObject(settings).webhooks);
  return parsed.success ? parsed.data : null;
}

/**
 * Writes the check into the channel's settings, keeping every other setting (backfill progress, stock rules). The
 * row is locked first with a no-op update, as saveBackfillProgress does, so concurrent writers do not lose each
 * other's keys.
 */
export async function saveWebhookHealth(db: Db, channelId: string, health: WebhookHealth | null): Promise<void> {
  const valid = health === null ? null : WebhookHealthSchema.parse(health);
  await db.$transaction(async (tx) => {
    const channel = await tx.channel.update({
      where: { id: channelId },
      data: { updatedAt: new Date() },
      select: { settings: true },
    });
    const { webhooks: _previous, ...rest } = settingsObject(channel.settings);
    const settings = valid === null ? rest : { ...rest, webhooks: valid };
    await tx.channel.update({ where: { id: channelId }, data: { settings: settings as never } });
  });
}
