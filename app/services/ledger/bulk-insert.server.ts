import type { Tx } from "../../db.server";

type Provider = "sqlite" | "postgresql";

export function providerOf(tx: Tx): Provider {
  const provider = (tx as unknown as { _activeProvider?: string })._activeProvider;
  if (provider !== "sqlite" && provider !== "postgresql") throw new Error(`Unsupported database provider ${provider}`);
  return provider;
}

// Parameters per statement stay under both databases' limits (SQLite 32,766; PostgreSQL 65,535).
const MAX_PARAMETERS = 30_000;

/**
 * Multi-row INSERT for the ledger's hot path. Prisma's createMany costs about half a millisecond per row
 * on these machines; one raw statement per chunk costs a few microseconds per row. Values go through the
 * driver adapter's parameter binding (never string concatenation); callers pass every column, including
 * createdAt/updatedAt, because the database defaults differ in format from what Prisma writes.
 */
export async function bulkInsert(
  tx: Tx,
  table: string,
  rows: Record<string, unknown>[],
  options: { json?: readonly string[] } = {},
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const provider = providerOf(tx);
  const columns = Object.keys(first);
  const json = new Set(options.json ?? []);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = columns.map((column) => {
        params.push(toParameter(row[column], json.has(column), provider));
        if (provider === "sqlite") return "?";
        return json.has(column) ? `$${params.length}::jsonb` : `$${params.length}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    const columnList = columns.map((column) => `"${column}"`).join(", ");
    await tx.$executeRawUnsafe(`INSERT INTO "${table}" (${columnList}) VALUES ${tuples.join(", ")}`, ...params);
  }
}

function toParameter(value: unknown, isJson: boolean, provider: Provider): unknown {
  if (value === undefined || value === null) return null;
  if (isJson) return JSON.stringify(value);
  // PostgreSQL columns are timestamp without time zone holding UTC, as Prisma writes them.
  if (value instanceof Date && provider === "postgresql") return value.toISOString();
  return value;
}

/**
 * Adds deltas to balances in one statement, creating missing rows: a multi-row INSERT ... ON CONFLICT DO
 * UPDATE with increments (never read-modify-write). Rows go in the caller's order, which should be sorted
 * so concurrent transactions touch balances in the same order.
 */
export async function bulkIncrementBalances(
  tx: Tx,
  shopId: string,
  rows: { id: string; itemId: string; locationId: string; onHand: number; committed: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  const provider = providerOf(tx);
  const updatedAt = provider === "postgresql" ? new Date().toISOString() : new Date();
  for (let start = 0; start < rows.length; start += 2_000) {
    const params: unknown[] = [];
    const mark = () => (provider === "sqlite" ? "?" : `$${params.length}`);
    const tuples = rows.slice(start, start + 2_000).map((row) => {
      const values = [row.id, shopId, row.itemId, row.locationId, row.onHand, row.committed, updatedAt];
      return `(${values.map((value) => (params.push(value), mark())).join(", ")})`;
    });
    await tx.$executeRawUnsafe(
      `INSERT INTO "StockLevel" ("id", "shopId", "itemId", "locationId", "onHand", "committed", "updatedAt") VALUES ${tuples.join(", ")} ` +
        `ON CONFLICT ("itemId", "locationId") DO UPDATE SET "onHand" = "StockLevel"."onHand" + excluded."onHand", ` +
        `"committed" = "StockLevel"."committed" + excluded."committed", "updatedAt" = excluded."updatedAt"`,
      ...params,
    );
  }
}
