import type { Db, Tx } from "../../db.server";
import { findInChunks } from "../chunks";

export type BalanceKey = { itemId: string; locationId: string };
export type LockedBalance = BalanceKey & { id: string; onHand: number; committed: number };

export const balanceKey = (key: BalanceKey) => `${key.itemId}\u0000${key.locationId}`;

function uniqueSorted(keys: BalanceKey[]): BalanceKey[] {
  const unique = new Map(keys.map((key) => [balanceKey(key), key]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, key]) => key);
}

function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/**
 * Makes sure a balance row exists for every key, outside any transaction: a concurrent insert of the
 * same row then fails harmlessly here instead of aborting the caller's transaction.
 */
export async function ensureStockLevels(db: Db, shopId: string, keys: BalanceKey[]): Promise<void> {
  const wanted = uniqueSorted(keys);
  if (wanted.length === 0) return;
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await findInChunks(
      wanted,
      (chunk) =>
        db.stockLevel.findMany({
          where: { shopId, OR: chunk.map((key) => ({ itemId: key.itemId, locationId: key.locationId })) },
          select: { itemId: true, locationId: true },
        }),
      150,
    );
    const have = new Set(existing.map(balanceKey));
    const missing = wanted.filter((key) => !have.has(balanceKey(key)));
    if (missing.length === 0) return;
    try {
      await db.stockLevel.createMany({ data: missing.map((key) => ({ shopId, ...key, onHand: 0, committed: 0 })) });
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

/**
 * Locks the balance rows in one fixed order (so two transactions cannot deadlock) and reads them after
 * the lock, so the values cannot change before the transaction commits. The lock is a no-op UPDATE: a
 * row lock on PostgreSQL, the database write lock on SQLite (taken first, so a SQLite transaction never
 * has to upgrade a read lock). Call ensureStockLevels first.
 */
export async function lockStockLevels(tx: Tx, shopId: string, keys: BalanceKey[]): Promise<Map<string, LockedBalance>> {
  const wanted = uniqueSorted(keys);
  for (const key of wanted) {
    const { count } = await tx.stockLevel.updateMany({
      where: { shopId, itemId: key.itemId, locationId: key.locationId },
      data: { onHand: { increment: 0 } },
    });
    if (count !== 1) throw new Error(`No balance row for item ${key.itemId} at location ${key.locationId}`);
  }
  const rows = await findInChunks(
    wanted,
    (chunk) =>
      tx.stockLevel.findMany({
        where: { shopId, OR: chunk.map((key) => ({ itemId: key.itemId, locationId: key.locationId })) },
        select: { id: true, itemId: true, locationId: true, onHand: true, committed: true },
      }),
    150,
  );
  return new Map(rows.map((row) => [balanceKey(row), row]));
}
