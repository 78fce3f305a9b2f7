import { z } from "zod";
import type { JobQueue } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { enqueueShopifyBackfill } from "../shopify/jobs.server";

// The channels screen's "Backfill" form: read a Shopify channel's orders again over the days the merchant chooses.

export const BackfillFormSchema = z.object({
  intent: z.literal("backfill"),
  channelId: z.string().min(1),
  days: z.coerce
    .number({ error: "Enter a number of days" })
    .int("Enter whole days")
    .min(1, "At least 1 day")
    .max(730, "At most 730 days"),
});

export type BackfillAnswer =
  | { ok: true; queued: string; days: number; toast: string }
  | { ok: false; fieldErrors: { channelId?: string[]; days?: string[] }; toast: string };

const NOT_QUEUED = "The backfill was not queued";

export async function handleBackfillForm(
  db: Db,
  form: Record<string, unknown>,
  context: { shopId: string },
  deps: { queue: JobQueue },
): Promise<{ status: number; data: BackfillAnswer }> {
  const parsed = BackfillFormSchema.safeParse(form);
  if (!parsed.success) {
    return {
      status: 400,
      data: { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, toast: NOT_QUEUED },
    };
  }
  const channel = await db.channel.findFirst({
    where: { id: parsed.data.channelId, shopId: context.shopId },
    select: { id: true, kind: true, status: true },
  });
  if (!channel) {
    return { status: 404, data: { ok: false, fieldErrors: { channelId: ["No such channel"] }, toast: NOT_QUEUED } };
  }
  if (channel.kind !== "shopify" || channel.status !== "connected") {
    return {
      status: 409,
      data: {
        ok: false,
        fieldErrors: { channelId: ["Only a connected Shopify channel can be backfilled here"] },
        toast: NOT_QUEUED,
      },
    };
  }
  await enqueueShopifyBackfill(deps.queue, channel.id, { days: parsed.data.days });
  const { days } = parsed.data;
  return { status: 200, data: { ok: true, queued: channel.id, days, toast: `Backfill queued: the last ${days} days` } };
}
