import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { cancelOrder } from "../orders/cancel-order.server";
import { fulfilOrder } from "../orders/fulfil-order.server";
import { orderShop, registerIdleShopifyCommander, type OrderShop } from "../orders/test-support";
import { loadPickList, PICK_LIST_MAX_ORDERS, PickListQuerySchema } from "./pick-list.server";

const AS_MERCHANT = { actor: "operator:merchant@example.com", source: "ui", queue: null };

describe("loadPickList", () => {
  let t: TestDb;
  let s: OrderShop;
  beforeAll(async () => {
    t = await createTestDb();
    registerIdleShopifyCommander();
    s = await orderShop(t.db);
  });
  afterAll(() => t.drop());

  it("groups the units left to ship by location, then SKU, naming the orders they are for", async () => {
    // TEE is reserved at the warehouse (first location with stock), CAP at the storefront (its only stock).
    const first = await s.placeOrder([
      { sku: "TEE", quantity: 3 },
      { sku: "CAP", quantity: 1 },
    ]);
    const second = await s.placeOrder([{ sku: "TEE", quantity: 2 }]);
    const shipped = await s.placeOrder([{ sku: "TEE", quantity: 1 }]);
    const cancelled = await s.placeOrder([{ sku: "CAP", quantity: 1 }]);
    await fulfilOrder(
      t.db,
      s.shop.id,
      { orderId: first.id, lines: [{ lineId: first.line("TEE").id, quantity: 1 }] },
      AS_MERCHANT,
    );
    await fulfilOrder(
      t.db,
      s.shop.id,
      { orderId: shipped.id, lines: [{ lineId: shipped.line("TEE").id, quantity: 1 }] },
      AS_MERCHANT,
    );
    await cancelOrder(
      t.db,
      s.shop.id,
      { orderId: cancelled.id, reason: "customer", restock: true, refund: false },
      AS_MERCHANT,
    );

    const list = await loadPickList(t.db, s.shop.id, [first.id, second.id, shipped.id, cancelled.id, "elsewhere"]);

    expect(list.locations).toEqual([
      {
        id: s.storefront.id,
        name: "Storefront",
        units: 1,
        items: [{ sku: "CAP", title: "CAP", quantity: 1, orders: [{ id: first.id, name: first.name, quantity: 1 }] }],
      },
      {
        id: s.warehouse.id,
        name: "Warehouse",
        units: 4,
        items: [
          {
            sku: "TEE",
            title: "TEE",
            quantity: 4,
            orders: [
              { id: first.id, name: first.name, quantity: 2 },
              { id: second.id, name: second.name, quantity: 2 },
            ],
          },
        ],
      },
    ]);
    expect(list.units).toBe(5);
    expect(list.nothingToPick).toEqual([
      { id: shipped.id, name: shipped.name, reason: "nothing left to fulfil" },
      { id: cancelled.id, name: cancelled.name, reason: "cancelled" },
    ]);
    expect(list.unknownIds).toEqual(["elsewhere"]);
  });

  it("never reads another shop's orders", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 1 }]);
    const other = await t.db.shop.create({ data: { name: "Other" } });
    const list = await loadPickList(t.db, other.id, [order.id]);
    expect(list).toMatchObject({ orders: [], locations: [], units: 0, unknownIds: [order.id] });
  });
});

describe("PickListQuerySchema", () => {
  it("reads comma-separated and repeated ids once each", () => {
    expect(PickListQuerySchema.parse({ ids: ["a,b", "b", " c ,"] })).toEqual({ ids: ["a", "b", "c"] });
    expect(PickListQuerySchema.parse({ ids: [] })).toEqual({ ids: [] });
  });

  it("refuses more orders than one pick list takes", () => {
    const ids = Array.from({ length: PICK_LIST_MAX_ORDERS + 1 }, (_, n) => `o${n}`).join(",");
    const refused = PickListQuerySchema.safeParse({ ids: [ids] });
    expect(refused.error?.issues[0]?.message).toBe(`Choose at most ${PICK_LIST_MAX_ORDERS} orders for one pick list`);
  });
});
