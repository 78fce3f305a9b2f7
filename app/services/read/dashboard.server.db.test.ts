import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeShop } from "../../../test/support/ledger-fixtures.ts";
import type { Db } from "../../db.server";
import { loadDashboard, median } from "./dashboard.server";

const HOUR = 60 * 60 * 1000;
const NOW = new Date("2026-03-10T15:00:00Z");
const at = (iso: string) => new Date(iso);

type OrderSpec = {
  channelId: string;
  placedAt: Date;
  quantity?: number;
  status?: string;
  fulfilments?: { at: Date; quantity: number; status?: string }[];
  returned?: { at: Date; quantity: number; status?: string };
};

let sequence = 0;
async function makeOrder(db: Db, shopId: string, spec: OrderSpec) {
  sequence += 1;
  const quantity = spec.quantity ?? 1;
  const order = await db.order.create({
    data: {
      shopId,
      channelId: spec.channelId,
      externalId: `o-${sequence}`,
      name: `#${sequence}`,
      channelUpdatedAt: spec.placedAt,
      placedAt: spec.placedAt,
      status: spec.status ?? "open",
      currency: "USD",
      totalMinor: 1000 * quantity,
      units: quantity,
      lines: { create: { shopId, externalId: "L1", sku: "SKU", title: "Item", quantity, priceMinor: 1000 } },
    },
    include: { lines: true },
  });
  const line = order.lines[0]!;
  for (const fulfilment of spec.fulfilments ?? []) {
    await db.fulfillment.create({
      data: {
        shopId,
        orderId: order.id,
        status: fulfilment.status ?? "success",
        source: "test",
        createdAt: fulfilment.at,
        lines: { create: { orderLineId: line.id, quantity: fulfilment.quantity } },
      },
    });
  }
  if (spec.returned) {
    await db.return.create({
      data: {
        shopId,
        orderId: order.id,
        currency: "USD",
        status: spec.returned.status ?? "received",
        createdAt: spec.returned.at,
        lines: { create: { orderLineId: line.id, quantity: spec.returned.quantity } },
      },
    });
  }
  return order;
}

describe("dashboard figures", () => {
  let t: TestDb;
  let shopId: string;
  let shopify: string;
  let woo: string;
  let otherShopId: string;

  beforeAll(async () => {
    t = await createTestDb();
    const { shop, channels } = await makeShop(t.db, { channels: ["shopify", "woocommerce"] });
    shopId = shop.id;
    shopify = channels[0]!.id;
    woo = channels[1]!.id;
    // Today (10 March): two Shopify orders, one WooCommerce order, one cancelled order that counts nowhere.
    await makeOrder(t.db, shopId, {
      channelId: shopify,
      placedAt: at("2026-03-10T08:00:00Z"),
      quantity: 2,
      fulfilments: [{ at: at("2026-03-10T10:00:00Z"), quantity: 2 }],
    });
    await makeOrder(t.db, shopId, { channelId: shopify, placedAt: at("2026-03-10T09:00:00Z") });
    await makeOrder(t.db, shopId, { channelId: woo, placedAt: at("2026-03-10T01:00:00Z"), quantity: 3 });
    await makeOrder(t.db, shopId, { channelId: woo, placedAt: at("2026-03-10T02:00:00Z"), status: "cancelled" });
    // 8 March: shipped after 6 h and 10 h (a second, later shipment does not count), one unit of four returned.
    await makeOrder(t.db, shopId, {
      channelId: shopify,
      placedAt: at("2026-03-08T00:00:00Z"),
      quantity: 2,
      fulfilments: [
        { at: at("2026-03-08T06:00:00Z"), quantity: 1 },
        { at: at("2026-03-09T12:00:00Z"), quantity: 1 },
      ],
      returned: { at: at("2026-03-09T00:00:00Z"), quantity: 1 },
    });
    await makeOrder(t.db, shopId, {
      channelId: woo,
      placedAt: at("2026-03-08T00:00:00Z"),
      fulfilments: [{ at: at("2026-03-08T10:00:00Z"), quantity: 1 }],
      // A declined return brought nothing back.
      returned: { at: at("2026-03-09T00:00:00Z"), quantity: 1, status: "declined" },
    });
    // 20 February: outside 7 days, inside 30; a cancelled fulfilment is no shipment.
    await makeOrder(t.db, shopId, {
      channelId: woo,
      placedAt: at("2026-02-20T00:00:00Z"),
      fulfilments: [
        { at: at("2026-02-20T01:00:00Z"), quantity: 1, status: "cancelled" },
        { at: at("2026-02-22T00:00:00Z"), quantity: 1 },
      ],
    });
    // Another shop's orders never show.
    const other = await makeShop(t.db, { channels: ["shopify"] });
    otherShopId = other.shop.id;
    await makeOrder(t.db, otherShopId, {
      channelId: other.channels[0]!.id,
      placedAt: at("2026-03-10T08:00:00Z"),
      fulfilments: [{ at: at("2026-03-10T08:30:00Z"), quantity: 1 }],
    });
  });
  afterAll(() => t.drop());

  it("counts today's orders, units and revenue by channel, without cancelled orders or other shops", async () => {
    const today = await loadDashboard(t.db, shopId, { period: "today", now: NOW });
    expect(today.byChannel.map((row) => [row.channelName, row.orders, row.units, row.revenueMinor])).toEqual([
      ["shopify", 2, 3, 3000],
      ["woocommerce", 1, 3, 3000],
    ]);
    expect([today.orders, today.units, today.revenueMinor]).toEqual([3, 6, 6000]);
    expect(today.perDay).toEqual([{ day: "2026-03-10", byChannel: { [shopify]: 2, [woo]: 1 } }]);
  });

  it("gives one bar per day of the period, quiet days as zeros", async () => {
    const week = await loadDashboard(t.db, shopId, { period: "7d", now: NOW });
    expect(week.perDay.map((day) => day.day)).toEqual([
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
      "2026-03-09",
      "2026-03-10",
    ]);
    expect(week.perDay[4]!.byChannel).toEqual({ [shopify]: 1, [woo]: 1 });
    expect(week.perDay[5]!.byChannel).toEqual({ [shopify]: 0, [woo]: 0 });
    const month = await loadDashboard(t.db, shopId, { period: "30d", now: NOW });
    expect(month.perDay).toHaveLength(30);
    expect(month.perDay.find((day) => day.day === "2026-02-20")!.byChannel[woo]).toBe(1);
    expect(month.orders).toBe(6);
  });

  it("takes the median time from order to first shipment over the orders first shipped in the period", async () => {
    // Today only the 2 h shipment.
    expect((await loadDashboard(t.db, shopId, { period: "today", now: NOW })).medianMsToShip).toBe(2 * HOUR);
    // 7 days: 2 h, 6 h and 10 h; the second shipment of 8 March is not a first one.
    expect((await loadDashboard(t.db, shopId, { period: "7d", now: NOW })).medianMsToShip).toBe(6 * HOUR);
    // 30 days adds 48 h (its cancelled fulfilment at 1 h was no shipment): median of 2, 6, 10, 48.
    expect((await loadDashboard(t.db, shopId, { period: "30d", now: NOW })).medianMsToShip).toBe(8 * HOUR);
  });

  it("divides returned units by shipped units in the period, leaving out declined returns", async () => {
    const week = await loadDashboard(t.db, shopId, { period: "7d", now: NOW });
    // Shipped: 2 today, 1 + 1 + 1 around 8 March; returned: 1 (the declined one does not count).
    expect(week.returns).toEqual({ returnedUnits: 1, shippedUnits: 5, rate: 0.2 });
    const today = await loadDashboard(t.db, shopId, { period: "today", now: NOW });
    expect(today.returns).toEqual({ returnedUnits: 0, shippedUnits: 2, rate: 0 });
  });

  it("has no median or rate when nothing shipped, and reports sync health per channel", async () => {
    const dashboard = await loadDashboard(t.db, shopId, { period: "today", now: new Date("2026-04-01T12:00:00Z") });
    expect(dashboard.medianMsToShip).toBeNull();
    expect(dashboard.returns.rate).toBeNull();
    expect(dashboard.orders).toBe(0);
    expect(dashboard.syncHealth.map((row) => [row.channelId, row.level])).toEqual([
      [shopify, "healthy"],
      [woo, "healthy"],
    ]);
    expect(dashboard.awaitingFulfilment).toBe(6);
  });

  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });
});
