import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes bench/results/<name>-<ISO timestamp>.json (colons replaced, for file systems that refuse them). */
export function writeResults(benchDir: string, name: string, startedAt: Date, data: unknown): string {
  const dir = join(benchDir, "results");
  mkdirSync(dir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/:/g, "-");
  const file = join(dir, `${name}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
