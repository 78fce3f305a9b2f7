import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { snapshot } from "../../test/support/ledger-fixtures.ts";
import type { ApiErrorBody, ApiOrderDetail } from "../services/api/schemas.ts";
import { OrderResponseSchema } from "../services/api/schemas.ts";
import { apiRequest, readJson, routeArgs, seedApiShop, type ApiShop } from "../services/api/test-support.ts";
import { applyChannelEvent } from "../services/ledger/apply-channel-event.server.ts";
import { registerIdleShopifyCommander } from "../services/orders/test-support.ts";
import * as cancel from "./api.v1.orders.$id.cancel.ts";
import * as fulfillments from "./api.v1.orders.$id.fulfillments.ts";

const CANCEL = { reason: "customer", restock: true, refund: true };

describe("POST /api/v1/orders/:id/cancel", () => {
  let t: TestDb;
  let s: ApiShop;
  let queue: JobQueue;
  let orders = 0;
  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    queue = createInProcessQueue({ logger: { info() {}, warn() {}, error() {} } });
    global.channelLedgerQueue = queue;
    registerIdleShopifyCommander();
    s = await seedApiShop(t.db, "Canceller");
  });
  afterAll(async () => {
    delete global.channelLedgerDb;
    delete global.channelLedgerQueue;
    await queue.close();
    await t.drop();
  });

  async function placeOrder(quantity = 2) {
    const externalId = `cancel-order-${++orders}`;
    await applyChannelEvent(
      t.db,
      s.shopify,
      { type: "order.upserted", order: snapshot(externalId, 1, [{ sku: "MUG-1", quantity }]) },
      { source: "test" },
    );
    return t.db.order.findUniqueOrThrow({
      where: { channelId_externalId: { channelId: s.shopify.id, externalId } },
      include: { lines: true },
    });
  }

  const post = (orderId: string, json: unknown, options: { key?: string; headers?: Record<string, string> } = {}) =>
    cancel.action(
      routeArgs(
        apiRequest(`/api/v1/orders/${orderId}/cancel`, { key: options.key ?? s.key, json, headers: options.headers }),
        {
          id: orderId,
        },
      ),
    );
  const committed = async () =>
    (
      await t.db.stockLevel.findUniqueOrThrow({
        where: { itemId_locationId: { itemId: s.mug.id, locationId: s.main.id } },
      })
    ).committed;

  it("cancels the order, releases its reservations and answers 200 with the order", async () => {
    const order = await placeOrder(2);
    const before = await committed();
    const { status, body } = await readJson<{ data: ApiOrderDetail }>(
      await post(order.id, { ...CANCEL, notify_customer: true, staff_note: "Customer called" }),
    );
    expect(status).toBe(200);
    expect(OrderResponseSchema.safeParse(body).success).toBe(true);
    expect(body.data).toMatchObject({
      id: order.id,
      status: "cancelled",
      cancelled_at: expect.any(String),
      lines: [{ reserved: 0 }],
      timeline: expect.arrayContaining([expect.objectContaining({ kind: "cancelled", source: "api" })]),
    });
    expect(await committed()).toBe(before - 2);
    expect(await t.db.channelCommand.findFirst({ where: { orderId: order.id, kind: "order.cancel" } })).toMatchObject({
      state: "pending",
      payload: { reason: "customer", restock: true, refund: true, notifyCustomer: true, staffNote: "Customer called" },
    });
  });

  it("answers 409 for an order with shipped units or one cancelled already", async () => {
    const shipped = await placeOrder(2);
    const fulfilled = await fulfillments.action(
      routeArgs(
        apiRequest(`/api/v1/orders/${shipped.id}/fulfillments`, {
          key: s.key,
          json: { lines: [{ line_id: shipped.lines[0]!.id, quantity: 1 }] },
        }),
        { id: shipped.id },
      ),
    );
    expect(fulfilled.status).toBe(201);
    const cancelled = await placeOrder(1);
    expect((await post(cancelled.id, CANCEL)).status).toBe(200);

    for (const [orderId, message] of [
      [shipped.id, /shipped unit\(s\).*Shopify refuses to cancel it too/],
      [cancelled.id, /already cancelled/],
    ] as const) {
      const { status, body } = await readJson<ApiErrorBody>(await post(orderId, CANCEL));
      expect(status).toBe(409);
      expect(body.error).toMatchObject({ code: "order_state_conflict", message: expect.stringMatching(message) });
    }
    expect(await t.db.order.findUniqueOrThrow({ where: { id: shipped.id } })).toMatchObject({ status: "open" });
  });

  it("answers 404 for another shop's order and leaves it open", async () => {
    const order = await placeOrder(1);
    const theirs = await seedApiShop(t.db, "Other canceller");
    const { status, body } = await readJson<ApiErrorBody>(await post(order.id, CANCEL, { key: theirs.key }));
    expect(status).toBe(404);
    expect(body.error.code).toBe("not_found");
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "open" });
  });

  it.each([
    ["an unknown reason", { ...CANCEL, reason: "bored" }, ["reason"]],
    ["no restock", { reason: "customer", refund: false }, ["restock"]],
    ["no refund", { reason: "customer", restock: true }, ["refund"]],
    ["a staff note over 255 characters", { ...CANCEL, staff_note: "x".repeat(256) }, ["staff_note"]],
  ])("answers 400 invalid_request for %s", async (_name, json, path) => {
    const order = await placeOrder(1);
    const { status, body } = await readJson<ApiErrorBody>(await post(order.id, json));
    expect(status).toBe(400);
    expect(body.error.details).toEqual({ issues: [expect.objectContaining({ path })] });
  });

  it("answers 405 for GET", async () => {
    const response = await cancel.loader(routeArgs(apiRequest("/api/v1/orders/x/cancel", { key: s.key }), { id: "x" }));
    expect(response.status).toBe(405);
  });

  it("replays the first answer for a repeated Idempotency-Key instead of refusing the cancelled order", async () => {
    const order = await placeOrder(1);
    const headers = { "Idempotency-Key": "erp-cancel-1" };
    const first = await post(order.id, CANCEL, { headers });
    const again = await post(order.id, CANCEL, { headers });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(await first.text());
    expect(await t.db.channelCommand.count({ where: { orderId: order.id, kind: "order.cancel" } })).toBe(1);
  });
});
