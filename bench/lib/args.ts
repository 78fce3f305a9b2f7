// Command-line arguments shared by every benchmark: `npm run bench -- [names...] [--quick] [--only a,b] [--help]`,
// plus `--name value` options a benchmark validates itself (flash-sale: --duration, --rate, --seed...).

export type BenchArgs = {
  /** Benchmarks to run, by name; empty runs them all. */
  names: string[];
  /** One run of each measurement with shorter durations. */
  quick: boolean;
  /** Variants a benchmark should limit itself to (for the ledger: sqlite, postgresql). Empty means all. */
  only: string[];
  /** Any other `--name value` (or `--name=value`), by name; the benchmark that takes it validates it. */
  options: Record<string, string>;
  help: boolean;
};

export class ArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArgsError";
  }
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { names: [], quick: false, only: [], options: {}, help: false };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? "";
    if (arg === "--quick") args.quick = true;
    else if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg === "--only" ? argv[(index += 1)] : arg.slice("--only=".length);
      if (!value || value.startsWith("--")) throw new ArgsError("--only needs a value, e.g. --only sqlite");
      args.only.push(...splitList(value));
    } else if (/^--[a-z][a-z-]*(=|$)/.test(arg)) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s) as [string, string | undefined];
      const value = inline ?? argv[(index += 1)];
      if (value === undefined || value === "" || value.startsWith("--"))
        throw new ArgsError(`--${name} needs a value, e.g. --${name}=20`);
      args.options[name] = value;
    } else if (arg.startsWith("-")) throw new ArgsError(`unknown option ${arg}`);
    else args.names.push(arg);
  }
  return args;
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part.length > 0);
}
