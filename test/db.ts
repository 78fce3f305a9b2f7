// A fresh, migrated database for one test file: a copy of the base SQLite file by default, or a new
// PostgreSQL database when TEST_PG_URL is set (the PostgreSQL suite, `npm run test:pg`).
import { randomUUID } from "node:crypto";
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createDb, prepareDb, type Db } from "../app/db.server.ts";
import { migrate } from "../prisma/migrate.ts";
import { BASE_SQLITE_FILE, TMP_DIR } from "./setup/paths.ts";

export type TestDb = { db: Db; url: string; provider: "sqlite" | "postgresql"; drop: () => Promise<void> };

export async function createTestDb(): Promise<TestDb> {
  const pgUrl = process.env.TEST_PG_URL;
  if (pgUrl) return createPostgresDb(pgUrl);
  const file = join(TMP_DIR, `test-${randomUUID()}.sqlite`);
  copyFileSync(BASE_SQLITE_FILE, file);
  const url = `file:${file}`;
  const db = createDb(url);
  await prepareDb(db, url);
  return {
    db,
    url,
    provider: "sqlite",
    drop: async () => {
      await db.$disconnect();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
  };
}

async function createPostgresDb(adminUrl: string): Promise<TestDb> {
  const name = `cl_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const db = createDb(url.toString());
  return {
    db,
    url: url.toString(),
    provider: "postgresql",
    drop: async () => {
      await db.$disconnect();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
