import { z } from "zod";
import type { JobQueue } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { enqueuePush } from "../sync/jobs.server";
import { retryDeadPushes } from "../sync/push.server";

// The dead-letter list's "Retry" on the channels screen: the channel's parked listings are queued again and a push
// is asked for at once, rather than at the next sweep.

export const RETRY_DEAD_INTENT = "retry-dead-pushes";

export const RetryDeadFormSchema = z.object({
  intent: z.literal(RETRY_DEAD_INTENT),
  channelId: z.string().trim().min(1, "Choose a channel"),
});

export type RetryDeadResult =
  | { ok: true; intent: typeof RETRY_DEAD_INTENT; channelId: string; retried: number; toast: string }
  | { ok: false; intent: typeof RETRY_DEAD_INTENT; fieldErrors: { channelId?: string[] }; toast: string };

export const isRetryDeadIntent = (intent: unknown): intent is typeof RETRY_DEAD_INTENT => intent === RETRY_DEAD_INTENT;

export async function handleRetryDeadForm(
  db: Db,
  form: Record<string, unknown>,
  context: { shopId: string },
  deps: { queue: JobQueue },
): Promise<{ status: number; data: RetryDeadResult }> {
  const parsed = RetryDeadFormSchema.safeParse(form);
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return {
      status: 400,
      data: {
        ok: false,
        intent: RETRY_DEAD_INTENT,
        fieldErrors: { channelId: fieldErrors.channelId },
        toast: "Nothing was retried: choose a channel",
      },
    };
  }
  const channel = await db.channel.findFirst({
    where: { id: parsed.data.channelId, shopId: context.shopId },
    select: { id: true },
  });
  if (!channel) {
    return {
      status: 404,
      data: {
        ok: false,
        intent: RETRY_DEAD_INTENT,
        fieldErrors: { channelId: ["No such channel"] },
        toast: "Nothing was retried: there is no such channel",
      },
    };
  }
  const retried = await retryDeadPushes(db, context.shopId, channel.id);
  if (retried > 0) await enqueuePush(deps.queue, channel.id, { again: true });
  const toast =
    retried === 0
      ? "Nothing was parked any more"
      : `${retried} ${retried === 1 ? "listing" : "listings"} queued to push again`;
  return { status: 200, data: { ok: true, intent: RETRY_DEAD_INTENT, channelId: channel.id, retried, toast } };
}
