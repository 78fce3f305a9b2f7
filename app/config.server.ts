import { z } from "zod";

// Every variable the app reads. .env.example lists each with a comment.
const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

// Keep in step with [access_scopes] in shopify.app.toml.
const DEFAULT_SCOPES =
  "read_orders,write_orders,read_products,write_products,read_inventory,write_inventory,read_locations," +
  "read_fulfillments,write_fulfillments,read_merchant_managed_fulfillment_orders," +
  "write_merchant_managed_fulfillment_orders,read_returns,write_returns";

export const DatabaseUrlSchema = z
  .string()
  .default("file:./data/channelledger.sqlite")
  .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), {
    message: "must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)",
  });

export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int("must be a whole number").min(1).max(65535).default(3000),
    DATABASE_URL: DatabaseUrlSchema,
    REDIS_URL: optionalText.refine((url) => url === undefined || /^rediss?:\/\//.test(url), {
      message: "must start with redis:// or rediss://",
    }),
    SHOPIFY_API_KEY: optionalText,
    SHOPIFY_API_SECRET: optionalText,
    SHOPIFY_APP_URL: optionalText.refine((url) => url === undefined || URL.canParse(url), {
      message: "must be an absolute URL such as https://example.com",
    }),
    SCOPES: optionalText.transform((scopes) => scopes ?? DEFAULT_SCOPES),
    SHOPIFY_ADMIN_ORIGIN: optionalText.refine((url) => url === undefined || URL.canParse(url), {
      message: "must be an absolute URL such as http://127.0.0.1:4100",
    }),
    OPERATOR_EMAIL: optionalText.refine((email) => email === undefined || z.email().safeParse(email).success, {
      message: "must be an email address",
    }),
    OPERATOR_PASSWORD: optionalText.refine((password) => password === undefined || password.length >= 12, {
      message: "must be at least 12 characters",
    }),
    SESSION_SECRET: optionalText.refine((secret) => secret === undefined || secret.length >= 32, {
      message: "must be at least 32 characters",
    }),
    ENCRYPTION_KEY: optionalText.refine(
      (key) => key === undefined || /^[0-9a-f]{64}$/i.test(key) || Buffer.from(key, "base64").length === 32,
      { message: "must be 32 bytes, as 64 hex characters or base64" },
    ),
    DEMO_MODE: booleanFlag,
    RUN_WORKERS: z.enum(["auto", "true", "false"]).default("auto"),
    JOB_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
    BACKFILL_DAYS: z.coerce.number().int("must be a whole number").min(1).max(730).default(60),
    /** How often every connected WooCommerce store is polled for what its webhooks missed (they are never retried). */
    WOO_POLL_SECONDS: z.coerce.number().int("must be a whole number").min(30).max(86_400).default(300),
    /** How often every connected channel's stock is read back and compared with the ledger (reconciliation). */
    RECONCILE_MINUTES: z.coerce.number().int("must be a whole number").min(5).max(10_080).default(60),
    /**
     * Unset (the default): stock is pushed as it moves (event-driven, within about a second). Set: pushes wait for a
     * fixed tick every N seconds, as interval-based sync tools work; for comparisons such as `npm run bench:flash-sale`.
     */
    SYNC_PUSH_INTERVAL_SECONDS: z.preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
      z.coerce.number().int("must be a whole number").min(1).max(86_400).optional(),
    ),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Opens GET /metrics on the main port to `Authorization: Bearer <token>`; unset, /metrics answers 404. */
    METRICS_TOKEN: optionalText.refine((token) => token === undefined || token.length >= 16, {
      message: "must be at least 16 characters",
    }),
    /** A second listener serving only /metrics, without a token: for a scraper on the same host or network. */
    METRICS_PORT: z.preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
      z.coerce.number().int("must be a whole number").min(1).max(65535).optional(),
    ),
    METRICS_HOST: optionalText.transform((host) => host ?? "127.0.0.1"),
  })
  .superRefine((env, ctx) => {
    const shopifyVars = ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET"] as const;
    const set = shopifyVars.filter((name) => env[name] !== undefined);
    if (set.length === 1) {
      const missing = shopifyVars.find((name) => env[name] === undefined)!;
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: `is required when ${set[0]} is set (set both for the embedded app, or neither for standalone only)`,
      });
    }
    if (env.SHOPIFY_ADMIN_ORIGIN !== undefined && env.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["SHOPIFY_ADMIN_ORIGIN"],
        message: "is for development and tests only and is refused when NODE_ENV=production",
      });
    }
    if (env.DEMO_MODE && env.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["DEMO_MODE"],
        message: "opens the admin without a login and is refused when NODE_ENV=production",
      });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: "custom", path: ["METRICS_PORT"], message: "must differ from PORT" });
    }
    if (env.DEMO_MODE) return;
    for (const name of ["OPERATOR_EMAIL", "OPERATOR_PASSWORD", "SESSION_SECRET"] as const) {
      if (env[name] === undefined) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: "is required: the standalone admin is never open without an operator login (or set DEMO_MODE=true)",
        });
      }
    }
    if (env.NODE_ENV === "production" && env.ENCRYPTION_KEY === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["ENCRYPTION_KEY"],
        message: "is required in production: channel credentials are encrypted with it",
      });
    }
  });

type ParsedEnv = z.infer<typeof ConfigSchema>;

export type Config = ParsedEnv & {
  databaseProvider: "sqlite" | "postgresql";
  appUrl: string;
  shopifyEnabled: boolean;
  runWorkersInWeb: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${describeIssue(issue)}`),
    );
  }
  const parsed = result.data;
  return {
    ...parsed,
    databaseProvider: parsed.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql",
    appUrl: (parsed.SHOPIFY_APP_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/$/, ""),
    shopifyEnabled: parsed.SHOPIFY_API_KEY !== undefined,
    runWorkersInWeb: parsed.RUN_WORKERS === "auto" ? parsed.REDIS_URL === undefined : parsed.RUN_WORKERS === "true",
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value" && "values" in issue) {
    return `must be one of ${issue.values.map(String).join(", ")}`;
  }
  if (issue.code === "invalid_type") return `is missing or not a ${issue.expected}`;
  if (issue.code === "too_small" || issue.code === "too_big") return `is out of range (${issue.message})`;
  return issue.message;
}

let cached: Config | undefined;

/** The process configuration, parsed once. Throws ConfigError naming each bad variable. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

export function resetConfigForTests() {
  cached = undefined;
}
