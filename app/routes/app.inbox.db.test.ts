import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue";
import type { JobQueue } from "../../jobs/queue";
import { createTestDb, type TestDb } from "../../test/db";
import { commitOperatorSession } from "../auth/operator.server";
import { resetConfigForTests } from "../config.server";
import { ensureShopifyShop } from "../services/shopify-install.server";
import { action, loader } from "./app.inbox";

describe("/app/inbox", () => {
  let t: TestDb;
  let queue: JobQueue;
  let cookie: string;
  let shopId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    resetConfigForTests();
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    // Workers never start: what the screen queues stays visible in the queue's counts.
    queue = createInProcessQueue();
    global.channelLedgerQueue = queue;
    const mine = await ensureShopifyShop(t.db, { domain: "harbour-goods.myshopify.com" });
    const theirs = await ensureShopifyShop(t.db, { domain: "other-goods.myshopify.com" });
    shopId = mine.shop.id;
    const setCookie = await commitOperatorSession(new Request("http://localhost/app"), {
      operator: "operator@example.com",
      shopId,
    });
    cookie = setCookie.split(";")[0]!;
    const quarantined = (owner: typeof mine, eventId: string, lastError: string) => ({
      shopId: owner.shop.id,
      channelId: owner.channel.id,
      source: `shopify:${owner.shop.shopifyDomain}`,
      eventId,
      topic: "orders/create",
      payload: '{"email":"mira.lind@example.com"}',
      status: "quarantined",
      attempts: 6,
      lastError,
    });
    for (const row of [
      quarantined(mine, "a", "invalid payload: line_items.0.quantity: must not be negative"),
      quarantined(mine, "b", "x".repeat(1000)),
      quarantined(theirs, "c", "elsewhere"),
      { ...quarantined(mine, "d", ""), status: "done", lastError: null },
    ]) {
      ids[row.eventId] = (await t.db.inboxEvent.create({ data: row })).id;
    }
  });

  afterAll(async () => {
    await queue.close();
    await t.drop();
    global.channelLedgerDb = undefined;
    global.channelLedgerQueue = undefined;
  });

  const get = () => new Request("http://localhost/app/inbox", { headers: { Cookie: cookie } });
  const post = (form: Record<string, string>) =>
    new Request("http://localhost/app/inbox", {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
  const act = async (form: Record<string, string>) => {
    const result = await action({ request: post(form), params: {}, context: {} });
    return "init" in result && result.init
      ? { status: result.init.status, data: result.data }
      : { status: 200, data: result };
  };

  it("lists this shop's quarantined events without their payloads", async () => {
    const { events } = await loader({ request: get(), params: {}, context: {} });
    expect(events.map((event) => event.id).sort()).toEqual([ids.a, ids.b].sort());
    const first = events.find((event) => event.id === ids.a);
    expect(first).toEqual({
      id: ids.a,
      topic: "orders/create",
      receivedAt: expect.any(String),
      attempts: 6,
      error: "invalid payload: line_items.0.quantity: must not be negative",
    });
    expect(events.find((event) => event.id === ids.b)?.error.length).toBeLessThanOrEqual(240);
    expect(JSON.stringify(events)).not.toContain("mira.lind");
  });

  it("sends the operator to the login without a session", async () => {
    const anonymous = new Request("http://localhost/app/inbox");
    await expect(loader({ request: anonymous, params: {}, context: {} })).rejects.toMatchObject({ status: 302 });
  });

  it("replays one event, but not another shop's", async () => {
    expect(await act({ intent: "replay", id: ids.c! })).toMatchObject({
      status: 404,
      data: { ok: false, toast: "That event is no longer quarantined" },
    });
    expect(await act({ intent: "replay", id: ids.a! })).toEqual({
      status: 200,
      data: { ok: true, replayed: 1, toast: "1 event is back in line for processing" },
    });
    expect((await t.db.inboxEvent.findUniqueOrThrow({ where: { id: ids.a } })).status).toBe("pending");
    expect(await queue.stats()).toMatchObject({ waiting: 1 });
  });

  it("replays all of the shop's quarantined events", async () => {
    expect(await act({ intent: "replay-all" })).toEqual({
      status: 200,
      data: { ok: true, replayed: 1, toast: "1 event is back in line for processing" },
    });
    expect((await t.db.inboxEvent.findUniqueOrThrow({ where: { id: ids.b } })).status).toBe("pending");
    expect((await t.db.inboxEvent.findUniqueOrThrow({ where: { id: ids.c } })).status).toBe("quarantined");
    const { events } = await loader({ request: get(), params: {}, context: {} });
    expect(events).toEqual([]);
    expect(await act({ intent: "replay-all" })).toMatchObject({
      status: 200,
      data: { ok: true, replayed: 0, toast: "Nothing was quarantined any more" },
    });
  });

  it("refuses an unknown intent", async () => {
    expect(await act({ intent: "delete" })).toMatchObject({
      status: 400,
      data: { ok: false, toast: expect.any(String) },
    });
  });
});
