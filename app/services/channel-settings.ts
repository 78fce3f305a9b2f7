import { z } from "zod";

/** Per-channel settings, stored as JSON on Channel.settings and validated on every read. */
export const ChannelSettingsSchema = z.object({
  /** ledger: the ledger's quantity wins and the channel is set back; channel: channel edits import as adjustments. */
  stockMaster: z.enum(["ledger", "channel"]).default("ledger"),
  safetyStock: z.number().int().min(0).default(0),
  percentOfAvailable: z.number().int().min(0).max(100).default(100),
  maxQuantity: z.number().int().min(0).nullable().default(null),
  minQuantity: z.number().int().min(0).default(0),
  // WooCommerce only. A bad value falls back to the default instead of failing the whole read, which would also
  // reset the stock rules above.
  /** The order status a completely fulfilled order is given (a plugin's "shipped", say); "completed" by default. */
  fulfilledStatus: z.string().trim().min(1).max(40).optional().catch(undefined),
  /** Whether refunds go back through the payment gateway (WooCommerce's api_refund) or are only recorded. */
  refundViaGateway: z.boolean().optional().catch(undefined),
});

export type ChannelSettings = z.infer<typeof ChannelSettingsSchema>;

export function readChannelSettings(value: unknown): ChannelSettings {
  const parsed = ChannelSettingsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : ChannelSettingsSchema.parse({});
}
