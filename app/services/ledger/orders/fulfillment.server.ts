import type { FulfillmentChanged } from "../../../../connectors/events";
import type { Db } from "../../../db.server";
import type { ApplyContext, ApplyOutcome, ChannelRef } from "../apply-types";
import { LEDGER_TX, LedgerConflict, withLedgerRetry } from "../retry.server";
import { ensureStockLevels, lockStockLevels, type BalanceKey } from "../stock-locks.server";
import { LedgerBatch } from "./ledger-batch.server";
import { loadOrderForEvent } from "./load-order.server";
import { locationForExternal } from "./locations.server";
import { fulfillmentStatusOf } from "./order-status";
import type { OrderStatus } from "./line-plan";

/**
 * A fulfilment made on the channel (or echoed back after we pushed ours): ship movements once per
 * fulfilment, whatever else reported the same shipment; a cancelled fulfilment puts the units back.
 */
export async function applyFulfillment(db: Db, channel: ChannelRef, event: FulfillmentChanged, context: ApplyContext) {
  return withLedgerRetry(() => applyOnce(db, channel, event, context));
}

async function applyOnce(
  db: Db,
  channel: ChannelRef,
  event: FulfillmentChanged,
  context: ApplyContext,
): Promise<ApplyOutcome> {
  const shopId = channel.shopId;
  const order = await loadOrderForEvent(db, channel.id, event.orderExternalId);
  const stored = await db.fulfillment.findUnique({
    where: { orderId_externalId: { orderId: order.id, externalId: event.fulfillmentExternalId } },
    select: { id: true, status: true },
  });
  if (stored?.status === event.status) return { outcome: "ignored", detail: "fulfilment already recorded" };
  if (stored?.status === "cancelled") return { outcome: "ignored", detail: "a cancelled fulfilment stays cancelled" };

  const fromLocationId = (await locationForExternal(db, channel.id, event.locationExternalId)) ?? null;
  const linesByExternal = new Map(order.lines.map((line) => [line.externalId, line]));
  for (const line of event.lines) {
    if (!linesByExternal.has(line.lineExternalId)) {
      throw new Error(
        `Fulfilment ${event.fulfillmentExternalId} names line ${line.lineExternalId}, unknown on this order`,
      );
    }
  }
  const keys: BalanceKey[] = order.lines.flatMap((line) =>
    line.itemId && line.locationId
      ? [
          { itemId: line.itemId, locationId: line.locationId },
          ...(fromLocationId ? [{ itemId: line.itemId, locationId: fromLocationId }] : []),
        ]
      : [],
  );
  await ensureStockLevels(db, shopId, keys);

  return db.$transaction(async (tx) => {
    const balances = await lockStockLevels(tx, shopId, keys);
    const fresh = await loadOrderForEvent(tx, channel.id, event.orderExternalId);
    const again = await tx.fulfillment.findUnique({
      where: { orderId_externalId: { orderId: order.id, externalId: event.fulfillmentExternalId } },
      select: { id: true, status: true },
    });
    if ((again?.status ?? null) !== (stored?.status ?? null)) throw new LedgerConflict("fulfilment changed meanwhile");

    const batch = new LedgerBatch(
      shopId,
      channel.id,
      balances,
      context.source,
      context.actor ?? `channel:${channel.id}`,
    );
    const lines = new Map(fresh.lines.map((line) => [line.externalId, line]));
    for (const { lineExternalId, quantity } of event.lines) {
      const line = lines.get(lineExternalId)!;
      if (event.status === "success") batch.ship(line, quantity, fromLocationId);
      else if (again) batch.unship(line, quantity, fromLocationId);
    }
    for (const line of lines.values()) {
      batch.reconcileReservation(line, fresh.status as OrderStatus, line.item?.backorderPolicy === "allow");
    }
    const fields = {
      status: event.status,
      carrier: event.carrier ?? null,
      trackingNumber: event.trackingNumber ?? null,
      trackingUrl: event.trackingUrl ?? null,
      locationId: fromLocationId,
      channelSyncState: "synced",
    };
    if (again) {
      await tx.fulfillment.update({ where: { id: again.id }, data: fields });
    } else {
      await tx.fulfillment.create({
        data: {
          ...fields,
          shopId,
          orderId: order.id,
          externalId: event.fulfillmentExternalId,
          source: context.source,
          lines: {
            create: event.lines.map((line) => ({
              orderLineId: lines.get(line.lineExternalId)!.id,
              quantity: line.quantity,
            })),
          },
        },
      });
    }
    const units = event.lines.reduce((sum, line) => sum + line.quantity, 0);
    batch.note(
      order.id,
      event.status === "success" ? "fulfilled" : "fulfillment_cancelled",
      event.status === "success"
        ? `${units} unit(s) fulfilled on ${channel.name}${event.trackingNumber ? `, tracking ${event.trackingNumber}` : ""}`
        : `Fulfilment of ${units} unit(s) cancelled on ${channel.name}`,
    );
    await batch.commit(tx);
    await tx.order.update({
      where: { id: order.id },
      data: { fulfillmentStatus: fulfillmentStatusOf([...lines.values()]) },
    });
    return { outcome: "applied" } as const;
  }, LEDGER_TX);
}
