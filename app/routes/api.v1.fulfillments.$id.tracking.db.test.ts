import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { FulfillmentResponseSchema, type FulfillmentResponse } from "../services/api/order-action-schemas.ts";
import { shippedOrder, stockUp } from "../services/api/order-test-support.ts";
import type { ApiErrorBody, ApiOrderDetail } from "../services/api/schemas.ts";
import { apiRequest, readJson, routeArgs, seedApiShop, type ApiShop } from "../services/api/test-support.ts";
import { registerIdleShopifyCommander } from "../services/orders/test-support.ts";
import * as tracking from "./api.v1.fulfillments.$id.tracking.ts";
import * as order from "./api.v1.orders.$id.ts";

describe("POST /api/v1/fulfillments/:id/tracking", () => {
  let t: TestDb;
  let s: ApiShop;
  let queue: JobQueue;
  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    queue = createInProcessQueue({ logger: { info() {}, warn() {}, error() {} } });
    global.channelLedgerQueue = queue;
    registerIdleShopifyCommander();
    s = await seedApiShop(t.db, "Tracker");
    await stockUp(t.db, s);
  });
  afterAll(async () => {
    delete global.channelLedgerDb;
    delete global.channelLedgerQueue;
    await queue.close();
    await t.drop();
  });

  /** A fulfilment of one mug shipped with DHL JD0001, whose create command is still pending. */
  const shipped = () => shippedOrder(t.db, s, [{ sku: "MUG-1", quantity: 1 }]);
  type Options = { key?: string; headers?: Record<string, string> };
  const post = (fulfillmentId: string, json: unknown, options: Options = {}) =>
    tracking.action(
      routeArgs(
        apiRequest(`/api/v1/fulfillments/${fulfillmentId}/tracking`, {
          key: options.key ?? s.key,
          json,
          headers: options.headers,
        }),
        { id: fulfillmentId },
      ),
    );
  const getOrder = async (orderId: string) =>
    readJson<{ data: ApiOrderDetail }>(
      await order.loader(routeArgs(apiRequest(`/api/v1/orders/${orderId}`, { key: s.key }), { id: orderId })),
    );
  const trackingCommands = (fulfillmentId: string) =>
    t.db.channelCommand.count({ where: { subjectId: fulfillmentId, kind: "fulfillment.tracking" } });

  it("changes the fields given, keeps the others, tells the channel and answers 200 with the fulfilment", async () => {
    const { order: placed, fulfillmentId } = await shipped();
    const { status, body } = await readJson<FulfillmentResponse>(
      await post(fulfillmentId, {
        tracking_number: "JD0002",
        tracking_url: "https://dhl.example/JD0002",
        notify_customer: true,
      }),
    );
    expect(status).toBe(200);
    expect(FulfillmentResponseSchema.safeParse(body).success).toBe(true);
    expect(body.data).toMatchObject({
      id: fulfillmentId,
      status: "success",
      location: { id: s.main.id, name: "Main warehouse" },
      carrier: "DHL",
      tracking_number: "JD0002",
      tracking_url: "https://dhl.example/JD0002",
      channel_sync_state: "pending",
      lines: [{ order_line_id: placed.lines[0]!.id, sku: "MUG-1", quantity: 1 }],
    });

    const detail = (await getOrder(placed.id)).body.data;
    expect(detail.fulfillments).toEqual([body.data]);
    expect(detail.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "tracking_updated", message: "Tracking updated: DHL JD0002", source: "api" }),
      ]),
    );
    expect(
      await t.db.channelCommand.findFirst({ where: { subjectId: fulfillmentId, kind: "fulfillment.tracking" } }),
    ).toMatchObject({ orderId: placed.id, state: "pending" });
    expect(await t.db.fulfillment.findUniqueOrThrow({ where: { id: fulfillmentId } })).toMatchObject({
      notifyCustomer: true,
    });

    // null clears a field; what is omitted stays.
    const cleared = await readJson<FulfillmentResponse>(await post(fulfillmentId, { carrier: null }));
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).toMatchObject({ carrier: null, tracking_number: "JD0002" });
    expect(await trackingCommands(fulfillmentId)).toBe(2);
  });

  it("answers 409 for a cancelled fulfilment and leaves its tracking", async () => {
    const { fulfillmentId } = await shipped();
    await t.db.fulfillment.update({ where: { id: fulfillmentId }, data: { status: "cancelled" } });
    const { status, body } = await readJson<ApiErrorBody>(await post(fulfillmentId, { tracking_number: "JD0003" }));
    expect(status).toBe(409);
    // The fulfilment's id is in the URL: the issue names no field.
    expect(body.error).toMatchObject({
      code: "order_state_conflict",
      message: expect.stringContaining("cancelled"),
      details: { issues: [{ path: [], code: "conflict" }] },
    });
    expect(await t.db.fulfillment.findUniqueOrThrow({ where: { id: fulfillmentId } })).toMatchObject({
      trackingNumber: "JD0001",
    });
    expect(await trackingCommands(fulfillmentId)).toBe(0);
  });

  it("answers 404 for an unknown fulfilment and for another shop's fulfilment", async () => {
    const { fulfillmentId } = await shipped();
    const theirs = await seedApiShop(t.db, "Other tracker");
    for (const [id, key] of [
      ["no-such-fulfillment", s.key],
      [fulfillmentId, theirs.key],
    ] as const) {
      const { status, body } = await readJson<ApiErrorBody>(await post(id, { tracking_number: "X1" }, { key }));
      expect(status).toBe(404);
      expect(body.error.code).toBe("not_found");
    }
    expect(await t.db.fulfillment.findUniqueOrThrow({ where: { id: fulfillmentId } })).toMatchObject({
      trackingNumber: "JD0001",
    });
  });

  it.each([
    ["no tracking field", {}, []],
    ["only notify_customer", { notify_customer: true }, []],
    ["a tracking URL that is not http", { tracking_url: "ftp://dhl.example/1" }, ["tracking_url"]],
    ["a blank carrier", { carrier: "  " }, ["carrier"]],
    ["a tracking number over 255 characters", { tracking_number: "1".repeat(256) }, ["tracking_number"]],
    ["notify_customer as a string", { tracking_number: "1", notify_customer: "yes" }, ["notify_customer"]],
    ["an unknown field", { tracking_number: "1", shipped_at: "today" }, []],
  ])("answers 400 invalid_request for %s", async (_name, json, path) => {
    const { status, body } = await readJson<ApiErrorBody>(await post("any-fulfillment", json));
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details).toEqual({ issues: expect.arrayContaining([expect.objectContaining({ path })]) });
  });

  it("answers 405 for GET", async () => {
    const { status, body } = await readJson<ApiErrorBody>(
      await tracking.loader(routeArgs(apiRequest("/api/v1/fulfillments/x/tracking", { key: s.key }), { id: "x" })),
    );
    expect(status).toBe(405);
    expect(body.error.code).toBe("method_not_allowed");
  });

  describe("with an Idempotency-Key", () => {
    it("replays the first answer for the same key and body, telling the channel once", async () => {
      const { fulfillmentId } = await shipped();
      const json = { carrier: "UPS", tracking_number: "1Z1" };
      const headers = { "Idempotency-Key": "3pl-tracking-1" };
      const first = await post(fulfillmentId, json, { headers });
      const firstText = await first.text();
      expect(first.status).toBe(200);
      const again = await post(fulfillmentId, json, { headers });
      expect(again.status).toBe(200);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await again.text()).toBe(firstText);
      expect(await trackingCommands(fulfillmentId)).toBe(1);
    });

    it("answers 409 when the key comes back with another body or for another fulfilment", async () => {
      const mine = await shipped();
      const other = await shipped();
      const headers = { "Idempotency-Key": "3pl-tracking-2" };
      expect((await post(mine.fulfillmentId, { tracking_number: "1Z2" }, { headers })).status).toBe(200);
      for (const [id, json] of [
        [mine.fulfillmentId, { tracking_number: "1Z3" }],
        [other.fulfillmentId, { tracking_number: "1Z2" }],
      ] as const) {
        const answer = await readJson<ApiErrorBody>(await post(id, json, { headers }));
        expect(answer).toMatchObject({ status: 409, body: { error: { code: "idempotency_conflict" } } });
      }
      expect(await t.db.fulfillment.findUniqueOrThrow({ where: { id: mine.fulfillmentId } })).toMatchObject({
        trackingNumber: "1Z2",
      });
      expect(await trackingCommands(other.fulfillmentId)).toBe(0);
    });
  });
});
