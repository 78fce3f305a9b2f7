import { mkdirSync, rmSync } from "node:fs";
import { migrate } from "../../prisma/migrate.ts";
import { BASE_SQLITE_FILE, TMP_DIR } from "./paths.ts";

// One migrated SQLite file per run; every test database is a copy of it (copying is instant).
export default async function globalSetup() {
  rmSync(TMP_DIR, { recursive: true, force: true });
  mkdirSync(TMP_DIR, { recursive: true });
  await migrate(`file:${BASE_SQLITE_FILE}`);
  return () => rmSync(TMP_DIR, { recursive: true, force: true });
}
