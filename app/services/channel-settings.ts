import { z } from "zod";

/** Per-channel settings, stored as JSON on Channel.settings and validated on every read. */
export const ChannelSettingsSchema = z.object({
  /** ledger: the ledger's quantity wins and the channel is set back; channel: channel edits import as adjustments. */
  stockMaster: z.enum(["ledger", "channel"]).default("ledger"),
  safetyStock: z.number().int().min(0).default(0),
  percentOfAvailable: z.number().int().min(0).max(100).default(100),
  maxQuantity: z.number().int().min(0).nullable().default(null),
  minQuantity: z.number().int().min(0).default(0),
});

export type ChannelSettings = z.infer<typeof ChannelSettingsSchema>;

export function readChannelSettings(value: unknown): ChannelSettings {
  const parsed = ChannelSettingsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : ChannelSettingsSchema.parse({});
}
