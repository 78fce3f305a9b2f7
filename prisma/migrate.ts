// Applies prisma/<provider>/migrations/*/migration.sql to the database DATABASE_URL names.
// One runner for both providers, because `prisma migrate deploy` cannot run on PostgreSQL
// with the JS engine (docs/decisions/0002). Applied migrations are kept in _cl_migrations.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";

const PRISMA_DIR = dirname(fileURLToPath(import.meta.url));

type Migration = { name: string; sql: string; checksum: string };

function readMigrations(provider: "sqlite" | "pg"): Migration[] {
  const root = join(PRISMA_DIR, provider, "migrations");
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(root, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export function sqliteFilePath(databaseUrl: string): string {
  const path = databaseUrl.replace(/^file:/, "").replace(/\?.*$/, "");
  return resolve(process.cwd(), path);
}

function migrateSqlite(databaseUrl: string): string[] {
  const file = sqliteFilePath(databaseUrl);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.exec(
      'CREATE TABLE IF NOT EXISTS "_cl_migrations" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const applied = new Map(
      (db.prepare('SELECT name, checksum FROM "_cl_migrations"').all() as { name: string; checksum: string }[]).map(
        (row) => [row.name, row.checksum],
      ),
    );
    const done: string[] = [];
    for (const migration of readMigrations("sqlite")) {
      if (checkApplied(applied, migration)) continue;
      db.transaction(() => {
        db.exec(migration.sql);
        db.prepare('INSERT INTO "_cl_migrations" (name, checksum, applied_at) VALUES (?, ?, ?)').run(
          migration.name,
          migration.checksum,
          new Date().toISOString(),
        );
      })();
      done.push(migration.name);
    }
    return done;
  } finally {
    db.close();
  }
}

async function migratePostgres(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Several processes may start at once in scale-out mode: one applies, the others wait.
    await client.query("SELECT pg_advisory_lock(774411)");
    await client.query(
      'CREATE TABLE IF NOT EXISTS "_cl_migrations" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM "_cl_migrations"',
    );
    const applied = new Map(rows.map((row) => [row.name, row.checksum]));
    const done: string[] = [];
    for (const migration of readMigrations("pg")) {
      if (checkApplied(applied, migration)) continue;
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO "_cl_migrations" (name, checksum, applied_at) VALUES ($1, $2, now())', [
          migration.name,
          migration.checksum,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock(774411)").catch(() => undefined);
    await client.end();
  }
}

function checkApplied(applied: Map<string, string>, migration: Migration): boolean {
  const checksum = applied.get(migration.name);
  if (checksum === undefined) return false;
  if (checksum !== migration.checksum) {
    throw new Error(`Migration ${migration.name} was changed after it was applied; add a new migration instead.`);
  }
  return true;
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  if (databaseUrl.startsWith("file:")) return migrateSqlite(databaseUrl);
  return migratePostgres(databaseUrl);
}

export function sqliteDatabaseExists(databaseUrl: string): boolean {
  return existsSync(sqliteFilePath(databaseUrl));
}
