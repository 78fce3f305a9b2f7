// The app under test for the sync benchmark: a fresh SQLite file, then the real app (`npx tsx server/start.ts`) on a
// free port with NODE_ENV=test (the only mode that honours SHOPIFY_ADMIN_ORIGIN, which points it at the simulated
// Shopify), in-process jobs, and the operator CLI run against the same database.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ConfigSchema } from "../../app/config.server.ts";
import { migrate } from "../../prisma/migrate.ts";
import { startChild, type ChildHandle } from "../lib/child-process.ts";
import { onCleanup } from "../lib/cleanup.ts";
import type { Target } from "../lib/http-client.ts";
import { benchTmpDir, REPO_ROOT } from "../lib/paths.ts";
import { freePort } from "../lib/ports.ts";
import { waitForHttpOk } from "../lib/wait-http.ts";

const START_TIMEOUT_MS = 60_000;
const CLI_TIMEOUT_MS = 120_000;
const run = promisify(execFile);

export const SHOPIFY_APP = { apiKey: "bench-sync-client-id", apiSecret: randomBytes(24).toString("hex") };

export type SyncApp = {
  target: Target;
  url: string;
  child: ChildHandle;
  databaseUrl: string;
  encryptionKey: string;
  /** `npm run cli -- <args> --json` against the app's database; its JSON answer. */
  cli: <T>(args: string[], options?: { timeoutMs?: number }) => Promise<T>;
  /** Lines a `--json` command printed on stdout before its JSON (its answer should be nothing but the JSON). */
  cliNoise: string[];
};

/** The command's JSON answer; lines printed before it are kept in `noise`, named by the command. */
function parseAnswer<T>(stdout: string, args: string[], noise: string[]): T {
  const start = stdout.startsWith("{") ? 0 : stdout.indexOf("\n{") + 1;
  if (start > 0) {
    const command = args.slice(0, 2).join(" ");
    for (const line of stdout.slice(0, start).split("\n").filter(Boolean))
      noise.push(`${command}: ${line.slice(0, 200)}`);
  }
  return JSON.parse(stdout.slice(Math.max(0, start))) as T;
}

/** Every variable the app reads (ConfigSchema), dropped from the inherited environment: a shell cannot leak in. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(ConfigSchema.shape)) delete env[name];
  return env;
}

export async function createSqliteFile(stamp: string): Promise<{ url: string; file: string; drop: () => void }> {
  const file = join(benchTmpDir(), `sync-${stamp}.sqlite`);
  const drop = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  };
  const unregister = onCleanup("remove the SQLite file", drop);
  const url = `file:${file}`;
  await migrate(url);
  return {
    url,
    file,
    drop: () => {
      unregister();
      drop();
    },
  };
}

export async function startSyncApp(options: {
  databaseUrl: string;
  shopifyAdminOrigin: string;
  /** The log file's name under bench/.tmp, without ".log". */
  logName: string;
  /** More settings for this run (the flash sale's SYNC_PUSH_INTERVAL_SECONDS). */
  env?: Record<string, string>;
}): Promise<SyncApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const encryptionKey = randomBytes(32).toString("hex");
  // Set, even when empty, so a .env file (which start.ts loads) cannot override them.
  const appEnv: Record<string, string> = {
    NODE_ENV: "test",
    PORT: String(port),
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: "",
    RUN_WORKERS: "auto",
    SHOPIFY_API_KEY: SHOPIFY_APP.apiKey,
    SHOPIFY_API_SECRET: SHOPIFY_APP.apiSecret,
    SHOPIFY_APP_URL: url,
    SHOPIFY_ADMIN_ORIGIN: options.shopifyAdminOrigin,
    OPERATOR_EMAIL: "bench@example.com",
    OPERATOR_PASSWORD: randomBytes(18).toString("base64url"),
    SESSION_SECRET: randomBytes(32).toString("hex"),
    ENCRYPTION_KEY: encryptionKey,
    DEMO_MODE: "false",
    // The shortest the app allows: the first WooCommerce backfill starts from this poll (the CLI has no queue).
    WOO_POLL_SECONDS: "30",
    LOG_LEVEL: "warn",
    ...options.env,
  };
  const child = startChild("app", "npx", ["tsx", "server/start.ts"], {
    cwd: REPO_ROOT,
    env: { ...inheritedEnv(), ...appEnv },
    logFile: join(benchTmpDir(), `${options.logName}.log`),
  });
  const target = { name: "app", port };
  await waitForHttpOk(target, "/healthz", child, START_TIMEOUT_MS);

  const cliNoise: string[] = [];
  const cli = async <T>(args: string[], cliOptions: { timeoutMs?: number } = {}): Promise<T> => {
    try {
      const { stdout } = await run("npx", ["tsx", "cli/main.ts", ...args, "--json"], {
        cwd: REPO_ROOT,
        env: { ...inheritedEnv(), ...appEnv },
        timeout: cliOptions.timeoutMs ?? CLI_TIMEOUT_MS,
      });
      return parseAnswer<T>(stdout, args, cliNoise);
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`cli ${args.slice(0, 3).join(" ")} failed: ${String(error)}\n${stdout ?? ""}\n${stderr ?? ""}`);
    }
  };
  return { target, url, child, databaseUrl: options.databaseUrl, encryptionKey, cli, cliNoise };
}
