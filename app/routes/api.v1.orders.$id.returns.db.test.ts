import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { ReturnResponseSchema, type ReturnResponse } from "../services/api/order-action-schemas.ts";
import { onHandAtMain, shippedOrder, stockUp } from "../services/api/order-test-support.ts";
import type { ApiErrorBody, ApiOrderDetail } from "../services/api/schemas.ts";
import { apiRequest, readJson, routeArgs, seedApiShop, type ApiShop } from "../services/api/test-support.ts";
import { registerIdleShopifyCommander } from "../services/orders/test-support.ts";
import * as order from "./api.v1.orders.$id.ts";
import * as returns from "./api.v1.orders.$id.returns.ts";

describe("POST /api/v1/orders/:id/returns", () => {
  let t: TestDb;
  let s: ApiShop;
  let queue: JobQueue;
  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    queue = createInProcessQueue({ logger: { info() {}, warn() {}, error() {} } });
    global.channelLedgerQueue = queue;
    registerIdleShopifyCommander();
    s = await seedApiShop(t.db, "Returner");
    await stockUp(t.db, s);
  });
  afterAll(async () => {
    delete global.channelLedgerDb;
    delete global.channelLedgerQueue;
    await queue.close();
    await t.drop();
  });

  const shipMugs = (quantity: number) => shippedOrder(t.db, s, [{ sku: "MUG-1", quantity }]);
  const post = (orderId: string, json: unknown, options: { key?: string; headers?: Record<string, string> } = {}) =>
    returns.action(
      routeArgs(
        apiRequest(`/api/v1/orders/${orderId}/returns`, { key: options.key ?? s.key, json, headers: options.headers }),
        { id: orderId },
      ),
    );
  const getOrder = async (orderId: string) =>
    readJson<{ data: ApiOrderDetail }>(
      await order.loader(routeArgs(apiRequest(`/api/v1/orders/${orderId}`, { key: s.key }), { id: orderId })),
    );
  const returnsOf = (orderId: string) => t.db.return.count({ where: { orderId } });

  it("opens the return, answers 201 with it, and the order shows it; nothing moves in stock yet", async () => {
    const { order: placed, line } = await shipMugs(3);
    const before = await onHandAtMain(t.db, s);
    const { status, body } = await readJson<ReturnResponse>(
      await post(placed.id, {
        lines: [{ line_id: line("MUG-1").id, quantity: 2, reason: "Too small" }],
        note: "Came in with the courier",
      }),
    );
    expect(status).toBe(201);
    expect(ReturnResponseSchema.safeParse(body).success).toBe(true);
    expect(body.data).toMatchObject({
      external_id: null,
      status: "approved",
      note: "Came in with the courier",
      refund: null,
      lines: [
        {
          id: expect.any(String),
          order_line_id: line("MUG-1").id,
          sku: "MUG-1",
          quantity: 2,
          reason: "Too small",
          condition: null,
          disposition: null,
          received_quantity: 0,
        },
      ],
    });
    expect(await onHandAtMain(t.db, s)).toBe(before);

    const detail = await getOrder(placed.id);
    expect(detail.body.data.returns).toEqual([body.data]);
    expect(detail.body.data.lines[0]).toMatchObject({ fulfilled: 3, restocked: 0 });
    expect(detail.body.data.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "return", message: "Return opened: 2 × MUG-1", source: "api" }),
      ]),
    );
    expect(await t.db.channelCommand.findFirst({ where: { subjectId: body.data.id } })).toMatchObject({
      kind: "return.create",
      orderId: placed.id,
      state: "pending",
    });
    expect((await queue.stats()).waiting).toBeGreaterThanOrEqual(1);
  });

  it("answers 422 for what does not fit the order, naming the field, and opens nothing", async () => {
    const { order: placed, line } = await shipMugs(2);
    const mug = line("MUG-1").id;
    for (const [json, path, message] of [
      [{ lines: [{ line_id: mug, quantity: 3 }] }, ["lines", 0, "quantity"], /Only 2 unit\(s\)/],
      [{ lines: [{ line_id: "no-such-line", quantity: 1 }] }, ["lines", 0, "line_id"], /not on order/],
    ] as const) {
      const { status, body } = await readJson<ApiErrorBody>(await post(placed.id, json));
      expect(status).toBe(422);
      expect(body.error).toMatchObject({
        code: "invalid_order_action",
        message: expect.stringMatching(message),
        details: { issues: [{ path, message: expect.any(String), code: "invalid" }] },
      });
    }
    expect(await returnsOf(placed.id)).toBe(0);

    // Units on a live return cannot be returned again.
    expect((await post(placed.id, { lines: [{ line_id: mug, quantity: 2 }] })).status).toBe(201);
    const again = await readJson<ApiErrorBody>(await post(placed.id, { lines: [{ line_id: mug, quantity: 1 }] }));
    expect(again).toMatchObject({
      status: 422,
      body: { error: { code: "invalid_order_action", message: expect.stringContaining("No unit of MUG-1") } },
    });
    expect(await returnsOf(placed.id)).toBe(1);
  });

  it("answers 404 for an unknown order and for another shop's order", async () => {
    const { order: placed, line } = await shipMugs(1);
    const theirs = await seedApiShop(t.db, "Other returner");
    const json = { lines: [{ line_id: line("MUG-1").id, quantity: 1 }] };
    for (const [orderId, key] of [
      ["no-such-order", s.key],
      [placed.id, theirs.key],
    ] as const) {
      const { status, body } = await readJson<ApiErrorBody>(await post(orderId, json, { key }));
      expect(status).toBe(404);
      expect(body.error.code).toBe("not_found");
    }
    expect(await returnsOf(placed.id)).toBe(0);
  });

  it.each([
    ["no lines", { lines: [] }, ["lines"]],
    ["no body fields", {}, ["lines"]],
    ["a zero quantity", { lines: [{ line_id: "l", quantity: 0 }] }, ["lines", 0, "quantity"]],
    ["a fractional quantity", { lines: [{ line_id: "l", quantity: 0.5 }] }, ["lines", 0, "quantity"]],
    [
      "a line named twice",
      {
        lines: [
          { line_id: "l", quantity: 1 },
          { line_id: "l", quantity: 1 },
        ],
      },
      ["lines", 1, "line_id"],
    ],
    [
      "a reason over 255 characters",
      { lines: [{ line_id: "l", quantity: 1, reason: "x".repeat(256) }] },
      ["lines", 0, "reason"],
    ],
    ["a blank note", { lines: [{ line_id: "l", quantity: 1 }], note: "  " }, ["note"]],
    ["an unknown field", { lines: [{ line_id: "l", quantity: 1 }], refund: true }, []],
  ])("answers 400 invalid_request for %s", async (_name, json, path) => {
    const { order: placed } = await shipMugs(1);
    const { status, body } = await readJson<ApiErrorBody>(await post(placed.id, json));
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details).toEqual({ issues: expect.arrayContaining([expect.objectContaining({ path })]) });
    expect(await returnsOf(placed.id)).toBe(0);
  });

  it("answers 405 for GET", async () => {
    const { status, body } = await readJson<ApiErrorBody>(
      await returns.loader(routeArgs(apiRequest("/api/v1/orders/x/returns", { key: s.key }), { id: "x" })),
    );
    expect(status).toBe(405);
    expect(body.error.code).toBe("method_not_allowed");
  });

  describe("with an Idempotency-Key", () => {
    it("replays the first answer for the same key and body, opening one return", async () => {
      const { order: placed, line } = await shipMugs(3);
      const json = { lines: [{ line_id: line("MUG-1").id, quantity: 1 }] };
      const headers = { "Idempotency-Key": "wms-return-1" };
      const first = await post(placed.id, json, { headers });
      const firstText = await first.text();
      expect(first.status).toBe(201);
      const again = await post(placed.id, json, { headers });
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await again.text()).toBe(firstText);
      expect(await returnsOf(placed.id)).toBe(1);
      expect(await t.db.channelCommand.count({ where: { orderId: placed.id, kind: "return.create" } })).toBe(1);
    });

    it("answers 409 when the key comes back with another body", async () => {
      const { order: placed, line } = await shipMugs(3);
      const headers = { "Idempotency-Key": "wms-return-2" };
      const json = { lines: [{ line_id: line("MUG-1").id, quantity: 1 }] };
      expect((await post(placed.id, json, { headers })).status).toBe(201);
      const changed = await readJson<ApiErrorBody>(await post(placed.id, { ...json, note: "Other" }, { headers }));
      expect(changed).toMatchObject({ status: 409, body: { error: { code: "idempotency_conflict" } } });
      expect(await returnsOf(placed.id)).toBe(1);
    });
  });
});
