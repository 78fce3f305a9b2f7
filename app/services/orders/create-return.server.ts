import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db, Tx } from "../../db.server";
import { recordCommand } from "../commands/record-command.server";
import { LEDGER_TX, withLedgerRetry } from "../ledger/retry.server";
import { ensureStockLevels, lockStockLevels } from "../ledger/stock-locks.server";
import { enqueueRecorded, type OrderActionOptions } from "./enqueue.server";
import { invalid } from "./errors";
import { RELEASED_RETURN_STATUSES, returnableQuantity } from "./returnable";
import { assertLocked, lineBalanceKeys, loadOrderForAction, type ActionLine } from "./load-order.server";

export const CreateReturnSchema = z.object({
  orderId: z.string().min(1),
  // 250: the most Shopify takes in one input array.
  lines: z
    .array(
      z.object({
        lineId: z.string().min(1),
        quantity: z.number().int().min(1).max(1_000_000),
        /** In the merchant's words; Shopify keeps it as the return line's note (255 characters at most). */
        reason: z.string().trim().min(1).max(255).optional(),
      }),
    )
    .min(1)
    .max(250)
    .superRefine((lines, ctx) => {
      const seen = new Set<string>();
      for (const [index, line] of lines.entries()) {
        if (seen.has(line.lineId)) {
          ctx.addIssue({ code: "custom", message: "names a line already on this return", path: [index, "lineId"] });
        }
        seen.add(line.lineId);
      }
    }),
  note: z.string().trim().min(1).max(1000).optional(),
});
export type CreateReturnInput = z.input<typeof CreateReturnSchema>;

/** Units of each line that can still come back (returnableQuantity), from what the returns hold now. */
async function returnableUnits(tx: Tx, orderId: string, lines: ActionLine[]) {
  const claimed = await tx.returnLine.findMany({
    where: { return: { orderId, status: { notIn: RELEASED_RETURN_STATUSES } } },
    select: { orderLineId: true, quantity: true, receivedQty: true, disposition: true },
  });
  return new Map(
    lines.map((line) => [
      line.id,
      returnableQuantity(
        line,
        claimed.filter((entry) => entry.orderLineId === line.id),
      ),
    ]),
  );
}

/**
 * The merchant opens a return (screens, REST API): the Return is open at once (approved, as Shopify opens a return
 * the merchant creates) with the units expected back, and a return.create command tells the channel in the same
 * transaction. Nothing moves in stock until the units are received (receiveReturn).
 */
export async function createReturn(db: Db, shopId: string, input: CreateReturnInput, options: OrderActionOptions) {
  const request = CreateReturnSchema.parse(input);
  const result = await withLedgerRetry(() => createOnce(db, shopId, request, options));
  await enqueueRecorded(options, result.command);
  const created = await db.return.findUniqueOrThrow({ where: { id: result.returnId }, include: { lines: true } });
  return { ...created, commandId: result.command.id };
}

async function createOnce(
  db: Db,
  shopId: string,
  request: z.output<typeof CreateReturnSchema>,
  options: OrderActionOptions,
) {
  const order = await loadOrderForAction(db, shopId, request.orderId);
  // Every line's balance: any ledger change to this order locks them, so two returns of one order never interleave.
  const keys = lineBalanceKeys(order.lines);
  await ensureStockLevels(db, shopId, keys);

  return db.$transaction(async (tx) => {
    const balances = await lockStockLevels(tx, shopId, keys);
    const fresh = await loadOrderForAction(tx, shopId, order.id);
    assertLocked(balances, lineBalanceKeys(fresh.lines));
    const returnable = await returnableUnits(tx, fresh.id, fresh.lines);
    const lines = request.lines.map((wanted, index) => {
      const line = fresh.lines.find((candidate) => candidate.id === wanted.lineId);
      if (!line) throw invalid(`Line ${wanted.lineId} is not on order ${fresh.name}`, ["lines", index, "lineId"]);
      const left = returnable.get(line.id) ?? 0;
      if (wanted.quantity > left) {
        throw invalid(
          left === 0
            ? `No unit of ${line.title} can be returned: none is shipped and not already returned`
            : `Only ${left} unit(s) of ${line.title} can be returned: shipped and not already returned`,
          ["lines", index, "quantity"],
        );
      }
      return { line, quantity: wanted.quantity, reason: wanted.reason ?? null };
    });

    const returnId = randomUUID();
    const command = await recordCommand(tx, {
      channel: fresh.channel,
      kind: "return.create",
      orderId: fresh.id,
      subjectId: returnId,
      payload: { returnId },
    });
    const { currency } = await tx.order.findUniqueOrThrow({ where: { id: fresh.id }, select: { currency: true } });
    await tx.return.create({
      data: {
        id: returnId,
        shopId,
        orderId: fresh.id,
        status: "approved",
        note: request.note ?? null,
        currency,
        channelSyncState: command.state === "pending" ? "pending" : "not_applicable",
        lines: {
          create: lines.map(({ line, quantity, reason }) => ({ orderLineId: line.id, quantity, reason })),
        },
      },
    });
    const summary = lines.map(({ line, quantity }) => `${quantity} × ${line.title}`).join(", ");
    await tx.timelineEvent.create({
      data: {
        shopId,
        orderId: fresh.id,
        kind: "return",
        message: `Return opened: ${summary}`,
        source: options.source ?? "ui",
      },
    });
    return { returnId, command };
  }, LEDGER_TX);
}
