import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function start(script: string, env: Record<string, string>) {
  return spawnSync("npx", ["tsx", script], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "development", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("start-up with a bad configuration", () => {
  it.each(["server/start.ts", "server/worker.ts"])("%s stops with a message naming each bad variable", (script) => {
    const result = start(script, { PORT: "not-a-port", DATABASE_URL: "mysql://nope", DEMO_MODE: "true" });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain("ChannelLedger cannot start");
    expect(result.stderr).toContain("PORT is missing or not a number");
    expect(result.stderr).toContain("DATABASE_URL must start with file:");
  });

  it("refuses an open standalone admin without operator credentials", () => {
    const result = start("server/start.ts", {});
    expect(result.status).toBe(78);
    expect(result.stderr).toContain("OPERATOR_PASSWORD is required");
  });
});
