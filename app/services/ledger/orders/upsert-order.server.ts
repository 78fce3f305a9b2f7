import type { OrderSnapshot } from "../../../../connectors/events";
import type { Db, Tx } from "../../../db.server";
import type { ApplyOutcome, ChannelRef, ApplyContext } from "../apply-types";
import { LEDGER_TX, LedgerConflict, withLedgerRetry } from "../retry.server";
import { ensureStockLevels, lockStockLevels, type BalanceKey } from "../stock-locks.server";
import { LedgerBatch, type LineState } from "./ledger-batch.server";
import { assignLocations, channelLocationIds } from "./locations.server";
import { fulfillmentStatusOf } from "./order-status";

const LINE_SELECT = {
  id: true,
  orderId: true,
  externalId: true,
  sku: true,
  itemId: true,
  locationId: true,
  quantity: true,
  reservedQty: true,
  shortQty: true,
  fulfilledQty: true,
  channelFulfilledQty: true,
  removedQty: true,
  restockedQty: true,
  movementSeq: true,
} as const;

async function findOrder(db: Db | Tx, channelId: string, externalId: string) {
  return db.order.findUnique({
    where: { channelId_externalId: { channelId, externalId } },
    select: { id: true, channelUpdatedAt: true, status: true, lines: { select: LINE_SELECT } },
  });
}

/**
 * Consolidates one order snapshot: upsert by (channel, external id), ignore snapshots older than the one
 * stored, match lines to items by SKU, and move reservations to what the order needs now, all in one
 * transaction with the affected balances locked.
 */
export async function upsertOrder(db: Db, channel: ChannelRef, snapshot: OrderSnapshot, context: ApplyContext) {
  return withLedgerRetry(() => upsertOnce(db, channel, snapshot, context));
}

async function upsertOnce(
  db: Db,
  channel: ChannelRef,
  snapshot: OrderSnapshot,
  context: ApplyContext,
): Promise<ApplyOutcome> {
  const shopId = channel.shopId;
  const existing = await findOrder(db, channel.id, snapshot.externalId);
  if (existing && existing.channelUpdatedAt >= snapshot.channelUpdatedAt) {
    return { outcome: "stale", detail: `stored version ${existing.channelUpdatedAt.toISOString()} is not older` };
  }

  // Plan outside the transaction: which item and location each line will use.
  const skus = [...new Set(snapshot.lines.map((line) => line.sku).filter((sku): sku is string => !!sku))];
  const items = await db.inventoryItem.findMany({
    where: { shopId, sku: { in: skus } },
    select: { id: true, sku: true, backorderPolicy: true },
  });
  const itemBySku = new Map(items.map((item) => [item.sku, item]));
  const existingLines = new Map(existing?.lines.map((line) => [line.externalId, line]) ?? []);
  const needLocation = snapshot.lines.flatMap((line) => {
    if (existingLines.get(line.externalId)?.locationId) return [];
    const itemId = line.sku ? itemBySku.get(line.sku)?.id : undefined;
    return itemId ? [itemId] : [];
  });
  const locationIds = needLocation.length > 0 ? await channelLocationIds(db, shopId, channel.id) : [];
  const assigned = await assignLocations(db, shopId, locationIds, [...new Set(needLocation)]);

  const planned = snapshot.lines.map((line) => {
    const stored = existingLines.get(line.externalId);
    const itemId = stored?.itemId ?? (line.sku ? itemBySku.get(line.sku)?.id : undefined) ?? null;
    const locationId = stored?.locationId ?? (itemId ? assigned.get(itemId) : undefined) ?? null;
    return { line, stored, itemId, locationId };
  });
  const dropped = existing?.lines.filter((line) => !snapshot.lines.some((s) => s.externalId === line.externalId)) ?? [];
  const keys: BalanceKey[] = [
    ...planned.flatMap((p) => (p.itemId && p.locationId ? [{ itemId: p.itemId, locationId: p.locationId }] : [])),
    ...dropped.flatMap((line) =>
      line.itemId && line.locationId ? [{ itemId: line.itemId, locationId: line.locationId }] : [],
    ),
  ];
  await ensureStockLevels(db, shopId, keys);

  return db.$transaction(async (tx) => {
    const balances = await lockStockLevels(tx, shopId, keys);
    const current = await findOrder(tx, channel.id, snapshot.externalId);
    if (current && current.channelUpdatedAt >= snapshot.channelUpdatedAt) {
      return { outcome: "stale", detail: "a newer snapshot was applied meanwhile" } as const;
    }
    if (current?.channelUpdatedAt.getTime() !== existing?.channelUpdatedAt.getTime()) {
      throw new LedgerConflict("order changed while planning");
    }

    const units = snapshot.lines.reduce((sum, line) => sum + Math.max(0, line.quantity - line.removedQuantity), 0);
    const orderData = {
      name: snapshot.name,
      channelUpdatedAt: snapshot.channelUpdatedAt,
      status: snapshot.status,
      financialStatus: snapshot.financialStatus ?? null,
      currency: snapshot.currency,
      totalMinor: snapshot.totalMinor,
      units,
      customerName: snapshot.customer?.name ?? null,
      customerEmail: snapshot.customer?.email ?? null,
      shippingAddress: (snapshot.shippingAddress ?? undefined) as never,
      needsMapping: planned.some((p) => !p.itemId),
      placedAt: snapshot.placedAt,
      cancelledAt: snapshot.status === "cancelled" ? (snapshot.cancelledAt ?? snapshot.channelUpdatedAt) : null,
    };
    const order = current
      ? await tx.order.update({ where: { id: current.id }, data: orderData, select: { id: true } })
      : await tx.order.create({
          data: { ...orderData, shopId, channelId: channel.id, externalId: snapshot.externalId },
          select: { id: true },
        });

    const batch = new LedgerBatch(
      shopId,
      channel.id,
      balances,
      context.source,
      context.actor ?? `channel:${channel.id}`,
    );
    const backorder = new Map(items.map((item) => [item.id, item.backorderPolicy === "allow"]));
    const states: LineState[] = [];
    for (const { line, stored, itemId, locationId } of planned) {
      const data = {
        sku: line.sku,
        title: line.title,
        quantity: line.quantity,
        priceMinor: line.priceMinor,
        removedQty: Math.min(line.removedQuantity, line.quantity),
        channelFulfilledQty: line.fulfilledQuantity,
        itemId,
        locationId,
        needsMapping: !itemId,
      };
      const row = stored
        ? await tx.orderLine.update({ where: { id: stored.id }, data, select: LINE_SELECT })
        : await tx.orderLine.create({
            data: { ...data, shopId, orderId: order.id, externalId: line.externalId },
            select: LINE_SELECT,
          });
      states.push(row);
    }
    for (const line of dropped) {
      states.push(
        await tx.orderLine.update({ where: { id: line.id }, data: { removedQty: line.quantity }, select: LINE_SELECT }),
      );
    }
    for (const state of states) {
      batch.reconcileReservation(state, snapshot.status, state.itemId ? (backorder.get(state.itemId) ?? false) : false);
    }
    batch.note(order.id, current ? "updated" : "placed", describe(snapshot, channel, current?.status));
    await batch.commit(tx);
    await tx.order.update({ where: { id: order.id }, data: { fulfillmentStatus: fulfillmentStatusOf(states) } });
    return { outcome: "applied", detail: current ? "updated" : "created" } as const;
  }, LEDGER_TX);
}

function describe(snapshot: OrderSnapshot, channel: ChannelRef, previousStatus: string | undefined) {
  if (!previousStatus) return `Order ${snapshot.name} placed on ${channel.name}`;
  if (previousStatus !== snapshot.status) return `Order ${snapshot.status} on ${channel.name}`;
  return `Order updated on ${channel.name}`;
}
