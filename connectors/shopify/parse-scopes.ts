import { z } from "zod";
import { ChannelScopesUpdatedSchema, type ChannelEvent } from "../events";
import { TimestampSchema } from "./parse-common";

// app/scopes_update: the merchant granted or revoked access scopes (optional scopes, or a scope change on deploy).
// The payload lists the scopes before and after; only the current ones matter.

const ScopeListSchema = z.array(z.string({ error: "must be a scope name" }).trim().min(1).max(120)).max(200);

export const ShopifyScopesUpdatePayloadSchema = z.object({
  previous: ScopeListSchema.nullish(),
  current: ScopeListSchema,
  updated_at: TimestampSchema,
});

/** Throws a ZodError naming the field on a bad payload. */
export function parseScopesUpdateWebhook(payload: unknown): ChannelEvent {
  const update = ShopifyScopesUpdatePayloadSchema.parse(payload);
  return ChannelScopesUpdatedSchema.parse({
    type: "channel.scopes_updated",
    scopes: update.current,
    updatedAt: update.updated_at,
  });
}
