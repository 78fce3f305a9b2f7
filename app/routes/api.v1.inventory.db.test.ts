import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db.ts";
import type { ApiErrorBody, InventoryListResponse } from "../services/api/schemas.ts";
import { InventoryListResponseSchema } from "../services/api/schemas.ts";
import { apiRequest, readJson, routeArgs, seedApiShop, type ApiShop } from "../services/api/test-support.ts";
import * as inventory from "./api.v1.inventory.ts";

describe("GET /api/v1/inventory", () => {
  let t: TestDb;
  let s: ApiShop;
  const pushedAt = new Date("2030-02-03T04:05:06.000Z");
  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    s = await seedApiShop(t.db, "Stockist");
    await t.db.channelListing.createMany({
      data: [
        {
          shopId: s.shop.id,
          channelId: s.shopify.id,
          itemId: s.tee.id,
          desiredQty: 5,
          lastPushedQty: 4,
          lastPushedAt: pushedAt,
          syncState: "ok",
        },
        { shopId: s.shop.id, channelId: s.woo.id, itemId: s.tee.id, desiredQty: 5 },
      ],
    });
  });
  afterAll(async () => {
    delete global.channelLedgerDb;
    await t.drop();
  });

  const list = async (query: string) =>
    readJson<InventoryListResponse>(
      await inventory.loader(routeArgs(apiRequest(`/api/v1/inventory${query}`, { key: s.key }))),
    );

  it("answers every item by SKU with its balance per location and per channel listing", async () => {
    const { status, body } = await list("");
    expect(status).toBe(200);
    expect(InventoryListResponseSchema.safeParse(body).success).toBe(true);
    expect(body.data.map((item) => item.sku)).toEqual(["CAP-9", "MUG-1", "TEE-M"]);
    expect(body.next_cursor).toBeNull();
    const tee = body.data.find((item) => item.sku === "TEE-M");
    expect(tee).toEqual({
      id: s.tee.id,
      sku: "TEE-M",
      title: "Item TEE-M",
      barcode: null,
      on_hand: 7,
      committed: 2,
      available: 5,
      locations: [
        { location_id: s.main.id, location_name: "Main warehouse", on_hand: 7, committed: 2, available: 5 },
        { location_id: s.overflow.id, location_name: "Overflow", on_hand: 0, committed: 0, available: 0 },
      ],
      channels: expect.arrayContaining([
        {
          channel_id: s.shopify.id,
          channel_name: "Shopify",
          channel_kind: "shopify",
          sellable: 5,
          last_pushed: { quantity: 4, at: pushedAt.toISOString() },
          sync_state: "ok",
        },
        {
          channel_id: s.woo.id,
          channel_name: "Woo",
          channel_kind: "woocommerce",
          sellable: 5,
          last_pushed: { quantity: null, at: null },
          sync_state: "pending",
        },
      ]),
    });
    expect(body.data.find((item) => item.sku === "MUG-1")).toMatchObject({ on_hand: 14, available: 14, channels: [] });
  });

  it("filters by exact SKU", async () => {
    expect((await list("?sku=MUG-1")).body.data.map((item) => item.id)).toEqual([s.mug.id]);
    expect((await list("?sku=MUG")).body.data).toEqual([]);
    expect((await list("?sku=mug-1")).body.data).toEqual([]);
  });

  it("pages by SKU", async () => {
    const first = await list("?limit=2");
    expect(first.body.data.map((item) => item.sku)).toEqual(["CAP-9", "MUG-1"]);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await list(`?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.data.map((item) => item.sku)).toEqual(["TEE-M"]);
    expect(second.body.next_cursor).toBeNull();
  });

  it.each(["limit=0", "limit=500", "cursor=%21%21", "sku="])("answers 400 for %s", async (query) => {
    const { status, body } = await readJson<ApiErrorBody>(
      await inventory.loader(routeArgs(apiRequest(`/api/v1/inventory?${query}`, { key: s.key }))),
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
  });
});
