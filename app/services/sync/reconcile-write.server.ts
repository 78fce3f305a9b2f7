import type { Db } from "../../db.server";
import { LEDGER_TX, withLedgerRetry } from "../ledger/retry.server";
import type { Drift } from "../ledger/stock-drift.server";
import { lockListings, recordSeen, seenKey, type SeenLevel } from "./location-quantities.server";

// What reconciliation writes for a batch of listings, in one transaction: the figures the channel showed (as seen,
// so the next plan and push compare against them), and with the ledger as stock master a drift row per drifted
// listing and the listing queued to be set back. Nothing is written for a listing touched since it was judged.

export type Finding = {
  listing: { id: string; updatedAt: Date };
  /** Figures to record as what the channel shows. */
  seen: SeenLevel[];
  drift?: {
    row: Drift;
    /** The drifted locations: the drift stands only if these figures are recorded (none newer was seen there). */
    locations: string[];
    /** When the set-back may be pushed: null at once, later when a sale's order may still be on its way. */
    nextPushAt: Date | null;
  };
};

export type Settled = { confirmed: Finding[]; queued: number; stale: number };

export async function settleFindings(
  db: Db,
  locations: readonly string[],
  findings: Finding[],
  options: { setBack: boolean },
): Promise<Settled> {
  if (findings.length === 0) return { confirmed: [], queued: 0, stale: 0 };
  const ids = findings.map((finding) => finding.listing.id);
  return withLedgerRetry(() =>
    db.$transaction(async (tx): Promise<Settled> => {
      // Locked, then read again: a listing planned, pushed or seen since it was judged keeps what that wrote.
      await lockListings(tx, ids);
      const fresh = new Map(
        (
          await tx.channelListing.findMany({
            where: { id: { in: ids } },
            select: { id: true, updatedAt: true, syncState: true },
          })
        ).map((row) => [row.id, row]),
      );
      const untouched = findings.filter((finding) => {
        const row = fresh.get(finding.listing.id);
        return row?.syncState === "ok" && row.updatedAt.getTime() === finding.listing.updatedAt.getTime();
      });
      const recorded = await recordSeen(
        tx,
        locations,
        untouched.flatMap((finding) => finding.seen),
      );
      const confirmed = untouched.filter(
        (finding) =>
          finding.drift &&
          finding.drift.locations.every((location) => recorded.has(seenKey(finding.listing.id, location))),
      );
      let queued = 0;
      if (options.setBack && confirmed.length > 0) {
        await tx.syncDrift.createMany({ data: confirmed.map((finding) => finding.drift!.row) });
        for (const [at, group] of byNextPushAt(confirmed)) {
          const { count } = await tx.channelListing.updateMany({
            where: { id: { in: group.map((finding) => finding.listing.id) }, syncState: "ok" },
            data: { syncState: "queued", nextPushAt: at, pushAttempts: 0, lastError: null },
          });
          queued += count;
        }
      }
      return { confirmed, queued, stale: findings.length - untouched.length };
    }, LEDGER_TX),
  );
}

function byNextPushAt(findings: Finding[]): Map<Date | null, Finding[]> {
  const groups = new Map<number | null, Finding[]>();
  for (const finding of findings) {
    const key = finding.drift!.nextPushAt?.getTime() ?? null;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return new Map([...groups].map(([key, group]) => [key === null ? null : new Date(key), group]));
}
