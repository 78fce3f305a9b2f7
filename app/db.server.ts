import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PgClient } from "#generated/pg";
import { PrismaClient as SqliteClient } from "#generated/sqlite";
import { getConfig } from "./config.server";

// Both generated clients have the same API (one schema source); the SQLite one types the app.
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type { Prisma } from "#generated/sqlite";

export function createDb(databaseUrl: string): Db {
  if (databaseUrl.startsWith("file:")) {
    // busy timeout: writers wait for each other instead of failing with SQLITE_BUSY.
    const adapter = new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 });
    return new SqliteClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10 });
  return new PgClient({ adapter }) as unknown as Db;
}

/** SQLite only: WAL lets readers run beside the writer; set once per connection. */
export async function prepareDb(db: Db, databaseUrl: string): Promise<void> {
  if (!databaseUrl.startsWith("file:")) return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
}

declare global {
  var channelLedgerDb: { db: Db; ready: Promise<void> } | undefined;
}

function instance() {
  if (!global.channelLedgerDb) {
    const url = getConfig().DATABASE_URL;
    const db = createDb(url);
    global.channelLedgerDb = { db, ready: prepareDb(db, url) };
  }
  return global.channelLedgerDb;
}

/** The process's one database client. Kept on globalThis so dev reloads and the web/worker
 * entry points share it. */
export function getDb(): Db {
  return instance().db;
}

export function dbReady(): Promise<void> {
  return instance().ready;
}
