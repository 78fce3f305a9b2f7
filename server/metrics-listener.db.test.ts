import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMetrics } from "../app/services/metrics/metrics.server.ts";
import { parseExposition } from "../app/services/metrics/exposition-test-support.ts";
import { seedSyncStates } from "../app/services/sync/status-test-support.ts";
import { createTestDb, type TestDb } from "../test/db.ts";
import { startMetricsListener, type MetricsListener } from "./metrics-listener.ts";

describe("METRICS_PORT listener", () => {
  let t: TestDb;
  let listener: MetricsListener;
  const errors: unknown[] = [];
  let broken = false;

  beforeAll(async () => {
    t = await createTestDb();
    await seedSyncStates(t.db);
    listener = await startMetricsListener({
      port: 0,
      host: "127.0.0.1",
      render: () => (broken ? Promise.reject(new Error("database gone")) : renderMetrics(t.db)),
      logger: { error: (obj: object) => errors.push(obj) },
    });
  });
  afterAll(async () => {
    await listener.close();
    await t.drop();
  });

  it("serves /metrics without a token, bound to the loopback address", async () => {
    expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(listener.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const parsed = parseExposition(await response.text());
    expect(parsed.find("channelledger_listings", { state: "dead" }).reduce((sum, s) => sum + s.value, 0)).toBe(3);
  });

  it("serves nothing else", async () => {
    const base = listener.url.replace(/\/metrics$/, "");
    for (const path of ["/", "/app", "/healthz", "/metrics/x"]) {
      expect((await fetch(base + path)).status, path).toBe(404);
    }
    expect((await fetch(listener.url, { method: "POST" })).status).toBe(404);
  });

  it("answers 500 and logs when the figures cannot be read", async () => {
    broken = true;
    const response = await fetch(listener.url);
    broken = false;
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("database gone");
    expect(errors).toHaveLength(1);
  });
});
