import { ChannelEventSchema, type ChannelEvent } from "../../../connectors/events";
import type { Db } from "../../db.server";
import { applyPrivacyEvent } from "../privacy.server";
import type { ApplyContext, ApplyOutcome, ChannelRef } from "./apply-types";
import { applyListings } from "./catalog.server";
import { applyInventoryLevel } from "./inventory-level.server";
import { applyFulfillment } from "./orders/fulfillment.server";
import { applyRefund } from "./orders/refund.server";
import { applyReturnNotice } from "./orders/return-notice.server";
import { applyReturn } from "./orders/return.server";
import { applyScopesUpdate } from "../channels/scopes.server";
import { upsertOrder } from "./orders/upsert-order.server";

export type { ApplyContext, ApplyOutcome, ChannelRef } from "./apply-types";
export { NotYetKnownError } from "./apply-types";

/**
 * The ledger's one entry point for what channels report. Every event is applied so that delivering it
 * again, or late, changes nothing (design invariant 1).
 */
export async function applyChannelEvent(
  db: Db,
  channel: ChannelRef & { settings?: unknown },
  event: ChannelEvent,
  context: ApplyContext,
): Promise<ApplyOutcome> {
  const valid = ChannelEventSchema.parse(event);
  switch (valid.type) {
    case "order.upserted":
      return upsertOrder(db, channel, valid.order, context);
    case "order.cancelled":
      return cancelOrder(db, channel, valid, context);
    case "fulfillment.changed":
      return applyFulfillment(db, channel, valid, context);
    case "refund.created":
      return applyRefund(db, channel, valid, context);
    case "return.changed":
      return applyReturn(db, channel, valid, context);
    case "return.noticed":
      return applyReturnNotice(db, channel, valid, context);
    case "channel.scopes_updated":
      return applyScopesUpdate(db, channel, valid);
    case "inventory_level.changed":
      return applyInventoryLevel(db, channel, valid, context);
    case "listing.changed":
      return applyListings(db, channel, valid, context);
    case "channel.uninstalled":
      await db.channel.update({ where: { id: channel.id }, data: { status: "disconnected" } });
      // The Shopify store is the shop's home: its uninstall marks the shop; a reinstall clears it and backfills.
      if (channel.kind === "shopify")
        await db.shop.update({ where: { id: channel.shopId }, data: { uninstalledAt: new Date() } });
      return { outcome: "applied", detail: "channel disconnected; its data stays until the shop is redacted" };
    case "privacy.customer_data_request":
    case "privacy.customer_redact":
    case "privacy.shop_redact":
      return applyPrivacyEvent(db, channel, valid);
  }
}

/** A cancellation without a full snapshot: the stored snapshot, cancelled, at the event's version. */
async function cancelOrder(
  db: Db,
  channel: ChannelRef,
  event: Extract<ChannelEvent, { type: "order.cancelled" }>,
  context: ApplyContext,
): Promise<ApplyOutcome> {
  const order = await db.order.findUnique({
    where: { channelId_externalId: { channelId: channel.id, externalId: event.orderExternalId } },
    include: { lines: true },
  });
  if (!order)
    return { outcome: "ignored", detail: "cancelled before it was imported; the order snapshot will carry it" };
  return upsertOrder(
    db,
    channel,
    {
      externalId: order.externalId,
      name: order.name,
      channelUpdatedAt: event.channelUpdatedAt,
      placedAt: order.placedAt,
      status: "cancelled",
      financialStatus: order.financialStatus ?? undefined,
      currency: order.currency,
      totalMinor: order.totalMinor,
      customer: { name: order.customerName ?? undefined, email: order.customerEmail ?? undefined },
      cancelledAt: event.cancelledAt,
      lines: order.lines.map((line) => ({
        externalId: line.externalId,
        sku: line.sku,
        title: line.title,
        quantity: line.quantity,
        priceMinor: line.priceMinor,
        fulfilledQuantity: line.channelFulfilledQty,
        removedQuantity: line.removedQty,
      })),
    },
    context,
  );
}
