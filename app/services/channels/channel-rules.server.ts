import { z } from "zod";
import type { Db, Tx } from "../../db.server";
import { ChannelSettingsSchema, readChannelSettings, type ChannelSettings } from "../channel-settings";
import { MAX_ADJUST_QUANTITY } from "../ledger/adjust-stock.server";

// A channel's stock rules as the merchant edits them. Saving keeps every other setting on the channel (backfill
// progress, webhook health, the last reconciliation) and sends the channel's listings back to planning, so the
// new sellable quantities are computed and pushed.

export const SAVE_RULES_INTENT = "save-rules";

// No stock figure is ever larger: a bigger rule means nothing, and "999...9" would read as Infinity, which the stored
// settings refuse (drill:bad-input found it answered 500).
const MAX_RULE_UNITS = MAX_ADJUST_QUANTITY;
const TOO_MANY = `At most ${MAX_RULE_UNITS.toLocaleString("en")}`;

const wholeNumber = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .regex(/^\d+$/, "Enter a whole number, 0 or more")
    .transform(Number)
    .pipe(z.number().max(MAX_RULE_UNITS, TOO_MANY));

export const ChannelRulesFormSchema = z
  .object({
    intent: z.literal(SAVE_RULES_INTENT),
    safetyStock: wholeNumber("a safety stock"),
    percentOfAvailable: wholeNumber("a percentage").pipe(z.number().max(100, "At most 100%")),
    // Empty means no maximum.
    maxQuantity: z
      .string()
      .trim()
      .regex(/^\d*$/, "Enter a whole number, or leave empty for no maximum")
      .transform((value) => (value === "" ? null : Number(value)))
      .pipe(z.number().max(MAX_RULE_UNITS, TOO_MANY).nullable())
      .optional()
      .transform((value) => value ?? null),
    minQuantity: wholeNumber("a minimum"),
    stockMaster: z.enum(["ledger", "channel"], { error: "Choose who is the stock master" }),
  })
  .superRefine((rules, context) => {
    if (rules.maxQuantity !== null && rules.minQuantity > rules.maxQuantity) {
      context.addIssue({
        code: "custom",
        path: ["minQuantity"],
        message: "The minimum cannot be above the maximum: the channel would always show 0",
      });
    }
  });

export type ChannelRules = Pick<
  ChannelSettings,
  "safetyStock" | "percentOfAvailable" | "maxQuantity" | "minQuantity" | "stockMaster"
>;

export function readChannelRules(settings: unknown): ChannelRules {
  const { safetyStock, percentOfAvailable, maxQuantity, minQuantity, stockMaster } = readChannelSettings(settings);
  return { safetyStock, percentOfAvailable, maxQuantity, minQuantity, stockMaster };
}

const SettingsObjectSchema = z.record(z.string(), z.unknown());

/**
 * Stores the rules and marks the channel's listings for planning, in one transaction. Returns null when the channel
 * is not the shop's, else how many listings will be planned again.
 */
export async function saveChannelRules(
  db: Db,
  shopId: string,
  channelId: string,
  rules: ChannelRules,
): Promise<{ listings: number } | null> {
  const valid = ChannelSettingsSchema.pick({
    safetyStock: true,
    percentOfAvailable: true,
    maxQuantity: true,
    minQuantity: true,
    stockMaster: true,
  }).parse(rules);
  return db.$transaction(async (tx) => {
    // Writing updatedAt takes the row lock first, so a backfill saving its progress meanwhile keeps ours and we keep its.
    const { count } = await tx.channel.updateMany({
      where: { id: channelId, shopId },
      data: { updatedAt: new Date() },
    });
    if (count === 0) return null;
    const channel = await tx.channel.findUniqueOrThrow({ where: { id: channelId }, select: { settings: true } });
    const stored = SettingsObjectSchema.safeParse(channel.settings ?? {});
    const settings = { ...(stored.success ? stored.data : {}), ...valid };
    await tx.channel.update({ where: { id: channelId }, data: { settings: settings as never } });
    return { listings: await markChannelListingsPending(tx, shopId, channelId) };
  });
}

/**
 * Sends every listing of the channel back to planning. changeSeq is raised as a stock change raises it, so a plan
 * computed under the old rules cannot mark a listing done.
 */
export async function markChannelListingsPending(tx: Tx, shopId: string, channelId: string): Promise<number> {
  const { count } = await tx.channelListing.updateMany({
    where: { shopId, channelId },
    data: { syncState: "pending", changeSeq: { increment: 1 } },
  });
  return count;
}
