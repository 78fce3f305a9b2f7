// After the runs: is the ledger what the acknowledged webhooks should have made of it?
import type { Db } from "../../app/db.server.ts";
import { verifyLedger } from "../../app/services/ledger/verify.server.ts";
import { inboxCounts, type InboxCounts } from "./inbox-status.ts";
import { LINES_PER_ORDER } from "./order-webhooks.ts";

export type Consistency = {
  ok: boolean;
  problems: string[];
  balancesChecked: number;
  mismatches: number;
  /** Orders acknowledged with a 2xx; requests that got no answer may or may not have been stored. */
  acknowledged: number;
  unanswered: number;
  orders: number;
  orderLines: number;
  ordersNeedingMapping: number;
  oversells: number;
  inbox: InboxCounts;
};

export type Posted = { acknowledged: number; unanswered: number };

export async function checkConsistency(db: Db, shopId: string, posted: Posted): Promise<Consistency> {
  const verification = await verifyLedger(db, { shopId });
  const [orders, orderLines, ordersNeedingMapping, oversells, inbox] = await Promise.all([
    db.order.count({ where: { shopId } }),
    db.orderLine.count({ where: { shopId } }),
    db.order.count({ where: { shopId, needsMapping: true } }),
    db.oversell.count({ where: { shopId } }),
    inboxCounts(db, shopId),
  ]);
  const problems: string[] = [];
  if (verification.mismatches.length > 0) {
    const first = verification.mismatches[0]!;
    problems.push(
      `verifyLedger: ${verification.mismatches.length} balances differ from their movements ` +
        `(e.g. ${first.sku}: expected ${JSON.stringify(first.expected)}, stored ${JSON.stringify(first.actual)})`,
    );
  }
  if (orders < posted.acknowledged || orders > posted.acknowledged + posted.unanswered) {
    problems.push(
      `${orders} orders in the ledger, ${posted.acknowledged} acknowledged` +
        (posted.unanswered > 0 ? ` (+ up to ${posted.unanswered} that got no answer)` : ""),
    );
  }
  if (orderLines !== orders * LINES_PER_ORDER) {
    problems.push(`${orderLines} order lines for ${orders} orders of ${LINES_PER_ORDER} lines`);
  }
  if (ordersNeedingMapping > 0) problems.push(`${ordersNeedingMapping} orders need SKU mapping`);
  if (oversells > 0) problems.push(`${oversells} oversells although every item has ample stock`);
  if (inbox.unfinished > 0)
    problems.push(`${inbox.unfinished} inbox events unfinished ${JSON.stringify(inbox.byStatus)}`);
  if (inbox.quarantined > 0) problems.push(`${inbox.quarantined} inbox events quarantined`);
  return {
    ok: problems.length === 0,
    problems,
    balancesChecked: verification.checked,
    mismatches: verification.mismatches.length,
    ...posted,
    orders,
    orderLines,
    ordersNeedingMapping,
    oversells,
    inbox,
  };
}
