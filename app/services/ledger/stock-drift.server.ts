import type { Db, Tx } from "../../db.server";

// The drift report (SyncDrift): every time a channel showed a different quantity than the ledger expected it to,
// and what the ledger did about it. Merchants read it to find who keeps editing stock outside the ledger.

/** channel_edit: a change made on the channel itself; reconcile: found by comparing the channel with the ledger. */
export type DriftCause = "channel_edit" | "reconcile";
/** set_back: the channel is pushed back to the ledger's figure; imported: the change became a ledger adjustment. */
export type DriftAction = "set_back" | "imported";

export type Drift = {
  shopId: string;
  channelId: string;
  listingId: string | null;
  itemId: string;
  /** What the ledger expected the channel to show (its last planned or pushed figure); null if it had none yet. */
  expectedQty: number | null;
  channelQty: number;
  cause: DriftCause;
  action: DriftAction;
  detail: string;
};

export function recordDrift(db: Db | Tx, drift: Drift) {
  return db.syncDrift.create({ data: drift, select: { id: true } });
}
