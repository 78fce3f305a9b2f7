import type { Db } from "../../../db.server";
import { NotYetKnownError, type ApplyContext, type ChannelRef } from "../apply-types";
import { LEDGER_TX, withLedgerRetry } from "../retry.server";
import { ensureStockLevels, lockStockLevels } from "../stock-locks.server";
import { LedgerBatch } from "./ledger-batch.server";
import { loadOrderForEvent } from "./load-order.server";
import { restockable } from "./line-plan";

export type RestockRequest = { lineExternalId: string; quantity: number; locationId: string | null };

/**
 * Puts returned units back on the shelf, once: the caller's `mark` runs in the same transaction and
 * must fail (unique key) or report false when this restock was already done, so a refund and a return
 * for the same units cannot both restock them beyond what was shipped. A mark that can only tell under the
 * lock what is left to restock returns those requests instead of true: they replace `requests`, which must
 * then name every line they may name (their balances are the ones locked).
 */
export async function restockLines(
  db: Db,
  channel: ChannelRef,
  orderExternalId: string,
  requests: RestockRequest[],
  context: ApplyContext & { reason: string; timeline: string },
  mark: (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0], orderId: string) => Promise<boolean | RestockRequest[]>,
) {
  return withLedgerRetry(async () => {
    const order = await loadOrderForEvent(db, channel.id, orderExternalId);
    const lines = new Map(order.lines.map((line) => [line.externalId, line]));
    const keys = requests.flatMap((request) => {
      const line = lines.get(request.lineExternalId);
      const locationId = request.locationId ?? line?.locationId;
      return line?.itemId && locationId ? [{ itemId: line.itemId, locationId }] : [];
    });
    await ensureStockLevels(db, channel.shopId, keys);
    return db.$transaction(async (tx) => {
      const balances = await lockStockLevels(tx, channel.shopId, keys);
      const marked = await mark(tx, order.id);
      if (marked === false) return { outcome: "ignored" as const, detail: "already applied" };
      const planned = marked === true ? requests : marked;
      const fresh = new Map(
        (await loadOrderForEvent(tx, channel.id, orderExternalId)).lines.map((l) => [l.externalId, l]),
      );
      const batch = new LedgerBatch(
        channel.shopId,
        channel.id,
        balances,
        context.source,
        context.actor ?? `channel:${channel.id}`,
      );
      let units = 0;
      for (const request of planned) {
        const line = fresh.get(request.lineExternalId);
        if (!line?.itemId) continue;
        const quantity = restockable(request.quantity, line);
        if (quantity < request.quantity && line.channelFulfilledQty > line.fulfilledQty) {
          // The channel shipped units whose fulfilment has not reached us yet: restock after it has.
          throw new NotYetKnownError(`Fulfilment of line ${request.lineExternalId} is not imported yet`);
        }
        batch.restock(line, quantity, request.locationId, context.reason);
        units += quantity;
      }
      if (units > 0 || planned.length === 0)
        batch.note(order.id, "restocked", `${context.timeline}: ${units} unit(s) restocked`);
      else batch.note(order.id, "refund", context.timeline);
      await batch.commit(tx);
      return { outcome: "applied" as const, detail: `${units} unit(s) restocked` };
    }, LEDGER_TX);
  });
}
