import type { ChannelSettings } from "../channel-settings";

export type SellableRules = Pick<ChannelSettings, "safetyStock" | "percentOfAvailable" | "maxQuantity" | "minQuantity">;

/**
 * What a channel may sell of an item: available at the channel's locations, less the safety stock, the
 * channel's share (rounded down), capped at its maximum, and 0 below its minimum. Never negative.
 */
export function sellableQuantity(available: number, rules: SellableRules): number {
  const afterSafety = Math.max(0, available - rules.safetyStock);
  const share = Math.floor((afterSafety * rules.percentOfAvailable) / 100);
  const capped = rules.maxQuantity === null ? share : Math.min(share, rules.maxQuantity);
  return capped < rules.minQuantity ? 0 : capped;
}
