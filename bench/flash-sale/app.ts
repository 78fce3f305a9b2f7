// The app under test for one run: the real app (`npx tsx server/start.ts`) on a fresh SQLite file and a free port,
// as the sync benchmark starts it (NODE_ENV=test so SHOPIFY_ADMIN_ORIGIN points it at the simulated Shopify,
// in-process jobs, WooCommerce polled every 30 s), plus SYNC_PUSH_INTERVAL_SECONDS for the interval runs.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { ConfigSchema } from "../../app/config.server.ts";
import { startChild } from "../lib/child-process.ts";
import { benchTmpDir, REPO_ROOT } from "../lib/paths.ts";
import { freePort } from "../lib/ports.ts";
import { waitForHttpOk } from "../lib/wait-http.ts";
import { SHOPIFY_APP, type SyncApp } from "../sync/app.ts";

const START_TIMEOUT_MS = 60_000;
const CLI_TIMEOUT_MS = 120_000;
const run = promisify(execFile);

export async function startSaleApp(options: {
  databaseUrl: string;
  shopifyAdminOrigin: string;
  intervalSeconds: number | null;
  logName: string;
}): Promise<SyncApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const encryptionKey = randomBytes(32).toString("hex");
  // Every variable the app reads is set here, even when empty: neither the shell nor a .env file can leak in.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(ConfigSchema.shape)) delete env[name];
  Object.assign(env, {
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
    WOO_POLL_SECONDS: "30",
    SYNC_PUSH_INTERVAL_SECONDS: options.intervalSeconds === null ? "" : String(options.intervalSeconds),
    LOG_LEVEL: "warn",
  });
  const child = startChild("app", "npx", ["tsx", "server/start.ts"], {
    cwd: REPO_ROOT,
    env,
    logFile: join(benchTmpDir(), `${options.logName}.log`),
  });
  const target = { name: "app", port };
  await waitForHttpOk(target, "/healthz", child, START_TIMEOUT_MS);

  const cliNoise: string[] = [];
  const cli = async <T>(args: string[], cliOptions: { timeoutMs?: number } = {}): Promise<T> => {
    try {
      const { stdout } = await run("npx", ["tsx", "cli/main.ts", ...args, "--json"], {
        cwd: REPO_ROOT,
        env,
        timeout: cliOptions.timeoutMs ?? CLI_TIMEOUT_MS,
      });
      const start = stdout.startsWith("{") ? 0 : stdout.indexOf("\n{") + 1;
      if (start > 0) cliNoise.push(...stdout.slice(0, start).split("\n").filter(Boolean));
      return JSON.parse(stdout.slice(start)) as T;
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`cli ${args.slice(0, 3).join(" ")} failed: ${String(error)}\n${stdout ?? ""}\n${stderr ?? ""}`);
    }
  };
  return { target, url, child, databaseUrl: options.databaseUrl, encryptionKey, cli, cliNoise };
}
