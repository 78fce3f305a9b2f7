import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../jobs/in-process-queue.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { snapshot } from "../../test/support/ledger-fixtures.ts";
import { FulfillmentResponseSchema, type FulfillmentResponse } from "../services/api/order-action-schemas.ts";
import type { ApiErrorBody } from "../services/api/schemas.ts";
import { apiRequest, readJson, routeArgs, seedApiShop, type ApiShop } from "../services/api/test-support.ts";
import { applyChannelEvent } from "../services/ledger/apply-channel-event.server.ts";
import { registerIdleShopifyCommander } from "../services/orders/test-support.ts";
import * as fulfillments from "./api.v1.orders.$id.fulfillments.ts";

describe("POST /api/v1/orders/:id/fulfillments", () => {
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
    s = await seedApiShop(t.db, "Shipper");
  });
  afterAll(async () => {
    delete global.channelLedgerDb;
    delete global.channelLedgerQueue;
    await queue.close();
    await t.drop();
  });

  /** A Shopify order of `quantity` mugs, reserved at the main warehouse. */
  async function placeOrder(quantity = 3, shop = s) {
    const externalId = `api-order-${++orders}`;
    await applyChannelEvent(
      t.db,
      shop.shopify,
      { type: "order.upserted", order: snapshot(externalId, 1, [{ sku: "MUG-1", quantity }]) },
      { source: "test" },
    );
    return t.db.order.findUniqueOrThrow({
      where: { channelId_externalId: { channelId: shop.shopify.id, externalId } },
      include: { lines: true },
    });
  }

  const post = (orderId: string, json: unknown, options: { key?: string; headers?: Record<string, string> } = {}) =>
    fulfillments.action(
      routeArgs(
        apiRequest(`/api/v1/orders/${orderId}/fulfillments`, {
          key: options.key ?? s.key,
          json,
          headers: options.headers,
        }),
        { id: orderId },
      ),
    );
  const onHand = async (locationId = s.main.id) =>
    (await t.db.stockLevel.findUniqueOrThrow({ where: { itemId_locationId: { itemId: s.mug.id, locationId } } }))
      .onHand;

  it("ships the units and answers 201 with the fulfilment, pending until the channel has it", async () => {
    const order = await placeOrder();
    const before = await onHand();
    const response = await post(order.id, {
      lines: [{ line_id: order.lines[0]!.id, quantity: 2 }],
      carrier: "DHL",
      tracking_number: "JD0001",
      tracking_url: "https://dhl.example/JD0001",
      notify_customer: true,
    });
    const { status, body } = await readJson<FulfillmentResponse>(response);
    expect(status).toBe(201);
    expect(FulfillmentResponseSchema.safeParse(body).success).toBe(true);
    expect(body.data).toMatchObject({
      external_id: null,
      status: "success",
      location: { id: s.main.id, name: "Main warehouse" },
      carrier: "DHL",
      tracking_number: "JD0001",
      tracking_url: "https://dhl.example/JD0001",
      channel_sync_state: "pending",
      lines: [{ order_line_id: order.lines[0]!.id, sku: "MUG-1", quantity: 2 }],
    });
    expect(await onHand()).toBe(before - 2);
    expect(await t.db.channelCommand.findFirst({ where: { subjectId: body.data.id } })).toMatchObject({
      kind: "fulfillment.create",
      state: "pending",
    });
    expect((await queue.stats()).waiting).toBeGreaterThanOrEqual(1);
    expect(await t.db.stockMovement.findFirst({ where: { orderId: order.id, kind: "ship" } })).toMatchObject({
      source: "api",
      actor: `api-key:${s.apiKeyId}`,
    });
  });

  it("answers 422 for what does not fit the order, naming the field, and ships nothing", async () => {
    const order = await placeOrder(1);
    const line = order.lines[0]!.id;
    const before = await onHand();
    for (const [json, path] of [
      [{ lines: [{ line_id: line, quantity: 2 }] }, ["lines", 0, "quantity"]],
      [{ lines: [{ line_id: "no-such-line", quantity: 1 }] }, ["lines", 0, "line_id"]],
      [{ location_id: "no-such-location", lines: [{ line_id: line, quantity: 1 }] }, ["location_id"]],
    ] as const) {
      const { status, body } = await readJson<ApiErrorBody>(await post(order.id, json));
      expect(status).toBe(422);
      expect(body.error).toMatchObject({
        code: "invalid_order_action",
        details: { issues: [{ path, message: expect.any(String), code: "invalid" }] },
      });
    }
    expect(await onHand()).toBe(before);
  });

  it("answers 409 for a cancelled order", async () => {
    const order = await placeOrder(1);
    await t.db.order.update({ where: { id: order.id }, data: { status: "cancelled" } });
    const { status, body } = await readJson<ApiErrorBody>(
      await post(order.id, { lines: [{ line_id: order.lines[0]!.id, quantity: 1 }] }),
    );
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: "order_state_conflict", message: expect.stringContaining("cancelled") });
  });

  it("answers 404 for an unknown order and for another shop's order", async () => {
    const order = await placeOrder(1);
    const theirs = await seedApiShop(t.db, "Other shipper");
    const json = { lines: [{ line_id: order.lines[0]!.id, quantity: 1 }] };
    for (const [orderId, key] of [
      ["no-such-order", s.key],
      [order.id, theirs.key],
    ] as const) {
      const { status, body } = await readJson<ApiErrorBody>(await post(orderId, json, { key }));
      expect(status).toBe(404);
      expect(body.error.code).toBe("not_found");
    }
    expect(await t.db.fulfillment.count({ where: { orderId: order.id } })).toBe(0);
  });

  it.each([
    ["no lines", { lines: [] }, ["lines"]],
    ["a zero quantity", { lines: [{ line_id: "l", quantity: 0 }] }, ["lines", 0, "quantity"]],
    ["a fractional quantity", { lines: [{ line_id: "l", quantity: 1.5 }] }, ["lines", 0, "quantity"]],
    [
      "a tracking URL that is not http",
      { lines: [{ line_id: "l", quantity: 1 }], tracking_url: "ftp://x" },
      ["tracking_url"],
    ],
    ["an unknown field", { lines: [{ line_id: "l", quantity: 1 }], shipped_at: "today" }, []],
    [
      "notify_customer as a string",
      { lines: [{ line_id: "l", quantity: 1 }], notify_customer: "yes" },
      ["notify_customer"],
    ],
  ])("answers 400 invalid_request for %s", async (_name, json, path) => {
    const order = await placeOrder(1);
    const { status, body } = await readJson<ApiErrorBody>(await post(order.id, json));
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details).toEqual({ issues: expect.arrayContaining([expect.objectContaining({ path })]) });
  });

  it("answers 405 for GET", async () => {
    const { status, body } = await readJson<ApiErrorBody>(
      await fulfillments.loader(routeArgs(apiRequest("/api/v1/orders/x/fulfillments", { key: s.key }), { id: "x" })),
    );
    expect(status).toBe(405);
    expect(body.error.code).toBe("method_not_allowed");
  });

  describe("with an Idempotency-Key", () => {
    it("replays the first answer for the same key and body, shipping once", async () => {
      const order = await placeOrder(3);
      const json = { lines: [{ line_id: order.lines[0]!.id, quantity: 1 }], tracking_number: "R1" };
      const headers = { "Idempotency-Key": "3pl-shipment-1" };
      const before = await onHand();
      const first = await post(order.id, json, { headers });
      const firstText = await first.text();
      expect(first.status).toBe(201);
      const again = await post(order.id, json, { headers });
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await again.text()).toBe(firstText);
      expect(await onHand()).toBe(before - 1);
      expect(await t.db.fulfillment.count({ where: { orderId: order.id } })).toBe(1);
    });

    it("answers 409 when the key comes back with another body or for another order", async () => {
      const order = await placeOrder(3);
      const other = await placeOrder(3);
      const headers = { "Idempotency-Key": "3pl-shipment-2" };
      const json = (id: string) => ({ lines: [{ line_id: id, quantity: 1 }] });
      expect((await post(order.id, json(order.lines[0]!.id), { headers })).status).toBe(201);
      const changed = await post(order.id, { ...json(order.lines[0]!.id), carrier: "UPS" }, { headers });
      expect(changed.status).toBe(409);
      const elsewhere = await readJson<ApiErrorBody>(await post(other.id, json(order.lines[0]!.id), { headers }));
      expect(elsewhere).toMatchObject({ status: 409, body: { error: { code: "idempotency_conflict" } } });
      expect(await t.db.fulfillment.count({ where: { orderId: { in: [order.id, other.id] } } })).toBe(1);
    });
  });
});
