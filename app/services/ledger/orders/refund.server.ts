import type { RefundCreated } from "../../../../connectors/events";
import type { Db } from "../../../db.server";
import type { ApplyContext, ChannelRef } from "../apply-types";
import { locationForExternal } from "./locations.server";
import { restockLines } from "./restock.server";

/**
 * A refund with restocked lines puts those units back; the refund is recorded on the timeline once
 * (keyed by its external id), so a redelivered refunds/create changes nothing. Units that came back through a
 * return arrive here with restock false: the return restocks them (ADR 0009).
 */
export async function applyRefund(db: Db, channel: ChannelRef, event: RefundCreated, context: ApplyContext) {
  const requests = [];
  for (const line of event.lines.filter((candidate) => candidate.restock && candidate.quantity > 0)) {
    requests.push({
      lineExternalId: line.lineExternalId,
      quantity: line.quantity,
      locationId: await locationForExternal(db, channel.id, line.locationExternalId),
    });
  }
  const money = `${(event.amountMinor / 100).toFixed(2)} ${event.currency}`;
  return restockLines(
    db,
    channel,
    event.orderExternalId,
    requests,
    {
      ...context,
      reason: `Refund ${event.refundExternalId}`,
      timeline: `Refund ${event.refundExternalId} of ${money} on ${channel.name}`,
    },
    async (tx, orderId) => {
      const seen = await tx.refund.findUnique({
        where: { orderId_externalId: { orderId, externalId: event.refundExternalId } },
        select: { id: true },
      });
      if (seen) return false;
      await tx.refund.create({
        data: {
          shopId: channel.shopId,
          orderId,
          externalId: event.refundExternalId,
          amountMinor: event.amountMinor,
          currency: event.currency,
          createdAt: event.createdAt,
        },
      });
      return true;
    },
  );
}
