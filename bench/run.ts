// `npm run bench -- [benchmark...] [--quick] [--only <variants>]`: runs the named benchmarks, or all of them.
import { ArgsError, parseBenchArgs, type BenchArgs } from "./lib/args.ts";
import { BENCHMARKS } from "./benchmarks.ts";
import { installCleanupHandlers, runCleanups } from "./lib/cleanup.ts";
import { REPO_ROOT } from "./lib/paths.ts";

function usage(): string {
  return [
    "Usage: npm run bench -- [benchmark...] [--quick] [--only <a,b>]",
    "",
    "  benchmark   one or more of the names below; none runs them all",
    "  --quick     one run of each measurement, shorter durations",
    "  --only      limit a benchmark to some variants (ledger: sqlite, postgresql)",
    "",
    "Benchmarks:",
    ...BENCHMARKS.map((bench) => `  ${bench.name.padEnd(10)} ${bench.summary}`),
  ].join("\n");
}

function parse(): BenchArgs {
  try {
    const args = parseBenchArgs(process.argv.slice(2));
    const unknown = args.names.filter((name) => !BENCHMARKS.some((bench) => bench.name === name));
    if (unknown.length > 0) throw new ArgsError(`unknown benchmark ${unknown.join(", ")}`);
    return args;
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    console.error(`${error.message}\n\n${usage()}`);
    process.exit(64);
  }
}

const args = parse();
if (args.help) {
  console.log(usage());
  process.exit(0);
}
process.chdir(REPO_ROOT);
installCleanupHandlers();
const selected = BENCHMARKS.filter((bench) => args.names.length === 0 || args.names.includes(bench.name));
let ok = true;
try {
  for (const bench of selected) ok = (await bench.run(args)) && ok;
} catch (error) {
  ok = false;
  if (error instanceof ArgsError) console.error(`${error.message}\n\n${usage()}`);
  else console.error(`Benchmark failed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await runCleanups();
}
process.exit(ok ? 0 : 1);
