import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue.ts";
import type { JobQueue, LoggerLike } from "../../jobs/queue.ts";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { startWooSimMsw } from "../../test/sim/woocommerce/msw.ts";
import { createWooSim } from "../../test/sim/woocommerce/sim.ts";
import { createApiKey } from "../services/api-keys.server.ts";
import type { ReconcileAcceptedResponse, ReconcileStatusResponse } from "../services/api/reconcile-schemas.ts";
import type { ApiErrorBody } from "../services/api/schemas.ts";
import { apiRequest, readJson, routeArgs } from "../services/api/test-support.ts";
import { registerSyncJobs } from "../services/sync/jobs.server.ts";
import { registerReconcileJobs } from "../services/sync/reconcile-jobs.server.ts";
import { wooInStep } from "../services/sync/reconcile-test-support.ts";
import * as reconcile from "./api.v1.channels.$id.reconcile.ts";

const quiet: LoggerLike = { info() {}, warn() {}, error() {} };

describe("/api/v1/channels/:id/reconcile", () => {
  let t: TestDb;
  let queue: JobQueue;
  const sim = createWooSim({ webhooks: { auto: false } });
  const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });

  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    queue = createInProcessQueue({ logger: quiet });
    global.channelLedgerQueue = queue;
    registerReconcileJobs(queue, { db: () => t.db, logger: quiet });
    registerSyncJobs(queue, { db: () => t.db, logger: quiet });
  });
  afterAll(async () => {
    delete global.channelLedgerDb;
    delete global.channelLedgerQueue;
    await queue.close();
    server.close();
    await t.drop();
  });

  const path = (channelId: string) => `/api/v1/channels/${channelId}/reconcile`;
  const post = (channelId: string, key: string | null) =>
    reconcile.action(routeArgs(apiRequest(path(channelId), { key, method: "POST" }), { id: channelId }));
  const get = (channelId: string, key: string) =>
    reconcile.loader(routeArgs(apiRequest(path(channelId), { key }), { id: channelId }));

  async function shopWithKey(name: string) {
    const s = await wooInStep(t.db, sim, ["OIL", "SALT"], { onHand: 4, name });
    const { key } = await createApiKey(t.db, { shopId: s.shop.id, name: "ERP" });
    return { ...s, key };
  }

  it("queues the channel's reconciliation (202) and serves its report once it has run", async () => {
    const s = await shopWithKey("api");
    s.store.setStock("SALT", 1);
    const queued = await readJson<ReconcileAcceptedResponse>(await post(s.channel.id, s.key));
    expect(queued).toEqual({
      status: 202,
      body: {
        data: { channel_id: s.channel.id, job_id: `reconcile:${s.channel.id}`, status: "queued", last_report: null },
      },
    });
    await queue.startWorkers({ concurrency: 2 });
    await queue.drain();

    const { status, body } = await readJson<ReconcileStatusResponse>(await get(s.channel.id, s.key));
    expect(status).toBe(200);
    expect(body.data.last_report).toMatchObject({
      status: "done",
      listings: 2,
      matched: 1,
      drifted: 1,
      queued: 1,
      missing: 0,
      missing_sample: [],
      error: null,
    });
    // The push the job queued after it set the store back.
    expect(s.store.stock("SALT").stock_quantity).toBe(4);
  });

  it("answers 404 for another shop's channel and 401 without a key", async () => {
    const mine = await shopWithKey("api-mine");
    const theirs = await shopWithKey("api-theirs");
    for (const response of [await post(theirs.channel.id, mine.key), await get(theirs.channel.id, mine.key)]) {
      const { status, body } = await readJson<ApiErrorBody>(response);
      expect(status).toBe(404);
      expect(body.error).toMatchObject({ code: "not_found", message: "Channel not found" });
    }
    expect((await post(mine.channel.id, null)).status).toBe(401);
  });

  it("answers 409 for a channel that cannot be reconciled now, and 405 for other methods", async () => {
    const s = await shopWithKey("api-off");
    await t.db.channel.update({ where: { id: s.channel.id }, data: { status: "disconnected" } });
    const { status, body } = await readJson<ApiErrorBody>(await post(s.channel.id, s.key));
    expect(status).toBe(409);
    expect(body.error.code).toBe("channel_state_conflict");
    expect(body.error.message).toMatch(/is disconnected, not connected/);
    const put = await reconcile.action(
      routeArgs(apiRequest(path(s.channel.id), { key: s.key, method: "PUT" }), { id: s.channel.id }),
    );
    expect(put.status).toBe(405);
    expect(put.headers.get("Allow")).toBe("GET, POST");
  });
});
