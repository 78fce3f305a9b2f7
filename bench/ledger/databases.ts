// A fresh, migrated database per run: a SQLite file under bench/.tmp, or a PostgreSQL database cl_bench_<stamp>
// on BENCH_PG_URL. Both are removed at the end (also on errors and Ctrl+C, through the cleanup registry).
import { rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { migrate } from "../../prisma/migrate.ts";
import { onCleanup } from "../lib/cleanup.ts";
import { benchTmpDir } from "../lib/paths.ts";

export type DatabaseName = "sqlite" | "postgresql";
export const DATABASE_NAMES: DatabaseName[] = ["sqlite", "postgresql"];
export const DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export type BenchDatabase = { name: DatabaseName; url: string; label: string; drop: () => Promise<void> };
export type DatabaseOrSkip = BenchDatabase | { name: DatabaseName; skipped: string };

export async function createSqliteDatabase(stamp: string): Promise<BenchDatabase> {
  const file = join(benchTmpDir(), `ledger-${stamp}.sqlite`);
  const url = `file:${file}`;
  const drop = async () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  };
  const unregister = onCleanup("remove the SQLite file", drop);
  await migrate(url);
  return {
    name: "sqlite",
    url,
    label: file,
    drop: async () => {
      unregister();
      await drop();
    },
  };
}

/** The URL without its password, for printing. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createPostgresDatabase(adminUrl: string, stamp: string): Promise<DatabaseOrSkip> {
  const name = `cl_bench_${stamp}`;
  try {
    await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    return {
      name: "postgresql",
      skipped: `PostgreSQL unreachable at ${safeUrl(adminUrl)}: ${(error as Error).message}`,
    };
  }
  const drop = () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const unregister = onCleanup(`drop the PostgreSQL database ${name}`, async () => {
    await drop();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    name: "postgresql",
    url: url.toString(),
    label: `${name} on ${safeUrl(adminUrl)}`,
    drop: async () => {
      unregister();
      await drop();
    },
  };
}
