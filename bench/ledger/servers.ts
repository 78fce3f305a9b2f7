// The two servers under test, each a child process on a free port of 127.0.0.1: the bare HMAC baseline, and the
// real app (`npx tsx server/start.ts`, production mode, in-process jobs) on a given database.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { startChild, type ChildHandle } from "../lib/child-process.ts";
import type { Target } from "../lib/http-client.ts";
import { benchTmpDir, REPO_ROOT } from "../lib/paths.ts";
import { freePort } from "../lib/ports.ts";
import { waitForHttpOk } from "../lib/wait-http.ts";

export type RunningServer = { target: Target; child: ChildHandle };

const START_TIMEOUT_MS = 60_000;

/** Every variable app/config.server.ts reads: inherited values are dropped so a developer's shell cannot leak in. */
const APP_VARIABLES = [
  "NODE_ENV",
  "PORT",
  "DATABASE_URL",
  "REDIS_URL",
  "SHOPIFY_API_KEY",
  "SHOPIFY_API_SECRET",
  "SHOPIFY_APP_URL",
  "SCOPES",
  "SHOPIFY_ADMIN_ORIGIN",
  "OPERATOR_EMAIL",
  "OPERATOR_PASSWORD",
  "SESSION_SECRET",
  "ENCRYPTION_KEY",
  "DEMO_MODE",
  "RUN_WORKERS",
  "JOB_CONCURRENCY",
  "LOG_LEVEL",
];

function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of APP_VARIABLES) delete env[name];
  return env;
}

export async function startBaseline(secret: string, stamp: string): Promise<RunningServer> {
  const port = await freePort();
  const child = startChild(
    "baseline server",
    process.execPath,
    ["--import", "tsx", join(REPO_ROOT, "bench/ledger/baseline-server.ts")],
    {
      cwd: REPO_ROOT,
      env: { ...inheritedEnv(), PORT: String(port), BENCH_WEBHOOK_SECRET: secret },
      logFile: join(benchTmpDir(), `ledger-baseline-${stamp}.log`),
    },
  );
  const target = { name: "baseline", port };
  await waitForHttpOk(target, "/", child, START_TIMEOUT_MS);
  return { target, child };
}

export async function startApp(options: {
  name: string;
  databaseUrl: string;
  secret: string;
  stamp: string;
  /** Extra variables, for experiments (e.g. JOB_CONCURRENCY); the benchmark itself sets none. */
  env?: Record<string, string>;
}): Promise<RunningServer> {
  const port = await freePort();
  // Set, even when empty, so a .env file (which start.ts loads) cannot override them.
  const env: NodeJS.ProcessEnv = {
    ...inheritedEnv(),
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: "",
    RUN_WORKERS: "auto",
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: options.secret,
    SHOPIFY_APP_URL: "",
    SHOPIFY_ADMIN_ORIGIN: "",
    OPERATOR_EMAIL: "bench@example.com",
    OPERATOR_PASSWORD: randomBytes(18).toString("base64url"),
    SESSION_SECRET: randomBytes(32).toString("hex"),
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    DEMO_MODE: "false",
    LOG_LEVEL: "warn",
    ...options.env,
  };
  const child = startChild(`app (${options.name})`, "npx", ["tsx", "server/start.ts"], {
    cwd: REPO_ROOT,
    env,
    logFile: join(benchTmpDir(), `ledger-app-${options.name}-${options.stamp}.log`),
  });
  const target = { name: options.name, port };
  await waitForHttpOk(target, "/healthz", child, START_TIMEOUT_MS);
  return { target, child };
}
