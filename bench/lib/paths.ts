import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = resolve(BENCH_DIR, "..");

/** bench/.tmp: scratch files (SQLite databases, child logs). */
export function benchTmpDir(): string {
  const dir = join(BENCH_DIR, ".tmp");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A timestamp usable in file and database names: 20260326t101500. */
export function compactStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, "")
    .replace(/[-:]/g, "")
    .toLowerCase();
}
