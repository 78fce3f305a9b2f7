import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db.ts";
import type { ApiErrorBody, ApiOrderDetail, OrderListResponse } from "../services/api/schemas.ts";
import { ApiOrderDetailSchema, OrderListResponseSchema } from "../services/api/schemas.ts";
import {
  apiRequest,
  createOrder,
  readJson,
  routeArgs,
  seedApiShop,
  type ApiShop,
} from "../services/api/test-support.ts";
import * as order from "./api.v1.orders.$id.ts";
import * as orders from "./api.v1.orders.ts";

describe("GET /api/v1/orders", () => {
  let t: TestDb;
  let s: ApiShop;
  // In (updatedAt, id) order, the order the API pages in.
  let expected: { id: string; updatedAt: Date; channelId: string; status: string }[];
  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    s = await seedApiShop(t.db, "Pager");
    const at = (minute: number) => new Date(Date.UTC(2030, 5, 1, 12, minute));
    // Created out of order, with ties on updatedAt that only the id can break.
    const specs = [
      { updatedAt: at(5), channelId: s.woo.id, status: "open" },
      { updatedAt: at(1), channelId: s.shopify.id, status: "open" },
      { updatedAt: at(3), channelId: s.shopify.id, status: "cancelled" },
      { updatedAt: at(3), channelId: s.woo.id, status: "closed" },
      { updatedAt: at(3), channelId: s.shopify.id, status: "open" },
      { updatedAt: at(2), channelId: s.woo.id, status: "open" },
      { updatedAt: at(7), channelId: s.shopify.id, status: "closed" },
    ];
    const created = [];
    for (const spec of specs) created.push({ ...spec, id: (await createOrder(t.db, s, spec)).id });
    expected = created.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || (a.id < b.id ? -1 : 1));
  });
  afterAll(async () => {
    delete global.channelLedgerDb;
    await t.drop();
  });

  const list = async (query: string) => {
    const response = await orders.loader(routeArgs(apiRequest(`/api/v1/orders${query}`, { key: s.key })));
    return readJson<OrderListResponse>(response);
  };

  async function allPages(query: string) {
    const pages: OrderListResponse[] = [];
    let cursor: string | null = null;
    do {
      const separator = query ? "&" : "?";
      const { status, body } = await list(cursor ? `${query}${separator}cursor=${cursor}` : query);
      expect(status).toBe(200);
      pages.push(body);
      cursor = body.next_cursor;
    } while (cursor && pages.length < 20);
    return pages;
  }

  it("pages through every order by (updated_at, id) without duplicates", async () => {
    const pages = await allPages("?limit=3");
    expect(pages.map((page) => page.data.length)).toEqual([3, 3, 1]);
    expect(pages.at(-1)?.next_cursor).toBeNull();
    const ids = pages.flatMap((page) => page.data.map((row) => row.id));
    expect(ids).toEqual(expected.map((row) => row.id));
    expect(new Set(ids).size).toBe(ids.length);
    // The same cursor answers the same page.
    const second = pages[0]?.next_cursor ?? "";
    expect((await list(`?limit=3&cursor=${second}`)).body).toEqual(pages[1]);
  });

  it("answers snake_case orders with money in minor units, matching the documented schema", async () => {
    const { body } = await list("?limit=1");
    expect(OrderListResponseSchema.safeParse(body).success).toBe(true);
    expect(body.data[0]).toMatchObject({
      id: expected[0]?.id,
      channel: { id: s.shopify.id, kind: "shopify", name: "Shopify" },
      status: "open",
      fulfillment_status: "unfulfilled",
      total: { amount_minor: expect.any(Number), currency: "EUR" },
      units: 2,
      customer: { name: "Ada Lovelace", email: "ada@example.com" },
      shipping_address: { city: "London", country: "GB" },
      updated_at: expected[0]?.updatedAt.toISOString(),
    });
  });

  it("defaults to 50 per page", async () => {
    const { body } = await list("");
    expect(body.data).toHaveLength(expected.length);
    expect(body.next_cursor).toBeNull();
  });

  it("polls with updated_since (inclusive) and pages within it", async () => {
    const since = new Date(Date.UTC(2030, 5, 1, 12, 3)).toISOString();
    const pages = await allPages(`?updated_since=${since}&limit=2`);
    const ids = pages.flatMap((page) => page.data.map((row) => row.id));
    expect(ids).toEqual(expected.filter((row) => row.updatedAt.toISOString() >= since).map((row) => row.id));
    expect(ids).toHaveLength(5);
    // A time-zone offset names the same instant.
    const offset = await list(`?updated_since=${encodeURIComponent("2030-06-01T14:03:00+02:00")}`);
    expect(offset.body.data.map((row) => row.id)).toEqual(ids);
  });

  it("moves an order updated between pages to a later page instead of losing it", async () => {
    const first = await list("?limit=2");
    const late = expected[0];
    if (!late) throw new Error("no orders");
    await t.db.order.update({ where: { id: late.id }, data: { updatedAt: new Date(Date.UTC(2030, 5, 2)) } });
    const rest = await allPages(`?limit=2&cursor=${first.body.next_cursor}`);
    const ids = rest.flatMap((page) => page.data.map((row) => row.id));
    expect(ids.at(-1)).toBe(late.id);
    await t.db.order.update({ where: { id: late.id }, data: { updatedAt: late.updatedAt } });
  });

  it("filters by channel and status", async () => {
    const woo = await list(`?channel=${s.woo.id}`);
    expect(woo.body.data.map((row) => row.id)).toEqual(
      expected.filter((row) => row.channelId === s.woo.id).map((row) => row.id),
    );
    const open = await list("?status=open&limit=2");
    expect(open.body.data.every((row) => row.status === "open")).toBe(true);
    const openPages = await allPages("?status=open&limit=2");
    expect(openPages.flatMap((page) => page.data.map((row) => row.id))).toEqual(
      expected.filter((row) => row.status === "open").map((row) => row.id),
    );
    const both = await list(`?channel=${s.shopify.id}&status=closed`);
    expect(both.body.data.map((row) => row.id)).toEqual(
      expected.filter((row) => row.channelId === s.shopify.id && row.status === "closed").map((row) => row.id),
    );
    expect((await list("?channel=no-such-channel")).body.data).toEqual([]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=2.5", "limit"],
    ["limit=ten", "limit"],
    ["status=shipped", "status"],
    ["updated_since=yesterday", "updated_since"],
    ["updated_since=2030-13-01T00:00:00Z", "updated_since"],
    ["cursor=garbage", "cursor"],
    [`cursor=${Buffer.from(JSON.stringify(["not a date", "x"])).toString("base64url")}`, "cursor"],
  ])("answers 400 invalid_request for %s", async (query, field) => {
    const { status, body } = await readJson<ApiErrorBody>(
      await orders.loader(routeArgs(apiRequest(`/api/v1/orders?${query}`, { key: s.key }))),
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details).toEqual({
      issues: [expect.objectContaining({ path: [field], message: expect.any(String) })],
    });
  });
});

describe("GET /api/v1/orders/:id", () => {
  let t: TestDb;
  let s: ApiShop;
  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    s = await seedApiShop(t.db, "Detail");
  });
  afterAll(async () => {
    delete global.channelLedgerDb;
    await t.drop();
  });

  it("answers the order with lines, fulfillments, returns and timeline", async () => {
    const created = await createOrder(t.db, s);
    const line = created.lines[0];
    if (!line) throw new Error("no line");
    await t.db.fulfillment.create({
      data: {
        shopId: s.shop.id,
        orderId: created.id,
        locationId: s.main.id,
        externalId: "f-1",
        carrier: "DHL",
        trackingNumber: "JD0001",
        source: "channel",
        lines: { create: { orderLineId: line.id, quantity: 1 } },
      },
    });
    const ret = await t.db.return.create({
      include: { lines: true },
      data: {
        shopId: s.shop.id,
        orderId: created.id,
        status: "received",
        refundMinor: 999,
        currency: "EUR",
        lines: { create: { orderLineId: line.id, quantity: 1, reason: "too small", receivedQty: 1 } },
      },
    });
    await t.db.timelineEvent.create({
      data: { shopId: s.shop.id, orderId: created.id, kind: "created", message: "Order received", source: "shopify" },
    });

    const response = await order.loader(
      routeArgs(apiRequest(`/api/v1/orders/${created.id}`, { key: s.key }), { id: created.id }),
    );
    const { status, body } = await readJson<{ data: ApiOrderDetail }>(response);
    expect(status).toBe(200);
    expect(ApiOrderDetailSchema.safeParse(body.data).success).toBe(true);
    expect(body.data).toMatchObject({
      id: created.id,
      name: created.name,
      lines: [
        {
          id: line.id,
          sku: "MUG-1",
          quantity: 2,
          reserved: 1,
          fulfilled: 1,
          unit_price: { amount_minor: 999, currency: "EUR" },
          location: { id: s.main.id, name: "Main warehouse" },
        },
      ],
      fulfillments: [
        {
          external_id: "f-1",
          carrier: "DHL",
          tracking_number: "JD0001",
          location: { id: s.main.id, name: "Main warehouse" },
          lines: [{ order_line_id: line.id, sku: "MUG-1", quantity: 1 }],
        },
      ],
      returns: [
        {
          status: "received",
          refund: { amount_minor: 999, currency: "EUR" },
          id: ret.id,
          lines: [
            {
              id: ret.lines[0]!.id,
              order_line_id: line.id,
              sku: "MUG-1",
              quantity: 1,
              reason: "too small",
              received_quantity: 1,
            },
          ],
        },
      ],
      timeline: [{ kind: "created", message: "Order received", source: "shopify" }],
    });
  });
});
