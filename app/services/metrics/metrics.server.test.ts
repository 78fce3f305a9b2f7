import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../config.server";
import { metricsTokenMatches } from "./metrics.server";

const TOKEN = "scrape-token-0123456789";
const LOGIN = {
  OPERATOR_EMAIL: "ops@example.com",
  OPERATOR_PASSWORD: "a-long-enough-password",
  SESSION_SECRET: "0123456789abcdef0123456789abcdef",
};

const problems = (env: Record<string, string>) => {
  try {
    parseConfig({ ...LOGIN, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join("\n");
    throw error;
  }
  return "";
};

describe("the metrics token", () => {
  it("matches only the configured token as a bearer credential", () => {
    expect(metricsTokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(metricsTokenMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    for (const header of [
      null,
      "",
      "Bearer",
      "Bearer ",
      TOKEN,
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN} extra`,
    ]) {
      expect(metricsTokenMatches(header, TOKEN), String(header)).toBe(false);
    }
  });
});

describe("metrics configuration", () => {
  it("leaves /metrics closed and the separate listener off unless asked", () => {
    const config = parseConfig({ ...LOGIN, METRICS_TOKEN: "", METRICS_PORT: "" });
    expect(config).toMatchObject({ METRICS_TOKEN: undefined, METRICS_PORT: undefined, METRICS_HOST: "127.0.0.1" });
  });

  it("reads a token, a port and a host", () => {
    const config = parseConfig({ ...LOGIN, METRICS_TOKEN: TOKEN, METRICS_PORT: "9464", METRICS_HOST: "0.0.0.0" });
    expect(config).toMatchObject({ METRICS_TOKEN: TOKEN, METRICS_PORT: 9464, METRICS_HOST: "0.0.0.0" });
  });

  it("refuses a short token, a bad port and the web port", () => {
    expect(problems({ METRICS_TOKEN: "short" })).toContain("METRICS_TOKEN must be at least 16 characters");
    expect(problems({ METRICS_PORT: "not-a-port" })).toContain("METRICS_PORT is missing or not a number");
    expect(problems({ METRICS_PORT: "70000" })).toContain("METRICS_PORT is out of range");
    expect(problems({ PORT: "3000", METRICS_PORT: "3000" })).toContain("METRICS_PORT must differ from PORT");
  });
});
