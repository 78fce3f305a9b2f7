// The flash-sale benchmark's parameters (issue 9): the defaults are the issue's, and `--name value` options change
// them, validated here. A bad value stops the benchmark with a message naming it.
import { z } from "zod";
import { ArgsError, type BenchArgs } from "../lib/args.ts";

/** One run: the engine as built (pushes on events), or forced to push on a fixed interval. */
export type RunMode = { label: string; intervalSeconds: number | null };

export type FlashSaleSettings = {
  seed: number;
  /** Orders per second across both channels (Poisson arrivals). */
  rate: number;
  durationMs: number;
  skus: number;
  /** Each SKU's physical pool is drawn from this range (both ends included). */
  stock: { min: number; max: number };
  /** Zipf exponent of SKU popularity: a few hot SKUs take most of the demand. */
  skew: number;
  /** How long after the last order the channels are still watched (pushes still landing). */
  settleMs: number;
  runs: RunMode[];
  quietTimeoutMs: number;
  backfillTimeoutMs: number;
  goal: { ratio: number };
};

const int = (min: number, max: number) => z.coerce.number().int("must be a whole number").min(min).max(max);

const OptionsSchema = z
  .object({
    seed: int(0, 2 ** 31 - 1).default(9),
    rate: z.coerce.number().positive().max(200).default(20),
    duration: int(5, 3_600).optional(),
    skus: int(5, 1_000).default(100),
    settle: int(0, 600).default(65),
    intervals: z
      .string()
      .regex(/^\d+(,\d+)*$/, "must be seconds separated by commas, e.g. 60,900")
      .default("60,900")
      .transform((list) => list.split(",").map(Number))
      .refine((list) => list.every((seconds) => seconds >= 1 && seconds <= 86_400), "each between 1 and 86400"),
  })
  .strict();

const describe = (error: z.ZodError) =>
  error.issues
    .map((issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown option ${issue.keys.map((key) => `--${key}`).join(", ")} (flash-sale takes --seed, --rate, --duration, --skus, --settle, --intervals)`
        : `--${issue.path.join(".")} ${issue.message}`,
    )
    .join("; ");

/** `--only event,60`: the runs to make (event, or an interval in seconds); all of them by default. */
export function flashSaleSettings(args: BenchArgs): FlashSaleSettings {
  const parsed = OptionsSchema.safeParse(args.options);
  if (!parsed.success) throw new ArgsError(describe(parsed.error));
  const options = parsed.data;
  const all: RunMode[] = [
    { label: "a", intervalSeconds: null },
    ...options.intervals.map((seconds, index) => ({
      label: String.fromCharCode(98 + index),
      intervalSeconds: seconds,
    })),
  ];
  // `--only` values that name no run here (the ledger's sqlite, say) are another benchmark's: they select nothing.
  const only = args.only.filter((value) => value === "event" || /^\d+$/.test(value));
  const wanted = (run: RunMode) =>
    only.length === 0 || only.includes(run.intervalSeconds === null ? "event" : String(run.intervalSeconds));
  const runs = all.filter(wanted);
  if (runs.length === 0)
    throw new ArgsError(`--only ${only.join(",")} matches no run (event, ${options.intervals.join(", ")})`);
  return {
    seed: options.seed,
    rate: options.rate,
    durationMs: (options.duration ?? (args.quick ? 30 : 180)) * 1000,
    skus: options.skus,
    stock: { min: 1, max: 20 },
    skew: 1.1,
    settleMs: options.settle * 1000,
    runs,
    quietTimeoutMs: 120_000,
    backfillTimeoutMs: 180_000,
    goal: { ratio: 20 },
  };
}

export const runName = (run: RunMode) =>
  run.intervalSeconds === null ? `(${run.label}) event-driven` : `(${run.label}) every ${run.intervalSeconds} s`;
