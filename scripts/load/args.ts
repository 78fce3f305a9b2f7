import { parseArgs } from "node:util";
import { z } from "zod";
import type { Mode } from "../drills/support/cluster.ts";

// `npm run load [-- --mode embedded|scale-out|both] [--duration S] [--connections N]`, validated with zod.

const ArgsSchema = z.object({
  mode: z
    .enum(["embedded", "scale-out", "both"], { error: "--mode must be embedded, scale-out or both" })
    .default("both"),
  duration: z.coerce
    .number({ error: "--duration must be a number of seconds" })
    .int("--duration must be whole seconds")
    .min(3, "--duration must be at least 3 seconds")
    .max(120, "--duration must be at most 120 seconds")
    .default(10),
  connections: z.coerce
    .number({ error: "--connections must be a number" })
    .int("--connections must be a whole number")
    .min(1, "--connections must be at least 1")
    .max(200, "--connections must be at most 200")
    .default(20),
  orders: z.coerce
    .number({ error: "--orders must be a number" })
    .int("--orders must be a whole number")
    .min(100, "--orders must be at least 100")
    .max(100_000, "--orders must be at most 100000")
    .default(10_000),
});

export type LoadArgs = {
  modes: Mode[];
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Orders seeded through the webhooks before the screens are measured. */
  orders: number;
};

const USAGE = `Usage: npm run load -- [--mode embedded|scale-out|both] [--duration S] [--connections N] [--orders N]

  --mode         which deployment to load (default both)
  --duration     seconds per measured run, 3-120 (default 10); each figure is the median of 3 runs
  --connections  concurrent connections of the load generator, 1-200 (default 20)
  --orders       orders seeded through the webhooks before the screens are measured (default 10000)`;

export function parseLoadArgs(argv: string[]): LoadArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        mode: { type: "string" },
        duration: { type: "string" },
        connections: { type: "string" },
        orders: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`${parsed.error.issues.map((issue) => issue.message).join("\n")}\n\n${USAGE}`);
    process.exit(2);
  }
  const { mode, duration, connections, orders } = parsed.data;
  return {
    modes: mode === "both" ? ["embedded", "scale-out"] : [mode],
    durationSeconds: duration,
    warmupSeconds: Math.max(2, Math.round(duration / 4)),
    connections,
    orders,
  };
}
