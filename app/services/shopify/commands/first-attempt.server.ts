import type { z } from "zod";
import type { Db } from "../../../db.server";

/**
 * The request a command's first attempt sent, sent again unchanged by every later attempt. With @idempotent,
 * Shopify replays the first answer only for the same key and the same arguments, and after a lost answer the order
 * has moved on (a fulfillment order's open units went down), so planning again would ask something else. Kept on
 * the command until it finishes (runCommand then stores the channel's answer in its place).
 */
export async function firstAttemptRequest<S extends z.ZodType>(
  db: Db,
  commandId: string,
  schema: S,
  plan: () => Promise<z.output<S>>,
): Promise<z.output<S>> {
  const row = await db.channelCommand.findUniqueOrThrow({ where: { id: commandId }, select: { result: true } });
  const kept = row.result as { request?: unknown } | null;
  if (kept && typeof kept === "object" && kept.request !== undefined) {
    const parsed = schema.safeParse(kept.request);
    if (parsed.success) return parsed.data;
  }
  const request = await plan();
  await db.channelCommand.update({ where: { id: commandId }, data: { result: { request } as object } });
  return request;
}
