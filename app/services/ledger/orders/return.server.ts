import type { ReturnChanged } from "../../../../connectors/events";
import type { Db, Tx } from "../../../db.server";
import { NotYetKnownError, type ApplyContext, type ApplyOutcome, type ChannelRef } from "../apply-types";
import { LEDGER_TX, LedgerConflict, withLedgerRetry } from "../retry.server";
import { loadOrderForEvent, type LoadedOrder } from "./load-order.server";
import { restockLines, type RestockRequest } from "./restock.server";
import {
  groupWanted,
  isEmptyPlan,
  nextReturnStatus,
  planReturnLines,
  RECEIVED_STATUSES,
  type ReturnLinesPlan,
  type WantedReturnLine,
} from "./return-lines";

/**
 * A return's life on the channel. Its lines follow what the channel says now (more lines, dispositions decided as
 * units are processed); units marked restock are put back on the shelf once the return is received, each unit once
 * whatever order and how often the channel's notices arrive: a line's received units are recorded in the same
 * transaction as their restock, and only units beyond them are restocked later.
 */
export async function applyReturn(
  db: Db,
  channel: ChannelRef,
  event: ReturnChanged,
  context: ApplyContext,
): Promise<ApplyOutcome> {
  const order = await loadOrderForEvent(db, channel.id, event.orderExternalId);
  const lineIds = new Map(order.lines.map((line) => [line.externalId, line.id]));
  const wanted: WantedReturnLine[] = event.lines.map((line) => {
    const orderLineId = lineIds.get(line.lineExternalId);
    if (!orderLineId) {
      throw new Error(`Return ${event.returnExternalId} names line ${line.lineExternalId}, unknown on this order`);
    }
    return {
      orderLineId,
      disposition: line.disposition ?? null,
      quantity: line.quantity,
      reason: line.reason,
      condition: line.condition,
    };
  });
  const record = await withLedgerRetry(() =>
    db.$transaction((tx) => upsertReturn(tx, channel, order, event, wanted), LEDGER_TX),
  );
  if (record.statusChanged) {
    await db.timelineEvent.create({
      data: {
        shopId: channel.shopId,
        orderId: order.id,
        kind: "return",
        message: `Return ${event.returnExternalId} ${record.status.replace("_", " ")} on ${channel.name}`,
        source: context.source,
      },
    });
  }
  const changed = record.statusChanged || record.linesChanged;
  if (!RECEIVED_STATUSES.has(record.status)) return { outcome: changed ? "applied" : "ignored" };
  const restocked = await restockReceived(db, channel, event, record.id, context);
  return restocked.outcome === "applied" ? restocked : { outcome: changed ? "applied" : "ignored" };
}

async function upsertReturn(
  tx: Tx,
  channel: ChannelRef,
  order: LoadedOrder,
  event: ReturnChanged,
  wanted: WantedReturnLine[],
) {
  const stored =
    (await tx.return.findUnique({
      where: { orderId_externalId: { orderId: order.id, externalId: event.returnExternalId } },
      select: { id: true, status: true },
    })) ?? (await ourReturn(tx, order, event, wanted));
  if (!stored) {
    const created = await tx.return.create({
      data: {
        shopId: channel.shopId,
        orderId: order.id,
        externalId: event.returnExternalId,
        status: event.status,
        currency: order.currency,
        channelSyncState: "synced",
        lines: { create: planReturnLines([], wanted).create },
      },
      select: { id: true },
    });
    return { id: created.id, status: event.status, statusChanged: true, linesChanged: true };
  }
  const status = nextReturnStatus(stored.status, event.status);
  if (status !== stored.status) await tx.return.update({ where: { id: stored.id }, data: { status } });
  const lines = await tx.returnLine.findMany({
    where: { returnId: stored.id },
    select: {
      id: true,
      orderLineId: true,
      disposition: true,
      quantity: true,
      receivedQty: true,
      reason: true,
      condition: true,
    },
  });
  const plan = planReturnLines(
    lines.map((line) => ({ ...line, disposition: line.disposition as "restock" | "dispose" | null })),
    wanted,
  );
  await writePlan(tx, stored.id, plan);
  return { id: stored.id, status, statusChanged: status !== stored.status, linesChanged: !isEmptyPlan(plan) };
}

async function writePlan(tx: Tx, returnId: string, plan: ReturnLinesPlan) {
  if (plan.delete.length > 0) await tx.returnLine.deleteMany({ where: { id: { in: plan.delete }, receivedQty: 0 } });
  for (const line of plan.update) {
    const { id, ...data } = line;
    await tx.returnLine.update({ where: { id }, data });
  }
  if (plan.create.length > 0)
    await tx.returnLine.createMany({ data: plan.create.map((line) => ({ returnId, ...line })) });
}

/**
 * A return the ledger does not know by the channel's id may be the merchant's own, coming back (ADR 0010):
 * - while the order has a return.create command pending or running, the command may not have stored the channel's
 *   id yet: NotYetKnownError, so the inbox tries again once it has (then the return is found by its id);
 * - after that, a merchant return that never got a channel id (its command was refused or given up, or the channel
 *   was not connected) and asks back exactly the same units is the same return, entered again on the channel or
 *   created by an attempt whose answer was lost: it takes the channel's id instead of being counted twice.
 */
async function ourReturn(tx: Tx, order: LoadedOrder, event: ReturnChanged, wanted: WantedReturnLine[]) {
  const inFlight = await tx.channelCommand.findFirst({
    where: { orderId: order.id, kind: "return.create", state: { in: ["pending", "running"] } },
    select: { id: true },
  });
  if (inFlight) {
    throw new NotYetKnownError(
      `Return ${event.returnExternalId} may be ours: waiting for channel command ${inFlight.id} to finish`,
    );
  }
  const units = new Map<string, number>();
  for (const line of groupWanted(wanted).values()) {
    units.set(line.orderLineId, (units.get(line.orderLineId) ?? 0) + line.quantity);
  }
  const candidates = await tx.return.findMany({
    where: { orderId: order.id, externalId: null, status: { notIn: ["declined", "cancelled"] } },
    select: { id: true, status: true, lines: { select: { orderLineId: true, quantity: true } } },
    orderBy: { createdAt: "asc" },
  });
  const same = candidates.find((candidate) => {
    const mine = new Map<string, number>();
    for (const line of candidate.lines) mine.set(line.orderLineId, (mine.get(line.orderLineId) ?? 0) + line.quantity);
    return mine.size === units.size && [...mine].every(([id, quantity]) => units.get(id) === quantity);
  });
  if (!same) return null;
  await tx.return.update({
    where: { id: same.id },
    data: { externalId: event.returnExternalId, channelSyncState: "synced" },
  });
  return { id: same.id, status: same.status };
}

const RECEIVABLE_SELECT = {
  id: true,
  quantity: true,
  receivedQty: true,
  disposition: true,
  orderLine: { select: { externalId: true } },
} as const;

type Receivable = { id: string; quantity: number; receivedQty: number; disposition: string | null };

/**
 * Restocks the units of restock lines not received yet, and records disposed units as received. Under the balance
 * lock, each restock line's received units move from what this transaction read to its quantity with a conditional
 * update, so two deliveries racing cannot both restock the same units: the loser re-plans and finds nothing left.
 */
async function restockReceived(
  db: Db,
  channel: ChannelRef,
  event: ReturnChanged,
  returnId: string,
  context: ApplyContext,
): Promise<ApplyOutcome> {
  const lines = await db.returnLine.findMany({ where: { returnId }, select: RECEIVABLE_SELECT });
  const pending = lines.filter(isPending);
  if (pending.length === 0) return { outcome: "ignored", detail: "every decided unit was received already" };
  if (!pending.some((line) => line.disposition === "restock")) {
    // Only disposed units are new: they are received, and nothing goes back on the shelf.
    for (const line of pending) {
      await db.returnLine.updateMany({
        where: { id: line.id, receivedQty: { lt: line.quantity } },
        data: { receivedQty: line.quantity },
      });
    }
    return { outcome: "applied", detail: "received units are not restocked" };
  }
  // Every line of the return bounds what may be restocked, so every balance the mark can name is locked.
  const bound = lines.map((line) => ({
    lineExternalId: line.orderLine.externalId,
    quantity: line.quantity,
    locationId: null,
  }));
  return restockLines(
    db,
    channel,
    event.orderExternalId,
    bound,
    { ...context, reason: `Return ${event.returnExternalId}`, timeline: `Return ${event.returnExternalId} received` },
    async (tx) => {
      const requests: RestockRequest[] = [];
      const fresh = await tx.returnLine.findMany({ where: { returnId }, select: RECEIVABLE_SELECT });
      for (const line of fresh.filter(isPending)) {
        const { count } = await tx.returnLine.updateMany({
          where: { id: line.id, receivedQty: line.receivedQty },
          data: { receivedQty: line.quantity },
        });
        if (count === 0) throw new LedgerConflict(`Return line ${line.id} was received concurrently`);
        if (line.disposition === "restock") {
          const quantity = line.quantity - line.receivedQty;
          requests.push({ lineExternalId: line.orderLine.externalId, quantity, locationId: null });
        }
      }
      return requests.length > 0 ? requests : false;
    },
  );
}

const isPending = (line: Receivable) => line.disposition !== null && line.receivedQty < line.quantity;
