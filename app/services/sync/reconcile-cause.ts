import type { LocationQuantities } from "./location-quantities.server";
import type { LocationCheck } from "./reconcile-judge";

// The likely cause of a drift, from what the ledger knew before the read. A guess, and said as one: reconciliation
// sees two figures, not what happened between them.

export type DriftReason = "never_pushed" | "sale_pending" | "channel_edit" | "push_lost";

/** How recent an order of the item on the channel must be for a lower figure to read as a sale still on its way. */
export const RECENT_SALE_MS = 10 * 60 * 1000;

export function likelyCause(entries: LocationQuantities, drifting: LocationCheck[], recentSale: boolean): DriftReason {
  const pushedEverywhere = drifting.every((check) => entries[check.location]?.pushed !== undefined);
  if (!pushedEverywhere) return "never_pushed";
  const fewer = drifting.every((check) => check.channel < check.expected);
  if (fewer && recentSale) return "sale_pending";
  const editedBefore = drifting.some((check) => {
    const entry = entries[check.location];
    return entry?.seenAt !== undefined && entry.pushedAt !== undefined && entry.seenAt > entry.pushedAt;
  });
  return editedBefore ? "channel_edit" : "push_lost";
}

/** The drift report's sentence: what the channel shows against the ledger, and why that probably is. */
export function describeDrift(
  channelName: string,
  entries: LocationQuantities,
  drifting: LocationCheck[],
  reason: DriftReason,
  several: boolean,
): string {
  const at = (check: LocationCheck) => (several ? ` at location ${check.location}` : "");
  const shown = drifting
    .map((check) => `${channelName} shows ${check.channel}${at(check)} where the ledger has ${check.expected}`)
    .join("; ");
  const first = drifting[0]!;
  const entry = entries[first.location];
  switch (reason) {
    case "never_pushed":
      return `never pushed: ${shown}`;
    case "sale_pending":
      return `a sale not yet in the ledger, likely (orders for this item arrived in the last ${RECENT_SALE_MS / 60_000} minutes): ${shown}`;
    case "channel_edit":
      return `edited on the channel (it showed ${entry?.seen}${at(first)} after our push of ${entry?.pushed}): ${shown}`;
    case "push_lost":
      return (
        `push lost, or changed on the channel without a webhook (we pushed ${entry?.pushed}${at(first)} at ` +
        `${entry?.pushedAt?.toISOString()} and heard nothing since): ${shown}`
      );
  }
}
