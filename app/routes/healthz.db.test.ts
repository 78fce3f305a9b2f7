import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { resetConfigForTests } from "../config.server";
import { loader } from "./healthz";

describe("GET /healthz", () => {
  let t: TestDb;
  let queue: JobQueue;
  const savedUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    t = await createTestDb();
    process.env.DATABASE_URL = t.url;
    resetConfigForTests();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    queue = createInProcessQueue();
    global.channelLedgerQueue = queue;
  });
  afterAll(async () => {
    global.channelLedgerDb = undefined;
    global.channelLedgerQueue = undefined;
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
    resetConfigForTests();
    await queue.close();
    await t.drop();
  });

  it(`answers 200 with the database and the queue reachable`, async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({
      status: "ok",
      database: { provider: t.provider, ok: true },
      queue: { driver: "in-process", ok: true },
    });
  });

  it("answers 503 naming the part that is down", async () => {
    global.channelLedgerQueue = { ...queue, driver: "bullmq", ping: async () => false };
    const response = await loader();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "unavailable", queue: { ok: false, error: "ping failed" } });
    global.channelLedgerQueue = queue;
  });
});
