// `npm run cli -- <group> <command>`: the operator's entry point. Logic lives in cli/run.ts.
import { z } from "zod";
import { ConfigSchema } from "../app/config.server.ts";
import { createDb, prepareDb } from "../app/db.server.ts";
import { logToStderr } from "../app/logger.server.ts";
import { migrate } from "../prisma/migrate.ts";
import { EXIT_FAILURE, EXIT_USAGE } from "./command.ts";
import { runCli } from "./run.ts";

// Only the database is needed, so the operator login the web admin insists on is not required here;
// the variable itself follows the app's rule (same default, same accepted URLs).
const CliEnvSchema = z.object({ DATABASE_URL: ConfigSchema.shape.DATABASE_URL });

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  logToStderr();
  const env = CliEnvSchema.safeParse(process.env);
  if (!env.success) {
    err(`DATABASE_URL ${env.error.issues[0]?.message ?? "is invalid"}`);
    return EXIT_USAGE;
  }
  const url = env.data.DATABASE_URL;
  // A fresh checkout has no database yet; the CLI creates it rather than failing on a missing table.
  await migrate(url);
  const db = createDb(url);
  try {
    await prepareDb(db, url);
    return await runCli(argv, { db, out, err });
  } finally {
    await db.$disconnect();
  }
}

// exitCode rather than process.exit(): the process ends once stdout is flushed, so piped output is whole.
process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  err(`Error: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT_FAILURE;
});
