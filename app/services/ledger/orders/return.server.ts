import type { ReturnChanged } from "../../../../connectors/events";
import type { Db } from "../../../db.server";
import type { ApplyContext, ApplyOutcome, ChannelRef } from "../apply-types";
import { withLedgerRetry } from "../retry.server";
import { loadOrderForEvent } from "./load-order.server";
import { restockLines } from "./restock.server";

const RECEIVED = new Set(["received", "refunded", "closed"]);

/**
 * A return's life on the channel. Its lines are restocked once, when the return is received and the
 * line's disposition is restock; every other status change is recorded on the return and the timeline.
 */
export async function applyReturn(
  db: Db,
  channel: ChannelRef,
  event: ReturnChanged,
  context: ApplyContext,
): Promise<ApplyOutcome> {
  const order = await loadOrderForEvent(db, channel.id, event.orderExternalId);
  const lineIds = new Map(order.lines.map((line) => [line.externalId, line.id]));
  for (const line of event.lines) {
    if (!lineIds.has(line.lineExternalId)) {
      throw new Error(`Return ${event.returnExternalId} names line ${line.lineExternalId}, unknown on this order`);
    }
  }
  const record = await withLedgerRetry(async () => {
    const existing = await db.return.findUnique({
      where: { orderId_externalId: { orderId: order.id, externalId: event.returnExternalId } },
      select: { id: true, status: true, updatedAt: true },
    });
    if (existing && existing.status === event.status) return { id: existing.id, changed: false };
    if (existing) {
      await db.return.update({ where: { id: existing.id }, data: { status: event.status } });
      return { id: existing.id, changed: true };
    }
    const created = await db.return.create({
      data: {
        shopId: channel.shopId,
        orderId: order.id,
        externalId: event.returnExternalId,
        status: event.status,
        currency: order.currency,
        channelSyncState: "synced",
        lines: {
          create: event.lines.map((line) => ({
            orderLineId: lineIds.get(line.lineExternalId)!,
            quantity: line.quantity,
            reason: line.reason ?? null,
            condition: line.condition ?? null,
            disposition: line.disposition ?? null,
          })),
        },
      },
      select: { id: true },
    });
    return { id: created.id, changed: true };
  });
  if (record.changed) {
    await db.timelineEvent.create({
      data: {
        shopId: channel.shopId,
        orderId: order.id,
        kind: "return",
        message: `Return ${event.returnExternalId} ${event.status.replace("_", " ")} on ${channel.name}`,
        source: context.source,
      },
    });
  }
  if (!RECEIVED.has(event.status)) return { outcome: record.changed ? "applied" : "ignored" };

  const restock = event.lines.filter((line) => line.disposition === "restock" && line.quantity > 0);
  const result = await restockLines(
    db,
    channel,
    event.orderExternalId,
    restock.map((line) => ({ lineExternalId: line.lineExternalId, quantity: line.quantity, locationId: null })),
    { ...context, reason: `Return ${event.returnExternalId}`, timeline: `Return ${event.returnExternalId} received` },
    async (tx) => {
      // Receiving is the one-time step: only the transaction that flips receivedQty restocks.
      const { count } = await tx.returnLine.updateMany({
        where: { returnId: record.id, receivedQty: 0 },
        data: { receivedQty: { increment: 0 } },
      });
      if (count === 0) return false;
      const lines = await tx.returnLine.findMany({
        where: { returnId: record.id },
        select: { id: true, quantity: true },
      });
      for (const line of lines)
        await tx.returnLine.update({ where: { id: line.id }, data: { receivedQty: line.quantity } });
      return true;
    },
  );
  return result.outcome === "applied" ? result : { outcome: record.changed ? "applied" : "ignored" };
}
