import { z } from "zod";
import { OrderCancelCommandSchema } from "../commands/kinds";
import { recordCommand } from "../commands/record-command.server";
import type { Db } from "../../db.server";
import { LedgerBatch } from "../ledger/orders/ledger-batch.server";
import { LEDGER_TX, withLedgerRetry } from "../ledger/retry.server";
import { ensureStockLevels, lockStockLevels } from "../ledger/stock-locks.server";
import { enqueueRecorded, type OrderActionOptions } from "./enqueue.server";
import { conflict } from "./errors";
import { assertLocked, lineBalanceKeys, loadOrderForAction, type ActionOrder } from "./load-order.server";

export const CancelOrderSchema = OrderCancelCommandSchema.extend({ orderId: z.string().min(1) });
export type CancelOrderInput = z.input<typeof CancelOrderSchema>;

/** Why an order cannot be cancelled now, or null. */
function refusal(order: ActionOrder): string | null {
  if (order.status === "cancelled") return `Order ${order.name} is already cancelled`;
  const shipped = order.lines.reduce((sum, line) => sum + Math.max(line.fulfilledQty, line.channelFulfilledQty), 0);
  // Shopify refuses to cancel an order with fulfilments too: the shipment has to be cancelled (or returned) first.
  if (shipped > 0) {
    return `Order ${order.name} has ${shipped} shipped unit(s): cancel its fulfilments or take a return instead (Shopify refuses to cancel it too)`;
  }
  return null;
}

/**
 * The merchant cancels an order: its reservations are released by the same rule as a cancellation the channel
 * reports (every line's target reservation becomes 0), and an order.cancel command tells the channel. When the
 * channel's orders/cancelled comes back, the order is already cancelled and nothing moves.
 */
export async function cancelOrder(db: Db, shopId: string, input: CancelOrderInput, options: OrderActionOptions) {
  const request = CancelOrderSchema.parse(input);
  const command = await withLedgerRetry(async () => {
    const order = await loadOrderForAction(db, shopId, request.orderId);
    const early = refusal(order);
    if (early) throw conflict(early, ["orderId"]);
    const keys = lineBalanceKeys(order.lines);
    await ensureStockLevels(db, shopId, keys);
    return db.$transaction(async (tx) => {
      const balances = await lockStockLevels(tx, shopId, keys);
      const fresh = await loadOrderForAction(tx, shopId, order.id);
      const late = refusal(fresh);
      if (late) throw conflict(late, ["orderId"]);
      assertLocked(balances, lineBalanceKeys(fresh.lines));
      const batch = new LedgerBatch(shopId, fresh.channel.id, balances, options.source ?? "ui", options.actor);
      for (const line of fresh.lines) batch.reconcileReservation(line, "cancelled", false);
      const note = request.staffNote ? `: ${request.staffNote}` : "";
      batch.note(fresh.id, "cancelled", `Order cancelled (${request.reason})${note}`);
      await batch.commit(tx);
      await tx.order.update({ where: { id: fresh.id }, data: { status: "cancelled", cancelledAt: new Date() } });
      const { orderId: _orderId, ...payload } = request;
      return recordCommand(tx, {
        channel: fresh.channel,
        kind: "order.cancel",
        orderId: fresh.id,
        subjectId: fresh.id,
        payload,
      });
    }, LEDGER_TX);
  });
  await enqueueRecorded(options, command);
  return { orderId: request.orderId, commandId: command.id };
}
