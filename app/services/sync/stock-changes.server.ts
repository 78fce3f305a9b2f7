import type { Tx } from "../../db.server";
import { chunked } from "../chunks";

type Listener = (shopId: string) => void;
const listeners = new Set<Listener>();

/** The sync engine listens here; the ledger tells it which shop's stock moved. */
export function onStockChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Inside the ledger transaction that moved stock: the item's listings need a new sellable quantity. The
 * mark is part of the transaction (nothing is lost if the process dies); the listener only schedules the
 * planning, late enough for the transaction to have committed.
 */
export async function markListingsPending(tx: Tx, shopId: string, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  let count = 0;
  for (const chunk of chunked([...new Set(itemIds)])) {
    const result = await tx.channelListing.updateMany({
      where: { shopId, itemId: { in: chunk } },
      data: { syncState: "pending", changeSeq: { increment: 1 } },
    });
    count += result.count;
  }
  if (count > 0) for (const listener of listeners) listener(shopId);
}
