import type { Db } from "../../db.server";
import type { ChannelRef } from "../ledger/apply-types";
import { adjustToAvailable } from "../ledger/available-adjustment.server";
import { recordDrift } from "../ledger/stock-drift.server";
import type { SellableLocation } from "./location-quantities.server";
import type { Finding } from "./reconcile-write.server";

// Channel as stock master: a figure the channel shows that is not what the ledger set there becomes an adjustment at
// the ledger location the channel's location maps to, as a level webhook would (inventory-level.server.ts), and the
// drift row says so. The re-plan that follows finds the channel already showing the new figure.

export type DriftFigure = { location: string; channel: number; expected: number };

/** Imports each confirmed drift's figures; answers how many listings had at least one adjustment applied. */
export async function importDrifts(
  db: Db,
  channel: ChannelRef,
  locations: readonly SellableLocation[],
  drifts: { finding: Finding; figures: DriftFigure[] }[],
  context: { source: string; readAt: Date },
): Promise<number> {
  const ledgerLocation = new Map(locations.map((location) => [location.externalLocationId, location.locationId]));
  let imported = 0;
  for (const { finding, figures } of drifts) {
    const row = finding.drift!.row;
    let applied = false;
    for (const figure of figures) {
      const locationId = ledgerLocation.get(figure.location);
      if (!locationId) continue;
      const outcome = await adjustToAvailable(db, channel.shopId, {
        itemId: row.itemId,
        locationId,
        available: figure.channel,
        reason: `Counted on ${channel.name} (reconciliation)`,
        source: context.source,
        actor: `channel:${channel.id}`,
        idempotencyKey: `reconcile:${channel.id}:${finding.listing.id}:${figure.location}:${context.readAt.getTime()}`,
        onApplied: (tx, delta) =>
          recordDrift(tx, {
            ...row,
            expectedQty: figure.expected,
            channelQty: figure.channel,
            detail: `${row.detail}; imported as an adjustment of ${delta > 0 ? "+" : ""}${delta}`,
          }),
      });
      if (outcome.outcome === "applied") applied = true;
    }
    if (applied) imported += 1;
  }
  return imported;
}
