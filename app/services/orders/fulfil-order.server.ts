import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../db.server";
import { recordCommand } from "../commands/record-command.server";
import { LedgerBatch } from "../ledger/orders/ledger-batch.server";
import type { OrderStatus } from "../ledger/orders/line-plan";
import { fulfillmentStatusOf } from "../ledger/orders/order-status";
import { LEDGER_TX, withLedgerRetry } from "../ledger/retry.server";
import { ensureStockLevels, lockStockLevels } from "../ledger/stock-locks.server";
import { enqueueRecorded, type OrderActionOptions } from "./enqueue.server";
import { invalid } from "./errors";
import { planFulfilment } from "./fulfil-plan";
import { assertLocked, lineBalanceKeys, loadOrderForAction } from "./load-order.server";

export const FulfilOrderSchema = z.object({
  orderId: z.string().min(1),
  /** The ledger location the units leave from; the lines' reservation location by default. */
  locationId: z.string().min(1).optional(),
  // 250: the most Shopify takes in one input array.
  lines: z
    .array(z.object({ lineId: z.string().min(1), quantity: z.number().int().min(1).max(1_000_000) }))
    .min(1)
    .max(250),
  carrier: z.string().trim().min(1).max(120).optional(),
  trackingNumber: z.string().trim().min(1).max(255).optional(),
  trackingUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  notifyCustomer: z.boolean().default(false),
});
export type FulfilOrderInput = z.input<typeof FulfilOrderSchema>;

/**
 * The merchant ships units of an order (screens, REST API): the same ledger moves as a channel's fulfilment (ship
 * movements, reservations brought to what is left), a Fulfillment the channel does not know yet, and a
 * fulfillment.create command in the same transaction, so the channel is told exactly once whatever crashes when.
 * Units ship even when the ledger shows fewer on hand at that location: the parcel has left, the count was wrong.
 */
export async function fulfilOrder(
  db: Db,
  shopId: string,
  input: FulfilOrderInput,
  options: FulfilOptions,
): Promise<{ fulfillmentId: string; commandId: string | null }> {
  const request = FulfilOrderSchema.parse(input);
  const result = await withLedgerRetry(async () => {
    // Inside the retry: a concurrent repeat that lost the race on the id finds the winner's fulfilment.
    const made = options.fulfillmentId ? await alreadyMade(db, shopId, options.fulfillmentId) : null;
    return made ?? fulfilOnce(db, shopId, request, options);
  });
  if ("command" in result) {
    await enqueueRecorded(options, result.command);
    return { fulfillmentId: result.fulfillmentId, commandId: result.command.id };
  }
  return result;
}

export type FulfilOptions = OrderActionOptions & {
  /** The new fulfilment's id, chosen by a caller that may repeat the request: the repeat finds it made. */
  fulfillmentId?: string;
};

async function alreadyMade(db: Db, shopId: string, fulfillmentId: string) {
  const made = await db.fulfillment.findFirst({ where: { id: fulfillmentId, shopId }, select: { id: true } });
  if (!made) return null;
  const command = await db.channelCommand.findFirst({
    where: { kind: "fulfillment.create", subjectId: made.id },
    select: { id: true },
  });
  return { fulfillmentId: made.id, commandId: command?.id ?? null };
}

async function fulfilOnce(db: Db, shopId: string, request: z.output<typeof FulfilOrderSchema>, options: FulfilOptions) {
  const order = await loadOrderForAction(db, shopId, request.orderId);
  const plan = planFulfilment(order, request);
  const location = await db.location.findFirst({
    where: { id: plan.fromLocationId, shopId },
    select: { id: true, name: true, active: true },
  });
  if (!location) throw invalid(`Location ${plan.fromLocationId} not found`, ["locationId"]);
  if (!location.active) throw invalid(`Location ${location.name} is not active`, ["locationId"]);
  // Every line's balance, not only the shipped ones: any ledger change to this order locks them, so two changes to
  // one order never interleave.
  const keys = [
    ...lineBalanceKeys(order.lines),
    ...plan.lines.map(({ line }) => ({ itemId: line.itemId!, locationId: location.id })),
  ];
  await ensureStockLevels(db, shopId, keys);

  return db.$transaction(async (tx) => {
    const balances = await lockStockLevels(tx, shopId, keys);
    const fresh = await loadOrderForAction(tx, shopId, order.id);
    // Checked again under the lock: a webhook or another request may have shipped or moved these lines meanwhile.
    const checked = planFulfilment(fresh, { ...request, locationId: location.id });
    assertLocked(balances, [
      ...lineBalanceKeys(fresh.lines),
      ...checked.lines.map(({ line }) => ({ itemId: line.itemId!, locationId: location.id })),
    ]);
    const source = options.source ?? "ui";
    const batch = new LedgerBatch(shopId, fresh.channel.id, balances, source, options.actor);
    for (const { line, quantity } of checked.lines) batch.ship(line, quantity, location.id);
    for (const line of fresh.lines) {
      batch.reconcileReservation(line, fresh.status as OrderStatus, line.item?.backorderPolicy === "allow");
    }
    const fulfillmentId = options.fulfillmentId ?? randomUUID();
    const command = await recordCommand(tx, {
      channel: fresh.channel,
      kind: "fulfillment.create",
      orderId: fresh.id,
      subjectId: fulfillmentId,
      payload: { fulfillmentId },
    });
    await tx.fulfillment.create({
      data: {
        id: fulfillmentId,
        shopId,
        orderId: fresh.id,
        locationId: location.id,
        status: "success",
        carrier: request.carrier ?? null,
        trackingNumber: request.trackingNumber ?? null,
        trackingUrl: request.trackingUrl ?? null,
        notifyCustomer: request.notifyCustomer,
        channelSyncState: command.state === "pending" ? "pending" : "not_applicable",
        source: "merchant",
        lines: { create: checked.lines.map(({ line, quantity }) => ({ orderLineId: line.id, quantity })) },
      },
    });
    const units = checked.lines.reduce((sum, { quantity }) => sum + quantity, 0);
    const tracking = request.trackingNumber ? `, tracking ${request.trackingNumber}` : "";
    batch.note(fresh.id, "fulfilled", `${units} unit(s) fulfilled from ${location.name}${tracking}`);
    await batch.commit(tx);
    await tx.order.update({ where: { id: fresh.id }, data: { fulfillmentStatus: fulfillmentStatusOf(fresh.lines) } });
    return { fulfillmentId, command };
  }, LEDGER_TX);
}
