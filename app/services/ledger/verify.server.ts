import type { Db } from "../../db.server";

export type Balance = { onHand: number; committed: number };

export type LedgerMismatch = {
  shopId: string;
  itemId: string;
  /** null only if the item row is gone, which the foreign keys should prevent. */
  sku: string | null;
  locationId: string;
  /** null when the movements name a location that no longer exists. */
  locationName: string | null;
  /** What the movements add up to. */
  expected: Balance;
  /** What the StockLevel row says (0/0 when there is none). */
  actual: Balance;
};

export type LedgerVerification = { checked: number; mismatches: LedgerMismatch[] };

type BalanceKey = { shopId: string; itemId: string; locationId: string };

const keyOf = (row: BalanceKey) => `${row.shopId}\u0000${row.itemId}\u0000${row.locationId}`;

/**
 * Rebuilds every balance from the append-only movements and compares it with the stored StockLevel.
 * The database does the summing, so memory grows with the number of balances, not movements.
 */
export async function verifyLedger(db: Db, options: { shopId?: string } = {}): Promise<LedgerVerification> {
  const where = options.shopId === undefined ? {} : { shopId: options.shopId };
  const sumsQuery = db.stockMovement.groupBy({
    by: ["shopId", "itemId", "locationId"],
    where,
    _sum: { onHandDelta: true, committedDelta: true },
  });
  const levelsQuery = db.stockLevel.findMany({
    where,
    select: { shopId: true, itemId: true, locationId: true, onHand: true, committed: true },
  });
  // One transaction, so both reads see the same snapshot: a movement recorded between them on a
  // live system would otherwise show up as a false mismatch. Serializable is the one level both
  // SQLite and PostgreSQL accept; the transaction only reads, so it cannot fail on conflicts with
  // the app's (read committed) writers.
  // Prisma queries are lazy: neither runs until the transaction sends them together.
  const [sums, levels] = await db.$transaction([sumsQuery, levelsQuery], { isolationLevel: "Serializable" });

  const expected = new Map<string, BalanceKey & { balance: Balance }>();
  for (const sum of sums) {
    expected.set(keyOf(sum), {
      shopId: sum.shopId,
      itemId: sum.itemId,
      locationId: sum.locationId,
      balance: { onHand: Number(sum._sum.onHandDelta ?? 0), committed: Number(sum._sum.committedDelta ?? 0) },
    });
  }

  const found: Array<BalanceKey & { expected: Balance; actual: Balance }> = [];
  const compare = (key: BalanceKey, want: Balance, have: Balance) => {
    if (want.onHand !== have.onHand || want.committed !== have.committed) {
      found.push({ ...key, expected: want, actual: have });
    }
  };
  let checked = 0;
  for (const level of levels) {
    const key = keyOf(level);
    const want = expected.get(key)?.balance ?? { onHand: 0, committed: 0 };
    expected.delete(key);
    checked += 1;
    compare(level, want, { onHand: level.onHand, committed: level.committed });
  }
  // Movements whose balance row is missing altogether.
  for (const group of expected.values()) {
    checked += 1;
    compare(group, group.balance, { onHand: 0, committed: 0 });
  }

  return { checked, mismatches: await withNames(db, found) };
}

// Keeps each IN list well below SQLite's bound-parameter limit when a ledger is badly broken.
const LOOKUP_BATCH = 500;

function batches<T>(values: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += LOOKUP_BATCH) {
    result.push(values.slice(start, start + LOOKUP_BATCH));
  }
  return result;
}

async function withNames(
  db: Db,
  found: Array<BalanceKey & { expected: Balance; actual: Balance }>,
): Promise<LedgerMismatch[]> {
  const skus = new Map<string, string>();
  for (const ids of batches([...new Set(found.map((row) => row.itemId))])) {
    const items = await db.inventoryItem.findMany({ where: { id: { in: ids } }, select: { id: true, sku: true } });
    for (const item of items) skus.set(item.id, item.sku);
  }
  const names = new Map<string, string>();
  for (const ids of batches([...new Set(found.map((row) => row.locationId))])) {
    const locations = await db.location.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    for (const location of locations) names.set(location.id, location.name);
  }
  return found
    .map((row) => ({
      shopId: row.shopId,
      itemId: row.itemId,
      sku: skus.get(row.itemId) ?? null,
      locationId: row.locationId,
      locationName: names.get(row.locationId) ?? null,
      expected: row.expected,
      actual: row.actual,
    }))
    .sort(
      (a, b) =>
        a.shopId.localeCompare(b.shopId) ||
        (a.sku ?? a.itemId).localeCompare(b.sku ?? b.itemId) ||
        (a.locationName ?? a.locationId).localeCompare(b.locationName ?? b.locationId),
    );
}
