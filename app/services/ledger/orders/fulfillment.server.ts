import type { FulfillmentChanged } from "../../../../connectors/events";
import type { Db, Tx } from "../../../db.server";
import { NotYetKnownError, type ApplyContext, type ApplyOutcome, type ChannelRef } from "../apply-types";
import { LEDGER_TX, LedgerConflict, withLedgerRetry } from "../retry.server";
import { ensureStockLevels, lockStockLevels, type BalanceKey } from "../stock-locks.server";
import { LedgerBatch } from "./ledger-batch.server";
import { loadOrderForEvent, type LoadedOrder } from "./load-order.server";
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
    // Before reading the fulfilment again: a create command that finishes has stored the channel's id first.
    const echo = stored ? null : await ourEcho(tx, fresh, event);
    const again = await tx.fulfillment.findUnique({
      where: { orderId_externalId: { orderId: order.id, externalId: event.fulfillmentExternalId } },
      select: { id: true, status: true },
    });
    if ((again?.status ?? null) !== (stored?.status ?? null)) throw new LedgerConflict("fulfilment changed meanwhile");
    if (echo) {
      await tx.fulfillment.update({
        where: { id: echo.id },
        data: { externalId: event.fulfillmentExternalId, channelSyncState: "synced" },
      });
      return {
        outcome: "ignored",
        detail: `the shipment of merchant fulfilment ${echo.id}, already recorded`,
      } as const;
    }

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

/**
 * Our own fulfilment coming back. A merchant fulfilment (ours) reaches the channel through a fulfillment.create
 * command, and the channel announces it (Shopify: fulfillments/create), possibly before the command has stored the
 * channel's id on it. For a successful fulfilment whose id the ledger does not know:
 * - while the order has a create command pending or running, it may be ours: NotYetKnownError, so the inbox tries
 *   again later. By then the command has stored the id (the retry finds it: "already recorded"), or has died.
 * - the channel creates a fulfilment we asked for only when our call succeeded, so after the command died it is
 *   not ours and is applied as the channel's own shipment. With one exception, so units never ship twice: when it
 *   names exactly the lines and units of one of our fulfilments that has no channel id, and the ledger has no room
 *   left for them on those lines, it can only be the same parcel (answers lost until the command gave up, or the
 *   merchant entered it again in the channel's admin). That fulfilment takes the channel's id; nothing moves.
 */
async function ourEcho(tx: Tx, order: LoadedOrder, event: FulfillmentChanged): Promise<{ id: string } | null> {
  if (event.status !== "success") return null;
  const inFlight = await tx.channelCommand.findFirst({
    where: { orderId: order.id, kind: "fulfillment.create", state: { in: ["pending", "running"] } },
    select: { id: true },
  });
  if (inFlight) {
    throw new NotYetKnownError(
      `Fulfilment ${event.fulfillmentExternalId} may be ours: waiting for channel command ${inFlight.id} to finish`,
    );
  }
  const lines = new Map(order.lines.map((line) => [line.externalId, line]));
  const units = new Map<string, number>();
  for (const { lineExternalId, quantity } of event.lines) {
    const id = lines.get(lineExternalId)?.id;
    if (id) units.set(id, (units.get(id) ?? 0) + quantity);
  }
  const noRoom = [...lines.values()].some(
    (line) => (units.get(line.id) ?? 0) > line.quantity - line.removedQty - line.fulfilledQty,
  );
  if (!noRoom) return null;
  const ours = await tx.fulfillment.findMany({
    where: { orderId: order.id, source: "merchant", externalId: null, status: "success" },
    select: { id: true, lines: { select: { orderLineId: true, quantity: true } } },
    orderBy: { createdAt: "asc" },
  });
  return ours.find((candidate) => sameUnits(candidate.lines, units)) ?? null;
}

function sameUnits(lines: { orderLineId: string; quantity: number }[], units: Map<string, number>) {
  const mine = new Map<string, number>();
  for (const line of lines) mine.set(line.orderLineId, (mine.get(line.orderLineId) ?? 0) + line.quantity);
  return mine.size === units.size && [...mine].every(([id, quantity]) => units.get(id) === quantity);
}
