import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.server";

const VALID = {
  OPERATOR_EMAIL: "ops@example.com",
  OPERATOR_PASSWORD: "a-long-enough-password",
  SESSION_SECRET: "0123456789abcdef0123456789abcdef",
};

function problems(env: Record<string, string>) {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("defaults to SQLite under ./data, in-process jobs and port 3000", () => {
    const config = parseConfig(VALID);
    expect(config).toMatchObject({
      PORT: 3000,
      databaseProvider: "sqlite",
      DATABASE_URL: "file:./data/channelledger.sqlite",
      runWorkersInWeb: true,
      shopifyEnabled: false,
      appUrl: "http://localhost:3000",
    });
    expect(config.SCOPES).toContain("write_inventory");
  });

  it("picks PostgreSQL from a postgres URL and BullMQ workers from REDIS_URL", () => {
    const config = parseConfig({ ...VALID, DATABASE_URL: "postgresql://db/app", REDIS_URL: "redis://127.0.0.1:6379" });
    expect(config.databaseProvider).toBe("postgresql");
    expect(config.runWorkersInWeb).toBe(false);
  });

  it("treats the empty values of .env.example as unset", () => {
    const config = parseConfig({ ...VALID, REDIS_URL: "", SHOPIFY_API_KEY: "", SHOPIFY_API_SECRET: "", SCOPES: "" });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.shopifyEnabled).toBe(false);
    expect(config.SCOPES).toContain("read_orders");
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL must start with file:"],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL must start with redis://"],
    [{ SHOPIFY_API_KEY: "abc" }, "SHOPIFY_API_SECRET is required when SHOPIFY_API_KEY is set"],
    [{ OPERATOR_PASSWORD: "short" }, "OPERATOR_PASSWORD must be at least 12 characters"],
    [{ NODE_ENV: "staging" }, "NODE_ENV must be one of development, production, test"],
    [{ ENCRYPTION_KEY: "too-short" }, "ENCRYPTION_KEY must be 32 bytes"],
    [{ NODE_ENV: "production", DEMO_MODE: "true" }, "DEMO_MODE opens the admin without a login"],
    [
      { NODE_ENV: "production", SHOPIFY_ADMIN_ORIGIN: "http://127.0.0.1:4100" },
      "SHOPIFY_ADMIN_ORIGIN is for development",
    ],
  ])("rejects %o naming the variable", (override, expected) => {
    expect(problems({ ...VALID, ...override }).join("\n")).toContain(expected);
  });

  it("pushes on events unless SYNC_PUSH_INTERVAL_SECONDS is set", () => {
    expect(parseConfig(VALID).SYNC_PUSH_INTERVAL_SECONDS).toBeUndefined();
    expect(parseConfig({ ...VALID, SYNC_PUSH_INTERVAL_SECONDS: "" }).SYNC_PUSH_INTERVAL_SECONDS).toBeUndefined();
    expect(parseConfig({ ...VALID, SYNC_PUSH_INTERVAL_SECONDS: "60" }).SYNC_PUSH_INTERVAL_SECONDS).toBe(60);
    for (const value of ["0", "1.5", "every minute", "86401"]) {
      expect(problems({ ...VALID, SYNC_PUSH_INTERVAL_SECONDS: value }).join("\n")).toContain(
        "SYNC_PUSH_INTERVAL_SECONDS",
      );
    }
  });

  it("requires the operator login outside demo mode", () => {
    const listed = problems({}).join("\n");
    for (const name of ["OPERATOR_EMAIL", "OPERATOR_PASSWORD", "SESSION_SECRET"]) expect(listed).toContain(name);
    expect(() => parseConfig({ DEMO_MODE: "true" })).not.toThrow();
  });

  it("requires ENCRYPTION_KEY in production", () => {
    expect(problems({ ...VALID, NODE_ENV: "production" }).join("\n")).toContain("ENCRYPTION_KEY is required");
  });
});
