import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { PrismaClient as PgClient } from "../generated/pg/index.js";
import type { PrismaClient as SqliteClient } from "../generated/sqlite/index.js";
import { getConfig } from "./config.server";

// The generated clients are CommonJS that load their own wasm from their folder: Node loads them
// directly (from the project root), so neither Vite's dev server nor its build tries to bundle them.
const requireFromRoot = createRequire(join(process.cwd(), "package.json"));
const loadClient = <T>(provider: "sqlite" | "pg"): T =>
  (requireFromRoot(`./generated/${provider}/index.js`) as { PrismaClient: T }).PrismaClient;

// Both generated clients have the same API (one schema source); the SQLite one types the app.
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type { Prisma } from "../generated/sqlite/index.js";

export function createDb(databaseUrl: string, options: { busyTimeoutMs?: number } = {}): Db {
  if (databaseUrl.startsWith("file:")) {
    // busy timeout: writers wait for each other instead of failing with SQLITE_BUSY.
    const adapter = new PrismaBetterSQLite3({ url: databaseUrl, timeout: options.busyTimeoutMs ?? 10_000 });
    const Client = loadClient<typeof SqliteClient>("sqlite");
    return new Client({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10 });
  const Client = loadClient<typeof PgClient>("pg");
  return new Client({ adapter }) as unknown as Db;
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
  var channelLedgerInboxDb: Db | undefined;
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

/**
 * A second client for acknowledging webhooks. Ledger transactions hold their connection (SQLite: the one
 * connection; PostgreSQL: pool slots) for their whole length; storing a webhook must not queue behind them.
 */
export function getInboxDb(): Db {
  const url = getConfig().DATABASE_URL;
  if (!global.channelLedgerInboxDb) {
    // SQLite: no busy wait on this connection. SQLite's busy handler sleeps on the one thread the ledger
    // transaction holding the write lock needs to finish; the inbox retries asynchronously instead.
    const db = createDb(url, { busyTimeoutMs: 0 });
    global.channelLedgerInboxDb = db;
    void prepareDb(db, url);
  }
  return global.channelLedgerInboxDb;
}

export function dbReady(): Promise<void> {
  return instance().ready;
}
