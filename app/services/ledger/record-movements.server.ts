import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../../db.server";
import { markListingsPending } from "../sync/stock-changes.server";
import { findInChunks } from "../chunks";
import { bulkIncrementBalances, bulkInsert } from "./bulk-insert.server";
import { MovementSchema, type MovementInput } from "./movement-kinds";

export type RecordResult = { applied: MovementInput[]; skipped: MovementInput[] };

/**
 * Appends movements to the ledger and moves the balances in the same transaction. A movement whose
 * idempotency key the shop has already used is skipped, so replaying the same intent changes nothing.
 */
export async function recordMovements(db: Db, shopId: string, movements: MovementInput[]): Promise<RecordResult> {
  const parsed = movements.map((movement) => MovementSchema.parse(movement));
  return db.$transaction((tx) => recordMovementsInTx(tx, shopId, parsed));
}

export async function recordMovementsInTx(tx: Tx, shopId: string, movements: MovementInput[]): Promise<RecordResult> {
  const keys = movements.map((movement) => movement.idempotencyKey);
  const existing = await findInChunks(keys, (chunk) =>
    tx.stockMovement.findMany({ where: { shopId, idempotencyKey: { in: chunk } }, select: { idempotencyKey: true } }),
  );
  const seen = new Set(existing.map((row) => row.idempotencyKey));
  const applied: MovementInput[] = [];
  const skipped: MovementInput[] = [];
  for (const movement of movements) {
    if (seen.has(movement.idempotencyKey)) {
      skipped.push(movement);
      continue;
    }
    seen.add(movement.idempotencyKey);
    applied.push(movement);
  }
  if (applied.length === 0) return { applied, skipped };

  const createdAt = new Date();
  await bulkInsert(
    tx,
    "StockMovement",
    applied.map((movement) => ({
      id: randomUUID(),
      shopId,
      itemId: movement.itemId,
      locationId: movement.locationId,
      kind: movement.kind,
      onHandDelta: movement.onHandDelta,
      committedDelta: movement.committedDelta,
      reason: movement.reason ?? null,
      source: movement.source,
      actor: movement.actor ?? null,
      idempotencyKey: movement.idempotencyKey,
      orderId: movement.orderId ?? null,
      orderLineId: movement.orderLineId ?? null,
      createdAt,
    })),
  );
  // Balances move by increments, never by read-modify-write, so concurrent writers cannot lose an update.
  await bulkIncrementBalances(
    tx,
    shopId,
    [...sumByBalance(applied)].map(([key, delta]) => {
      const [itemId, locationId] = key.split("\u0000") as [string, string];
      return { id: randomUUID(), itemId, locationId, onHand: delta.onHand, committed: delta.committed };
    }),
  );
  await markListingsPending(
    tx,
    shopId,
    applied.map((movement) => movement.itemId),
  );
  return { applied, skipped };
}

function sumByBalance(movements: MovementInput[]) {
  const sums = new Map<string, { onHand: number; committed: number }>();
  // Sorted keys: every transaction touches balance rows in the same order, so they cannot deadlock.
  for (const movement of [...movements].sort((a, b) =>
    `${a.itemId}${a.locationId}`.localeCompare(`${b.itemId}${b.locationId}`),
  )) {
    const key = `${movement.itemId}\u0000${movement.locationId}`;
    const sum = sums.get(key) ?? { onHand: 0, committed: 0 };
    sum.onHand += movement.onHandDelta;
    sum.committed += movement.committedDelta;
    sums.set(key, sum);
  }
  return sums;
}
