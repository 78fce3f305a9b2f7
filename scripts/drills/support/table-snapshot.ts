import { createHash } from "node:crypto";
import type { Db } from "../../../app/db.server.ts";

// Every table of a drill's database, row by row: a count and a content hash per table, and the rows themselves so two
// snapshots can be compared column by column. Drills take one before and one after their requests and allow only the
// changes they name (each with its reason); everything else is a partial write.

export type Row = Record<string, unknown>;
export type TableState = { count: number; hash: string; rows: Map<string, Row> };
export type Snapshot = Record<string, TableState>;

export type RowChange = { key: string; columns: string[]; before: Row; after: Row };
export type TableDiff = { table: string; added: Row[]; removed: Row[]; changed: RowChange[] };

const IGNORED_TABLES = new Set(["_cl_migrations"]);

export async function listTables(db: Db, databaseUrl: string): Promise<string[]> {
  const rows = databaseUrl.startsWith("file:")
    ? await db.$queryRawUnsafe<{ name: string }[]>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
    : await db.$queryRawUnsafe<{ name: string }[]>(
        "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
      );
  return rows.map((row) => row.name).filter((name) => !IGNORED_TABLES.has(name));
}

/** A JSON text for any value a driver returns (bigint, Date, Buffer, nested JSON), stable across snapshots. */
export function stableText(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner === "bigint") return `${inner}n`;
    if (inner instanceof Date) return inner.toISOString();
    if (inner instanceof Uint8Array) return Buffer.from(inner).toString("hex");
    if (inner && typeof inner === "object" && !Array.isArray(inner)) {
      const record = inner as Record<string, unknown>;
      if (record.type === "Buffer" && Array.isArray(record.data))
        return Buffer.from(record.data as number[]).toString("hex");
      return Object.fromEntries(
        Object.keys(record)
          .sort()
          .map((key) => [key, record[key]]),
      );
    }
    return inner;
  });
}

function rowKey(row: Row): string {
  return typeof row.id === "string" || typeof row.id === "number" ? String(row.id) : stableText(row);
}

export async function snapshotTables(db: Db, databaseUrl: string): Promise<Snapshot> {
  const snapshot: Snapshot = {};
  for (const table of await listTables(db, databaseUrl)) {
    const rows = await db.$queryRawUnsafe<Row[]>(`SELECT * FROM "${table.replace(/"/g, '""')}"`);
    const byKey = new Map<string, Row>();
    for (const row of rows) byKey.set(rowKey(row), row);
    const texts = [...byKey.entries()].map(([key, row]) => `${key}\t${stableText(row)}`).sort();
    const hash = createHash("sha256").update(texts.join("\n")).digest("hex").slice(0, 16);
    snapshot[table] = { count: rows.length, hash, rows: byKey };
  }
  return snapshot;
}

/** What changed between two snapshots, table by table; tables whose hash did not change are left out. */
export function diffSnapshots(before: Snapshot, after: Snapshot): TableDiff[] {
  const diffs: TableDiff[] = [];
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[table];
    const now = after[table];
    if (old && now && old.hash === now.hash) continue;
    const oldRows = old?.rows ?? new Map<string, Row>();
    const newRows = now?.rows ?? new Map<string, Row>();
    const diff: TableDiff = { table, added: [], removed: [], changed: [] };
    for (const [key, row] of newRows) {
      const previous = oldRows.get(key);
      if (!previous) {
        diff.added.push(row);
        continue;
      }
      const columns = Object.keys({ ...previous, ...row }).filter(
        (column) => stableText(previous[column]) !== stableText(row[column]),
      );
      if (columns.length > 0) diff.changed.push({ key, columns, before: previous, after: row });
    }
    for (const [key, row] of oldRows) if (!newRows.has(key)) diff.removed.push(row);
    if (diff.added.length + diff.removed.length + diff.changed.length > 0) diffs.push(diff);
  }
  return diffs;
}

/** Row counts and hashes of every table, for a drill's figures. */
export function tableFigures(snapshot: Snapshot): { tables: number; rows: number } {
  const states = Object.values(snapshot);
  return { tables: states.length, rows: states.reduce((sum, state) => sum + state.count, 0) };
}

/** One line per changed table: "Table +added -removed ~changed(columns)". */
export function describeDiff(diff: TableDiff): string {
  const columns = [...new Set(diff.changed.flatMap((change) => change.columns))].sort();
  const changed = diff.changed.length > 0 ? ` ~${diff.changed.length}(${columns.join(",")})` : "";
  return `${diff.table} +${diff.added.length} -${diff.removed.length}${changed}`;
}
