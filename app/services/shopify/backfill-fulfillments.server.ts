import type { FulfillmentChanged } from "../../../connectors/events";
import type { Db } from "../../db.server";
import { applyChannelEvent } from "../ledger/apply-channel-event.server";
import type { ApplyContext, ChannelRef } from "../ledger/apply-types";
import type { MovementInput } from "../ledger/movement-kinds";
import { locationForExternal } from "../ledger/orders/locations.server";
import { recordMovements } from "../ledger/record-movements.server";

// A fulfillment the backfill imports has usually shipped before Shopify's on_hand was counted into the ledger, so
// its ship movement would take those units off a second time, and until the closing count put them back, later
// orders of the same items would look short. Each ship is therefore preceded by a count of the same units at the
// same place, keyed by run and fulfillment line: on hand stays at Shopify's figure throughout. A fulfillment the
// ledger already holds (from a webhook, or a resumed page) shipped against the ledger's own count: nothing to add.

export async function applyBackfilledFulfillment(
  db: Db,
  channel: ChannelRef & { settings?: unknown },
  runId: string,
  event: FulfillmentChanged,
  context: ApplyContext,
) {
  if (event.status === "success") {
    const order = await db.order.findUnique({
      where: { channelId_externalId: { channelId: channel.id, externalId: event.orderExternalId } },
      select: {
        id: true,
        fulfillments: { where: { externalId: event.fulfillmentExternalId }, select: { id: true } },
        lines: { select: { id: true, externalId: true, itemId: true, locationId: true } },
      },
    });
    if (order && order.fulfillments.length === 0) {
      const from = await locationForExternal(db, channel.id, event.locationExternalId);
      const lines = new Map(order.lines.map((line) => [line.externalId, line]));
      const movements: MovementInput[] = event.lines.flatMap(({ lineExternalId, quantity }) => {
        const line = lines.get(lineExternalId);
        const locationId = from ?? line?.locationId;
        if (!line?.itemId || !locationId || quantity === 0) return [];
        return [
          {
            itemId: line.itemId,
            locationId,
            kind: "count" as const,
            onHandDelta: quantity,
            committedDelta: 0,
            reason: "Shipped before the import: Shopify's on hand already excludes it",
            source: context.source,
            actor: context.actor,
            idempotencyKey: `backfill:${runId}:shipped:${event.fulfillmentExternalId}:${line.id}`,
          },
        ];
      });
      if (movements.length > 0) await recordMovements(db, channel.shopId, movements);
    }
  }
  return applyChannelEvent(db, channel, event, context);
}
