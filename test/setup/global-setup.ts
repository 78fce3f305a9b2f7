import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { migrate } from "../../prisma/migrate.ts";
import { TMP_ROOT } from "./paths.ts";

// One migrated SQLite file per run; every test database is a copy of it (copying is instant).
export default async function globalSetup() {
  const runDir = join(TMP_ROOT, `run-${process.pid}-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  process.env.CL_TEST_RUN_DIR = runDir;
  await migrate(`file:${join(runDir, "base.sqlite")}`);
  return () => rmSync(runDir, { recursive: true, force: true });
}
