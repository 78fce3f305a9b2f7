import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { ReturnResponseSchema, type ReturnResponse } from "../services/api/order-action-schemas.ts";
import { onHandAtMain, shippedOrder, stockUp } from "../services/api/order-test-support.ts";
import type { ApiErrorBody, ApiOrderDetail } from "../services/api/schemas.ts";
import { apiRequest, readJson, routeArgs, seedApiShop, type ApiShop } from "../services/api/test-support.ts";
import { verifyLedger } from "../services/ledger/verify.server.ts";
import { registerIdleShopifyCommander } from "../services/orders/test-support.ts";
import * as order from "./api.v1.orders.$id.ts";
import * as returns from "./api.v1.orders.$id.returns.ts";
import * as receive from "./api.v1.returns.$id.receive.ts";

describe("POST /api/v1/returns/:id/receive", () => {
  let t: TestDb;
  let s: ApiShop;
  let queue: JobQueue;
  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    queue = createInProcessQueue({ logger: { info() {}, warn() {}, error() {} } });
    global.channelLedgerQueue = queue;
    registerIdleShopifyCommander();
    s = await seedApiShop(t.db, "Receiver");
    await stockUp(t.db, s);
  });
  afterAll(async () => {
    delete global.channelLedgerDb;
    delete global.channelLedgerQueue;
    await queue.close();
    await t.drop();
  });

  type Options = { key?: string; headers?: Record<string, string> };
  const post = (returnId: string, json: unknown, options: Options = {}) =>
    receive.action(
      routeArgs(
        apiRequest(`/api/v1/returns/${returnId}/receive`, {
          key: options.key ?? s.key,
          json,
          headers: options.headers,
        }),
        { id: returnId },
      ),
    );
  const getOrder = async (orderId: string) =>
    readJson<{ data: ApiOrderDetail }>(
      await order.loader(routeArgs(apiRequest(`/api/v1/orders/${orderId}`, { key: s.key }), { id: orderId })),
    );
  const mugs = () => onHandAtMain(t.db, s);

  /** Shipped mugs (and tees), all of them opened for return through the API, as an integrator does. */
  async function openedReturn(lines = [{ sku: "MUG-1", quantity: 3 }]) {
    const shipped = await shippedOrder(t.db, s, lines);
    const response = await returns.action(
      routeArgs(
        apiRequest(`/api/v1/orders/${shipped.order.id}/returns`, {
          key: s.key,
          json: { lines: lines.map(({ sku, quantity }) => ({ line_id: shipped.line(sku).id, quantity })) },
        }),
        { id: shipped.order.id },
      ),
    );
    const { status, body } = await readJson<ReturnResponse>(response);
    expect(status).toBe(201);
    const returnLine = (sku: string) => body.data.lines.find((line) => line.sku === sku)!.id;
    return { ...shipped, ret: body.data, returnLine };
  }

  it("restocks what comes back, keeps the disposed units out, answers 200 and the order shows it", async () => {
    const {
      order: placed,
      ret,
      returnLine,
      line,
    } = await openedReturn([
      { sku: "MUG-1", quantity: 3 },
      { sku: "TEE-M", quantity: 1 },
    ]);
    const before = { mug: await mugs(), tee: await onHandAtMain(t.db, s, s.tee.id) };
    const { status, body } = await readJson<ReturnResponse>(
      await post(ret.id, {
        lines: [
          { return_line_id: returnLine("MUG-1"), quantity: 2, disposition: "restock" },
          { return_line_id: returnLine("TEE-M"), quantity: 1, disposition: "dispose", condition: "torn" },
        ],
        refund: true,
        notify_customer: true,
      }),
    );
    expect(status).toBe(200);
    expect(ReturnResponseSchema.safeParse(body).success).toBe(true);
    expect(body.data.id).toBe(ret.id);
    expect(body.data.status).toBe("refunded");
    // Two of three mugs received: the third stays expected back, on a line of its own.
    const summary = body.data.lines.map((l) => [l.sku, l.quantity, l.disposition, l.condition, l.received_quantity]);
    expect(summary.sort()).toEqual([
      ["MUG-1", 1, null, null, 0],
      ["MUG-1", 2, "restock", null, 2],
      ["TEE-M", 1, "dispose", "torn", 1],
    ]);
    expect(await mugs()).toBe(before.mug + 2);
    expect(await onHandAtMain(t.db, s, s.tee.id)).toBe(before.tee);

    const detail = (await getOrder(placed.id)).body.data;
    expect(detail.returns).toEqual([body.data]);
    expect(detail.lines.find((l) => l.id === line("MUG-1").id)).toMatchObject({ fulfilled: 3, restocked: 2 });
    expect(detail.lines.find((l) => l.id === line("TEE-M").id)).toMatchObject({ fulfilled: 1, restocked: 0 });
    expect(await t.db.channelCommand.findFirst({ where: { subjectId: ret.id, kind: "return.process" } })).toMatchObject(
      {
        state: "pending",
        payload: {
          returnId: ret.id,
          lines: [
            { returnLineId: returnLine("MUG-1"), quantity: 2, disposition: "restock" },
            { returnLineId: returnLine("TEE-M"), quantity: 1, disposition: "dispose" },
          ],
          refund: true,
          notifyCustomer: true,
        },
      },
    );
    expect(await t.db.stockMovement.findFirst({ where: { orderId: placed.id, kind: "return_restock" } })).toMatchObject(
      {
        source: "api",
        actor: `api-key:${s.apiKeyId}`,
        onHandDelta: 2,
      },
    );

    // The mug still expected back arrives later, on the line the first receipt left.
    const rest = body.data.lines.find((l) => l.disposition === null)!;
    const later = await readJson<ReturnResponse>(
      await post(ret.id, { lines: [{ return_line_id: rest.id, quantity: 1, disposition: "restock" }], refund: false }),
    );
    expect(later.status).toBe(200);
    expect(later.body.data.lines.find((l) => l.id === rest.id)).toMatchObject({ received_quantity: 1 });
    expect(await mugs()).toBe(before.mug + 3);
    expect((await getOrder(placed.id)).body.data.lines.find((l) => l.sku === "MUG-1")?.restocked).toBe(3);
    expect((await verifyLedger(t.db, { shopId: s.shop.id })).mismatches).toEqual([]);
  });

  it("answers 409 for a line received already and for a return that expects nothing more", async () => {
    const { ret, returnLine } = await openedReturn();
    const json = {
      lines: [{ return_line_id: returnLine("MUG-1"), quantity: 3, disposition: "restock" }],
      refund: true,
    };
    expect((await post(ret.id, json)).status).toBe(200);

    const twice = await readJson<ApiErrorBody>(await post(ret.id, json));
    expect(twice).toMatchObject({
      status: 409,
      body: {
        error: {
          code: "order_state_conflict",
          message: expect.stringContaining("received already"),
          details: { issues: [{ path: ["lines", 0, "return_line_id"], code: "conflict" }] },
        },
      },
    });

    const closed = await openedReturn();
    await t.db.return.update({ where: { id: closed.ret.id }, data: { status: "closed" } });
    const restocked = await mugs();
    const { status, body } = await readJson<ApiErrorBody>(
      await post(closed.ret.id, {
        lines: [{ return_line_id: closed.returnLine("MUG-1"), quantity: 1, disposition: "restock" }],
        refund: false,
      }),
    );
    expect(status).toBe(409);
    // The return's id is in the URL: the issue names no field.
    expect(body.error).toMatchObject({
      code: "order_state_conflict",
      message: expect.stringContaining("closed and expects nothing more"),
      details: { issues: [{ path: [], code: "conflict" }] },
    });
    expect(await mugs()).toBe(restocked);
  });

  it("answers 422 for more units than expected and for a line of another return, and restocks nothing", async () => {
    const { ret, returnLine } = await openedReturn([{ sku: "MUG-1", quantity: 2 }]);
    const other = await openedReturn([{ sku: "MUG-1", quantity: 1 }]);
    const before = await mugs();
    for (const [line, path, message] of [
      [{ return_line_id: returnLine("MUG-1"), quantity: 3 }, ["lines", 0, "quantity"], /Only 2 unit\(s\)/],
      [{ return_line_id: other.returnLine("MUG-1"), quantity: 1 }, ["lines", 0, "return_line_id"], /not on this/],
    ] as const) {
      const { status, body } = await readJson<ApiErrorBody>(
        await post(ret.id, { lines: [{ ...line, disposition: "restock" }], refund: false }),
      );
      expect(status).toBe(422);
      expect(body.error).toMatchObject({
        code: "invalid_order_action",
        message: expect.stringMatching(message),
        details: { issues: [{ path, code: "invalid" }] },
      });
    }
    expect(await mugs()).toBe(before);
    const stored = await t.db.returnLine.findMany({ where: { returnId: { in: [ret.id, other.ret.id] } } });
    expect(stored.every((line) => line.receivedQty === 0 && line.disposition === null)).toBe(true);
  });

  it("answers 404 for an unknown return and for another shop's return", async () => {
    const { ret, returnLine } = await openedReturn([{ sku: "MUG-1", quantity: 1 }]);
    const theirs = await seedApiShop(t.db, "Other receiver");
    const json = {
      lines: [{ return_line_id: returnLine("MUG-1"), quantity: 1, disposition: "restock" }],
      refund: true,
    };
    for (const [returnId, key] of [
      ["no-such-return", s.key],
      [ret.id, theirs.key],
    ] as const) {
      const { status, body } = await readJson<ApiErrorBody>(await post(returnId, json, { key }));
      expect(status).toBe(404);
      expect(body.error.code).toBe("not_found");
    }
    expect(await t.db.return.findUniqueOrThrow({ where: { id: ret.id } })).toMatchObject({ status: "approved" });
  });

  const LINE = { return_line_id: "rl", quantity: 1, disposition: "restock" };
  it.each([
    ["no lines", { lines: [], refund: true }, ["lines"]],
    ["no refund", { lines: [LINE] }, ["refund"]],
    ["refund as a string", { lines: [LINE], refund: "yes" }, ["refund"]],
    [
      "an unknown disposition",
      { lines: [{ ...LINE, disposition: "resell" }], refund: true },
      ["lines", 0, "disposition"],
    ],
    ["no disposition", { lines: [{ return_line_id: "rl", quantity: 1 }], refund: true }, ["lines", 0, "disposition"]],
    ["a zero quantity", { lines: [{ ...LINE, quantity: 0 }], refund: true }, ["lines", 0, "quantity"]],
    ["a line named twice", { lines: [LINE, LINE], refund: true }, ["lines", 1, "return_line_id"]],
    ["an unknown field", { lines: [LINE], refund: true, restock: true }, []],
  ])("answers 400 invalid_request for %s", async (_name, json, path) => {
    const { status, body } = await readJson<ApiErrorBody>(await post("any-return", json));
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details).toEqual({ issues: expect.arrayContaining([expect.objectContaining({ path })]) });
  });

  it("answers 405 for GET", async () => {
    const { status, body } = await readJson<ApiErrorBody>(
      await receive.loader(routeArgs(apiRequest("/api/v1/returns/x/receive", { key: s.key }), { id: "x" })),
    );
    expect(status).toBe(405);
    expect(body.error.code).toBe("method_not_allowed");
  });

  describe("with an Idempotency-Key", () => {
    it("replays the first answer instead of refusing the received line, restocking once", async () => {
      const { ret, returnLine } = await openedReturn();
      const json = {
        lines: [{ return_line_id: returnLine("MUG-1"), quantity: 3, disposition: "restock" }],
        refund: true,
      };
      const headers = { "Idempotency-Key": "3pl-receipt-1" };
      const before = await mugs();
      const first = await post(ret.id, json, { headers });
      const firstText = await first.text();
      expect(first.status).toBe(200);
      const again = await post(ret.id, json, { headers });
      expect(again.status).toBe(200);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await again.text()).toBe(firstText);
      expect(await mugs()).toBe(before + 3);
      expect(await t.db.channelCommand.count({ where: { subjectId: ret.id, kind: "return.process" } })).toBe(1);
    });

    it("answers 409 when the key comes back with another body", async () => {
      const { ret, returnLine } = await openedReturn();
      const headers = { "Idempotency-Key": "3pl-receipt-2" };
      const lines = [{ return_line_id: returnLine("MUG-1"), quantity: 1, disposition: "restock" }];
      expect((await post(ret.id, { lines, refund: true }, { headers })).status).toBe(200);
      const before = await mugs();
      const changed = await readJson<ApiErrorBody>(await post(ret.id, { lines, refund: false }, { headers }));
      expect(changed).toMatchObject({ status: 409, body: { error: { code: "idempotency_conflict" } } });
      expect(await mugs()).toBe(before);
    });
  });
});
