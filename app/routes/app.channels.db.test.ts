import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue";
import type { JobQueue } from "../../jobs/queue";
import { createTestDb, type TestDb } from "../../test/db";
import { commitOperatorSession } from "../auth/operator.server";
import { resetConfigForTests } from "../config.server";
import { newBackfillProgress, saveBackfillProgress } from "../services/shopify/backfill-progress.server";
import { ensureShopifyShop } from "../services/shopify-install.server";
import { action, loader } from "./app.channels._index";

describe("/app/channels", () => {
  let t: TestDb;
  let queue: JobQueue;
  let cookie: string;
  let mine: Awaited<ReturnType<typeof ensureShopifyShop>>;
  let theirs: Awaited<ReturnType<typeof ensureShopifyShop>>;
  const queued: unknown[] = [];

  beforeAll(async () => {
    resetConfigForTests();
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    queue = createInProcessQueue();
    queue.register("shopify.backfill", async (payload) => {
      queued.push(payload);
    });
    global.channelLedgerQueue = queue;
    mine = await ensureShopifyShop(t.db, { domain: "harbour-goods.myshopify.com" });
    theirs = await ensureShopifyShop(t.db, { domain: "other-goods.myshopify.com" });
    const progress = newBackfillProgress(30, new Date());
    await saveBackfillProgress(t.db, mine.channel.id, { ...progress, phase: "orders", processed: 5, total: 10 });
    const setCookie = await commitOperatorSession(new Request("http://localhost/app"), {
      operator: "operator@example.com",
      shopId: mine.shop.id,
    });
    cookie = setCookie.split(";")[0]!;
  });

  afterAll(async () => {
    await queue.close();
    await t.drop();
    global.channelLedgerDb = undefined;
    global.channelLedgerQueue = undefined;
  });

  const act = async (form: Record<string, string>) => {
    const request = new Request("http://localhost/app/channels", {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    const result = await action({ request, params: {}, context: {} });
    return "init" in result && result.init
      ? { status: result.init.status, data: result.data }
      : { status: 200, data: result };
  };

  it("shows this shop's channels with their backfill progress", async () => {
    const request = new Request("http://localhost/app/channels", { headers: { Cookie: cookie } });
    const { channels } = await loader({ request, params: {}, context: {} });
    expect(channels.map((channel) => channel.id)).toEqual([mine.channel.id]);
    expect(channels[0]?.backfill).toMatchObject({
      status: "running",
      label: "Importing orders",
      percent: 70,
      days: 30,
    });
  });

  it("queues a backfill of the days asked for, only for the shop's own connected Shopify channel", async () => {
    expect(await act({ intent: "backfill", channelId: theirs.channel.id, days: "30" })).toMatchObject({ status: 404 });
    expect(await act({ intent: "backfill", channelId: mine.channel.id, days: "0" })).toMatchObject({
      status: 400,
      data: { ok: false, fieldErrors: { days: ["At least 1 day"] } },
    });
    expect(await act({ intent: "backfill", channelId: mine.channel.id, days: "90" })).toEqual({
      status: 200,
      data: { ok: true, queued: mine.channel.id, days: 90 },
    });
    await queue.startWorkers({ concurrency: 1 });
    await queue.drain();
    expect(queued).toEqual([{ channelId: mine.channel.id, days: 90 }]);

    await t.db.channel.update({ where: { id: mine.channel.id }, data: { status: "disconnected" } });
    expect(await act({ intent: "backfill", channelId: mine.channel.id, days: "90" })).toMatchObject({ status: 409 });
  });
});
