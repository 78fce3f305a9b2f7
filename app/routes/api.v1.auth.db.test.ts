import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { revokeApiKey } from "../services/api-keys.server.ts";
import type { ApiErrorBody } from "../services/api/schemas.ts";
import {
  apiRequest,
  createOrder,
  readJson,
  routeArgs,
  seedApiShop,
  type ApiShop,
} from "../services/api/test-support.ts";
import * as adjustments from "./api.v1.inventory.adjustments.ts";
import * as inventory from "./api.v1.inventory.ts";
import * as order from "./api.v1.orders.$id.ts";
import * as orders from "./api.v1.orders.ts";

describe("REST API authentication and tenancy", () => {
  let t: TestDb;
  let s: ApiShop;
  let other: ApiShop;
  let otherOrderId: string;
  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    s = await seedApiShop(t.db, "Tenant A");
    other = await seedApiShop(t.db, "Tenant B");
    await createOrder(t.db, s);
    otherOrderId = (await createOrder(t.db, other)).id;
  });
  afterAll(async () => {
    delete global.channelLedgerDb;
    await t.drop();
  });

  const endpoints = [
    {
      name: "GET /orders",
      call: (key: string | null) => orders.loader(routeArgs(apiRequest("/api/v1/orders", { key }))),
    },
    {
      name: "GET /orders/:id",
      call: (key: string | null) =>
        order.loader(routeArgs(apiRequest(`/api/v1/orders/${otherOrderId}`, { key }), { id: otherOrderId })),
    },
    {
      name: "GET /inventory",
      call: (key: string | null) => inventory.loader(routeArgs(apiRequest("/api/v1/inventory", { key }))),
    },
    {
      name: "POST /inventory/adjustments",
      call: (key: string | null) =>
        adjustments.action(
          routeArgs(
            apiRequest("/api/v1/inventory/adjustments", {
              key,
              json: { sku: "MUG-1", location_id: s.main.id, delta: 1, reason: "auth test" },
            }),
          ),
        ),
    },
  ];

  it.each(endpoints)("$name answers 401 unauthenticated without a key", async ({ call }) => {
    const response = await call(null);
    const { status, body } = await readJson<ApiErrorBody>(response);
    expect(status).toBe(401);
    expect(body).toEqual({ error: { code: "unauthenticated", message: expect.any(String), details: null } });
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it.each(endpoints)("$name answers 401 for a wrong key", async ({ call }) => {
    const wrong = s.key.slice(0, -1) + (s.key.endsWith("A") ? "B" : "A");
    for (const key of [wrong, "not-a-key", s.key.toUpperCase()]) {
      const { status, body } = await readJson<ApiErrorBody>(await call(key));
      expect(status).toBe(401);
      expect(body.error.code).toBe("unauthenticated");
    }
  });

  it("accepts the key as X-API-Key too, and refuses another Authorization scheme", async () => {
    const viaHeader = await orders.loader(routeArgs(apiRequest("/api/v1/orders", { headers: { "X-API-Key": s.key } })));
    expect(viaHeader.status).toBe(200);
    const basic = await orders.loader(
      routeArgs(apiRequest("/api/v1/orders", { headers: { Authorization: `Basic ${btoa(`${s.key}:`)}` } })),
    );
    expect(basic.status).toBe(401);
    const lowercase = await orders.loader(
      routeArgs(apiRequest("/api/v1/orders", { headers: { Authorization: `bearer ${s.key}` } })),
    );
    expect(lowercase.status).toBe(200);
  });

  it("refuses a revoked key on every endpoint", async () => {
    const revoked = await seedApiShop(t.db, "Tenant R");
    expect((await orders.loader(routeArgs(apiRequest("/api/v1/orders", { key: revoked.key })))).status).toBe(200);
    await revokeApiKey(t.db, { shopId: revoked.shop.id, id: revoked.apiKeyId });
    for (const { call } of endpoints) {
      const { status, body } = await readJson<ApiErrorBody>(await call(revoked.key));
      expect(status).toBe(401);
      expect(body.error.code).toBe("unauthenticated");
    }
  });

  it("answers 404 for another shop's order, exactly as for an id that does not exist", async () => {
    const theirs = await order.loader(
      routeArgs(apiRequest(`/api/v1/orders/${otherOrderId}`, { key: s.key }), { id: otherOrderId }),
    );
    const missing = await order.loader(
      routeArgs(apiRequest("/api/v1/orders/no-such-order", { key: s.key }), { id: "no-such-order" }),
    );
    const theirsJson = await readJson<ApiErrorBody>(theirs);
    expect(theirsJson).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: "Order not found", details: null } },
    });
    expect(await readJson(missing)).toEqual(theirsJson);
    const own = await order.loader(
      routeArgs(apiRequest(`/api/v1/orders/${otherOrderId}`, { key: other.key }), { id: otherOrderId }),
    );
    expect(own.status).toBe(200);
  });

  it("never lists or adjusts another shop's data", async () => {
    const list = await readJson<{ data: { id: string }[] }>(
      await orders.loader(routeArgs(apiRequest(`/api/v1/orders?channel=${other.shopify.id}`, { key: s.key }))),
    );
    expect(list.body.data).toEqual([]);
    const items = await readJson<{ data: { id: string }[] }>(
      await inventory.loader(routeArgs(apiRequest("/api/v1/inventory", { key: s.key }))),
    );
    expect(items.body.data.map((item) => item.id).sort()).toEqual([s.mug.id, s.tee.id, s.cap.id].sort());

    const foreignLocation = await adjustments.action(
      routeArgs(
        apiRequest("/api/v1/inventory/adjustments", {
          key: s.key,
          json: { sku: "MUG-1", location_id: other.main.id, delta: 5, reason: "probe" },
        }),
      ),
    );
    const { status, body } = await readJson<ApiErrorBody>(foreignLocation);
    expect(status).toBe(422);
    expect(body.error.code).toBe("unknown_location");
    expect(await t.db.stockMovement.count({ where: { shopId: s.shop.id, reason: "probe" } })).toBe(0);
    expect(await t.db.stockMovement.count({ where: { locationId: other.main.id, reason: "probe" } })).toBe(0);
  });

  it("answers 405 in the error envelope for a method an endpoint does not serve", async () => {
    const post = await orders.action(routeArgs(apiRequest("/api/v1/orders", { key: s.key, method: "POST" })));
    const { status, body } = await readJson<ApiErrorBody>(post);
    expect(status).toBe(405);
    expect(body.error).toMatchObject({ code: "method_not_allowed", details: { allow: ["GET"] } });
    expect(post.headers.get("allow")).toBe("GET");

    const get = await adjustments.loader(routeArgs(apiRequest("/api/v1/inventory/adjustments", { key: s.key })));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const put = await adjustments.action(
      routeArgs(apiRequest("/api/v1/inventory/adjustments", { key: s.key, method: "PUT", json: {} })),
    );
    expect(put.status).toBe(405);
  });
});
