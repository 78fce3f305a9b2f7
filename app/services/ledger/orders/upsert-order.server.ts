import { randomUUID } from "node:crypto";
import type { OrderSnapshot } from "../../../../connectors/events";
import type { Db, Tx } from "../../../db.server";
import type { ApplyContext, ApplyOutcome, ChannelRef } from "../apply-types";
import { findInChunks } from "../../chunks";
import { bulkInsert } from "../bulk-insert.server";
import { LEDGER_TX, LedgerConflict, withLedgerRetry } from "../retry.server";
import { ensureStockLevels, lockStockLevels, type BalanceKey } from "../stock-locks.server";
import { LedgerBatch, type LineState } from "./ledger-batch.server";
import { LINE_STATE_SELECT } from "./load-order.server";
import { assignLocations, channelLocationIds } from "./locations.server";
import { fulfillmentStatusOf } from "./order-status";
import { remapLines } from "./remap.server";

const LINE_SELECT = { ...LINE_STATE_SELECT, sku: true } as const;

async function findOrders(db: Db | Tx, channelId: string, externalIds: string[]) {
  const rows = await db.order.findMany({
    where: { channelId, externalId: { in: externalIds } },
    select: { id: true, externalId: true, channelUpdatedAt: true, status: true, lines: { select: LINE_SELECT } },
  });
  return new Map(rows.map((row) => [row.externalId, row]));
}

type StoredOrder = NonNullable<Awaited<ReturnType<typeof findOrders>> extends Map<string, infer V> ? V : never>;

/** Consolidates one order snapshot; see upsertOrders. */
export async function upsertOrder(db: Db, channel: ChannelRef, snapshot: OrderSnapshot, context: ApplyContext) {
  const [outcome] = await upsertOrders(db, channel, [snapshot], context);
  return outcome!;
}

/**
 * Consolidates order snapshots of one channel: upsert by (channel, external id), ignore snapshots older
 * than the one stored, match lines to items by SKU, and move reservations to what each order needs now.
 * One transaction for the whole batch, with every affected balance locked, so a burst of webhooks costs
 * a handful of statements instead of a few dozen per order. Outcomes come back in input order.
 */
export async function upsertOrders(
  db: Db,
  channel: ChannelRef,
  snapshots: OrderSnapshot[],
  context: ApplyContext,
): Promise<ApplyOutcome[]> {
  // Within a batch only the newest snapshot of each order matters; the others are already stale.
  const newest = new Map<string, OrderSnapshot>();
  for (const snapshot of snapshots) {
    const seen = newest.get(snapshot.externalId);
    if (!seen || seen.channelUpdatedAt < snapshot.channelUpdatedAt) newest.set(snapshot.externalId, snapshot);
  }
  const { results, unmapped } = await withLedgerRetry(() => upsertOnce(db, channel, [...newest.values()], context));
  await mapItemsCreatedMeanwhile(db, channel.shopId, unmapped, context);
  return snapshots.map((snapshot) =>
    newest.get(snapshot.externalId) === snapshot
      ? results.get(snapshot.externalId)!
      : { outcome: "stale", detail: "a newer snapshot arrived in the same batch" },
  );
}

/**
 * Lines stored without an item because no item had their SKU when the batch was planned. The product webhook that
 * creates the item maps the lines waiting for it (remapLines), but when it runs between this batch's planning and its
 * commit it finds none of them yet, and the lines would wait for good. So they are looked at again after the commit:
 * either this look finds the item, or the item was created after it, and the product's own remap finds the lines.
 */
async function mapItemsCreatedMeanwhile(db: Db, shopId: string, skus: Set<string>, context: ApplyContext) {
  if (skus.size === 0) return;
  const items = await db.inventoryItem.findMany({ where: { shopId, sku: { in: [...skus] } }, select: { sku: true } });
  const created = items.map((item) => item.sku);
  if (created.length > 0) await remapLines(db, shopId, created, context);
}

async function upsertOnce(db: Db, channel: ChannelRef, snapshots: OrderSnapshot[], context: ApplyContext) {
  const shopId = channel.shopId;
  const results = new Map<string, ApplyOutcome>();
  /** SKUs of lines stored without an item. */
  const unmapped = new Set<string>();
  const existing = await findOrders(
    db,
    channel.id,
    snapshots.map((s) => s.externalId),
  );
  const newer = snapshots.filter((snapshot) => {
    const stored = existing.get(snapshot.externalId);
    if (stored && stored.channelUpdatedAt >= snapshot.channelUpdatedAt) {
      results.set(snapshot.externalId, {
        outcome: "stale",
        detail: `stored version ${stored.channelUpdatedAt.toISOString()} is not older`,
      });
      return false;
    }
    return true;
  });
  if (newer.length === 0) return { results, unmapped };
  const fresh = await keepMerchantCancellations(db, existing, newer);

  // Plan outside the transaction: which item and location each line will use.
  const skus = [
    ...new Set(fresh.flatMap((s) => s.lines.map((line) => line.sku)).filter((sku): sku is string => !!sku)),
  ];
  const items = await findInChunks(skus, (chunk) =>
    db.inventoryItem.findMany({
      where: { shopId, sku: { in: chunk } },
      select: { id: true, sku: true, backorderPolicy: true },
    }),
  );
  const itemBySku = new Map(items.map((item) => [item.sku, item]));
  const needLocation = new Set<string>();
  for (const snapshot of fresh) {
    const stored = new Map(existing.get(snapshot.externalId)?.lines.map((line) => [line.externalId, line]) ?? []);
    for (const line of snapshot.lines) {
      const itemId = line.sku ? itemBySku.get(line.sku)?.id : undefined;
      if (itemId && !stored.get(line.externalId)?.locationId) needLocation.add(itemId);
    }
  }
  const locationIds = needLocation.size > 0 ? await channelLocationIds(db, shopId, channel.id) : [];
  const assigned = await assignLocations(db, shopId, locationIds, [...needLocation]);

  const plans = fresh.map((snapshot) => {
    const stored = existing.get(snapshot.externalId);
    const storedLines = new Map(stored?.lines.map((line) => [line.externalId, line]) ?? []);
    const lines = snapshot.lines.map((line) => {
      const storedLine = storedLines.get(line.externalId);
      const itemId = storedLine?.itemId ?? (line.sku ? itemBySku.get(line.sku)?.id : undefined) ?? null;
      const locationId = storedLine?.locationId ?? (itemId ? assigned.get(itemId) : undefined) ?? null;
      return { line, storedLine, itemId, locationId };
    });
    const dropped = stored?.lines.filter((line) => !snapshot.lines.some((s) => s.externalId === line.externalId)) ?? [];
    return { snapshot, stored, lines, dropped };
  });
  const keys: BalanceKey[] = plans.flatMap((plan) => [
    ...plan.lines.flatMap((p) => (p.itemId && p.locationId ? [{ itemId: p.itemId, locationId: p.locationId }] : [])),
    ...plan.dropped.flatMap((l) => (l.itemId && l.locationId ? [{ itemId: l.itemId, locationId: l.locationId }] : [])),
  ]);
  await ensureStockLevels(db, shopId, keys);

  return db.$transaction(async (tx) => {
    const balances = await lockStockLevels(tx, shopId, keys);
    const current = await findOrders(
      tx,
      channel.id,
      fresh.map((s) => s.externalId),
    );
    for (const plan of plans) {
      const now = current.get(plan.snapshot.externalId)?.channelUpdatedAt.getTime();
      if (now !== plan.stored?.channelUpdatedAt.getTime()) throw new LedgerConflict("an order changed while planning");
    }
    const backorder = new Map(items.map((item) => [item.id, item.backorderPolicy === "allow"]));
    const batch = new LedgerBatch(
      shopId,
      channel.id,
      balances,
      context.source,
      context.actor ?? `channel:${channel.id}`,
    );
    const newOrders = [];
    const newLines = [];
    const newLineIds = new Set<string>();
    for (const plan of plans) {
      const { snapshot, stored } = plan;
      const orderId = stored?.id ?? randomUUID();
      const states: LineState[] = [];
      for (const { line, storedLine, itemId, locationId } of plan.lines) {
        if (!itemId && line.sku) unmapped.add(line.sku);
        const fields = {
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
        if (storedLine) {
          states.push(await tx.orderLine.update({ where: { id: storedLine.id }, data: fields, select: LINE_SELECT }));
        } else {
          const state = {
            ...fields,
            id: randomUUID(),
            orderId,
            externalId: line.externalId,
            reservedQty: 0,
            shortQty: 0,
            fulfilledQty: 0,
            restockedQty: 0,
            movementSeq: 0,
          };
          newLineIds.add(state.id);
          newLines.push(state);
          states.push(state);
        }
      }
      for (const line of plan.dropped) {
        states.push(
          await tx.orderLine.update({
            where: { id: line.id },
            data: { removedQty: line.quantity },
            select: LINE_SELECT,
          }),
        );
      }
      for (const state of states) {
        batch.reconcileReservation(
          state,
          snapshot.status,
          state.itemId ? (backorder.get(state.itemId) ?? false) : false,
        );
      }
      const orderFields = orderData(
        snapshot,
        plan.lines.some((p) => !p.itemId),
        fulfillmentStatusOf(states),
      );
      if (stored) {
        const { shippingAddress, ...rest } = orderFields;
        await tx.order.update({
          where: { id: stored.id },
          data: { ...rest, shippingAddress: (shippingAddress ?? undefined) as never },
        });
      } else
        newOrders.push({ ...orderFields, id: orderId, shopId, channelId: channel.id, externalId: snapshot.externalId });
      batch.note(orderId, stored ? "updated" : "placed", describe(snapshot, channel, stored));
      results.set(snapshot.externalId, { outcome: "applied", detail: stored ? "updated" : "created" });
    }
    const now = new Date();
    await bulkInsert(
      tx,
      "Order",
      newOrders.map((order) => ({ ...order, createdAt: now, updatedAt: now })),
      { json: ["shippingAddress"] },
    );
    await bulkInsert(
      tx,
      "OrderLine",
      newLines.map(({ id, orderId, externalId, ...rest }) => ({ id, orderId, externalId, shopId, ...rest })),
    );
    await batch.commit(tx, newLineIds);
    return { results, unmapped };
  }, LEDGER_TX);
}

function orderData(snapshot: OrderSnapshot, needsMapping: boolean, fulfillmentStatus: string) {
  return {
    name: snapshot.name,
    channelUpdatedAt: snapshot.channelUpdatedAt,
    status: snapshot.status,
    financialStatus: snapshot.financialStatus ?? null,
    fulfillmentStatus,
    currency: snapshot.currency,
    totalMinor: snapshot.totalMinor,
    units: snapshot.lines.reduce((sum, line) => sum + Math.max(0, line.quantity - line.removedQuantity), 0),
    customerName: snapshot.customer?.name ?? null,
    customerEmail: snapshot.customer?.email ?? null,
    shippingAddress: snapshot.shippingAddress ?? null,
    needsMapping,
    placedAt: snapshot.placedAt,
    cancelledAt: snapshot.status === "cancelled" ? (snapshot.cancelledAt ?? snapshot.channelUpdatedAt) : null,
  };
}

function describe(snapshot: OrderSnapshot, channel: ChannelRef, stored: StoredOrder | undefined) {
  if (!stored) return `Order ${snapshot.name} placed on ${channel.name}`;
  if (stored.status !== snapshot.status) return `Order ${snapshot.status} on ${channel.name}`;
  return `Order updated on ${channel.name}`;
}

/**
 * A merchant's cancellation waiting to reach the channel: a snapshot the channel sent before it applied our cancel
 * (newer than what we stored, still open) must not reopen the order and reserve its units again. Once the command
 * is done the channel's snapshots say cancelled themselves; if the channel refused it, they are the truth again.
 */
async function keepMerchantCancellations(
  db: Db,
  existing: Awaited<ReturnType<typeof findOrders>>,
  snapshots: OrderSnapshot[],
): Promise<OrderSnapshot[]> {
  const reopening = snapshots.flatMap((snapshot) => {
    const stored = existing.get(snapshot.externalId);
    return stored?.status === "cancelled" && snapshot.status !== "cancelled" ? [stored.id] : [];
  });
  if (reopening.length === 0) return snapshots;
  const waiting = await db.channelCommand.findMany({
    where: { orderId: { in: reopening }, kind: "order.cancel", state: { in: ["pending", "running"] } },
    select: { orderId: true },
  });
  const held = new Set(waiting.map((command) => command.orderId));
  return snapshots.map((snapshot) => {
    const stored = existing.get(snapshot.externalId);
    return stored && held.has(stored.id) ? { ...snapshot, status: "cancelled" as const } : snapshot;
  });
}
