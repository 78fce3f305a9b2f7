import type { Db, Tx } from "../../db.server";
import { LEDGER_LINE_SELECT } from "../ledger/orders/load-order.server";
import { LedgerConflict } from "../ledger/retry.server";
import { balanceKey, type BalanceKey, type LockedBalance } from "../ledger/stock-locks.server";
import { notFound } from "./errors";

/** What the ledger moves on a line, plus the words a refusal needs. */
const LINE_SELECT = { ...LEDGER_LINE_SELECT, title: true, sku: true } as const;

/**
 * The shop's order with its lines and channel, for a merchant action; another shop's order is "not found" like one
 * that does not exist.
 */
export async function loadOrderForAction(db: Db | Tx, shopId: string, orderId: string) {
  const order = await db.order.findFirst({
    where: { id: orderId, shopId },
    select: {
      id: true,
      name: true,
      status: true,
      channel: { select: { id: true, shopId: true, kind: true, name: true, status: true } },
      lines: { select: LINE_SELECT, orderBy: { id: "asc" } },
    },
  });
  if (!order) throw notFound(`Order ${orderId} not found`, ["orderId"]);
  return order;
}

export type ActionOrder = Awaited<ReturnType<typeof loadOrderForAction>>;
export type ActionLine = ActionOrder["lines"][number];

/** Every balance an order's lines hold a reservation on: locked by any ledger change to the order. */
export function lineBalanceKeys(lines: ActionLine[]) {
  return lines.flatMap((line) =>
    line.itemId && line.locationId ? [{ itemId: line.itemId, locationId: line.locationId }] : [],
  );
}

/** A line changed item or location between planning and the lock: plan again with the right balances locked. */
export function assertLocked(balances: Map<string, LockedBalance>, keys: BalanceKey[]) {
  if (keys.some((key) => !balances.has(balanceKey(key)))) {
    throw new LedgerConflict("the order's lines changed while planning");
  }
}
