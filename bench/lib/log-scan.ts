// What a child's pino log (JSON lines) says went wrong: counts by level and the most frequent messages.
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";

export type LogSummary = { warnings: number; errors: number; otherLines: number; topMessages: [string, number][] };

const LEVELS: Record<number, "warnings" | "errors"> = { 40: "warnings", 50: "errors", 60: "errors" };

export function scanLog(file: string): LogSummary {
  const summary: LogSummary = { warnings: 0, errors: 0, otherLines: 0, topMessages: [] };
  if (!existsSync(file)) return summary;
  const messages = new Map<string, number>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let entry: { level?: number; msg?: string } | undefined;
    try {
      entry = JSON.parse(line) as { level?: number; msg?: string };
    } catch {
      entry = undefined;
    }
    const bucket = entry?.level === undefined ? undefined : LEVELS[entry.level];
    if (!entry || !bucket) {
      summary.otherLines += entry ? 0 : 1;
      if (!entry) messages.set(line.slice(0, 160), (messages.get(line.slice(0, 160)) ?? 0) + 1);
      continue;
    }
    summary[bucket] += 1;
    const message = `${bucket === "errors" ? "error" : "warn"}: ${entry.msg ?? "(no message)"}`;
    messages.set(message, (messages.get(message) ?? 0) + 1);
  }
  summary.topMessages = [...messages.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  return summary;
}

/** A child's log that stayed empty tells nothing: removed so bench/.tmp does not fill with them. */
export function removeIfEmpty(file: string): void {
  if (existsSync(file) && statSync(file).size === 0) rmSync(file);
}
