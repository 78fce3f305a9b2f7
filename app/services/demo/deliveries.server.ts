import type { JobQueue } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { adjustReasonText } from "../../components/inventory/adjust-reasons";
import { adjustStock } from "../ledger/adjust-stock.server";
import { enqueuePlan } from "../sync/jobs.server";

// The demo's supplier: every so often the items running low at a location are brought back up, so an hour of demo
// traffic does not sell the shelves empty. A delivery is what a merchant would record: a stock adjustment in the
// ledger, which the sync engine then pushes to every store that sells the item.

/** Per location name: restock an item once its available is at or below `below`, back up to `upTo`. */
export type DeliveryPlan = Record<string, { below: number; upTo: number }>;

export type DeliveryOptions = {
  /** Where the sync planning is queued. The ledger's own nudge only reaches listeners in its module graph. */
  queue: JobQueue | null;
  at?: Date;
};

/** Restocks every low item at the planned locations; answers how many (item, location) pairs it restocked. */
export async function deliverLowStock(
  db: Db,
  shopId: string,
  plan: DeliveryPlan,
  options: DeliveryOptions,
): Promise<number> {
  const levels = await db.stockLevel.findMany({
    where: { shopId, location: { name: { in: Object.keys(plan) } } },
    select: { itemId: true, locationId: true, onHand: true, committed: true, location: { select: { name: true } } },
    orderBy: [{ locationId: "asc" }, { itemId: "asc" }],
  });
  const stamp = (options.at ?? new Date()).toISOString();
  let restocked = 0;
  for (const level of levels) {
    const rule = plan[level.location.name];
    const available = level.onHand - level.committed;
    if (!rule || available > rule.below) continue;
    await adjustStock(db, shopId, {
      itemId: level.itemId,
      locationId: level.locationId,
      delta: rule.upTo - available,
      reason: adjustReasonText("received", "demo delivery from the supplier"),
      source: "system",
      actor: "demo-deliveries",
      idempotencyKey: `demo:delivery:${level.itemId}:${level.locationId}:${stamp}`,
    });
    restocked++;
  }
  if (restocked > 0 && options.queue) await enqueuePlan(options.queue, shopId);
  return restocked;
}
