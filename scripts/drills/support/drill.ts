import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { Mode } from "./cluster.ts";

// Every drill's frame: `npm run drill:<name> [-- --mode embedded|scale-out|both]` runs the drill in each mode, prints
// a pass/fail summary with its figures, saves it as JSON under test-results/drills/, and exits 1 on any failure.

export type Check = { name: string; pass: boolean; detail?: string };
export type Figures = Record<string, number | string>;
export type DrillRun = { checks: Check[]; figures: Figures };
export type DrillResult = DrillRun & { drill: string; mode: Mode; seconds: number; error?: string };
export type DrillContext = { mode: Mode; log: (line: string) => void };

const ArgsSchema = z.object({
  mode: z.enum(["embedded", "scale-out", "both"]).default("both"),
});

export const RESULTS_DIR = join(process.cwd(), "test-results", "drills");

export function check(name: string, pass: boolean, detail?: string): Check {
  return { name, pass, detail };
}

export async function runDrill(drill: string, run: (context: DrillContext) => Promise<DrillRun>) {
  const { values } = parseArgs({ options: { mode: { type: "string" } }, strict: true });
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`drill:${drill}: --mode must be embedded, scale-out or both`);
    process.exit(2);
  }
  const modes: Mode[] = parsed.data.mode === "both" ? ["embedded", "scale-out"] : [parsed.data.mode];
  const results: DrillResult[] = [];
  for (const mode of modes) {
    const started = Date.now();
    const log = (line: string) =>
      console.log(`[${drill} ${mode} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}`);
    try {
      const outcome = await run({ mode, log });
      results.push({ drill, mode, ...outcome, seconds: (Date.now() - started) / 1000 });
    } catch (error) {
      log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      results.push({
        drill,
        mode,
        checks: [check("ran to the end", false, error instanceof Error ? error.message.split("\n")[0] : String(error))],
        figures: {},
        seconds: (Date.now() - started) / 1000,
        error: String(error),
      });
    }
  }
  const passed = printSummary(results);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${drill}.json`), `${JSON.stringify(results, null, 2)}\n`);
  process.exit(passed ? 0 : 1);
}

function printSummary(results: DrillResult[]): boolean {
  let passed = true;
  console.log("");
  for (const result of results) {
    const ok = result.checks.length > 0 && result.checks.every((entry) => entry.pass);
    passed &&= ok;
    console.log(`${ok ? "PASS" : "FAIL"}  drill:${result.drill} (${result.mode}, ${result.seconds.toFixed(1)} s)`);
    for (const entry of result.checks) {
      console.log(`  ${entry.pass ? "ok  " : "FAIL"}  ${entry.name}${entry.detail ? `: ${entry.detail}` : ""}`);
    }
    const figures = Object.entries(result.figures);
    if (figures.length > 0) {
      const width = Math.max(...figures.map(([name]) => name.length));
      for (const [name, value] of figures) console.log(`        ${name.padEnd(width)}  ${value}`);
    }
  }
  console.log(`\n${passed ? "PASS" : "FAIL"}: ${results.length} run(s)`);
  return passed;
}
