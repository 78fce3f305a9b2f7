import type { Db, Tx } from "../../db.server";
import { findInChunks } from "../chunks";
import { isUniqueViolation } from "../db-errors";
import { providerOf } from "./bulk-insert.server";

export type BalanceKey = { itemId: string; locationId: string };
export type LockedBalance = BalanceKey & { id: string; onHand: number; committed: number };

export const balanceKey = (key: BalanceKey) => `${key.itemId}\u0000${key.locationId}`;

function uniqueSorted(keys: BalanceKey[]): BalanceKey[] {
  const unique = new Map(keys.map((key) => [balanceKey(key), key]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, key]) => key);
}

/**
 * One statement per chunk. SQLite: a no-op UPDATE takes the database write lock as the transaction's first
 * statement. PostgreSQL: SELECT ... FOR UPDATE in id order, so two transactions lock shared rows in the same
 * order and cannot deadlock.
 */
async function lockChunk(tx: Tx, shopId: string, keys: BalanceKey[]): Promise<number> {
  const provider = providerOf(tx);
  const params: unknown[] = [shopId];
  const mark = () => (provider === "sqlite" ? "?" : `$${params.length}`);
  const shopMark = mark();
  const pairs = keys.map((key) => {
    params.push(key.itemId);
    const item = mark();
    params.push(key.locationId);
    return `(${item}, ${mark()})`;
  });
  const match = `"shopId" = ${shopMark} AND ("itemId", "locationId") IN (VALUES ${pairs.join(", ")})`;
  if (provider === "sqlite") {
    return tx.$executeRawUnsafe(`UPDATE "StockLevel" SET "onHand" = "onHand" WHERE ${match}`, ...params);
  }
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT "id" FROM "StockLevel" WHERE ${match} ORDER BY "id" FOR UPDATE`,
    ...params,
  );
  return rows.length;
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
  let locked = 0;
  for (let start = 0; start < wanted.length; start += 2_000) {
    locked += await lockChunk(tx, shopId, wanted.slice(start, start + 2_000));
  }
  if (locked !== wanted.length) {
    throw new Error(`Expected ${wanted.length} balance rows to lock, found ${locked}: call ensureStockLevels first`);
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
