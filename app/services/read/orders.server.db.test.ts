import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { listOrders, OrderListQuerySchema, type OrderListQuery } from "./orders.server";

const ORDERS = 20_000;
const SKUS = ["TEE-S", "TEE-M", "HOOD-L", "CAP-OS", "SOCK-M"];
const CUSTOMERS = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Rosalind Franklin"];
const STATUSES = ["open", "open", "open", "cancelled", "closed"];
const FULFILMENTS = ["unfulfilled", "partial", "fulfilled"];
const START = Date.UTC(2025, 0, 1);

type Seeded = {
  id: string;
  name: string;
  channelId: string;
  status: string;
  fulfillmentStatus: string;
  customerName: string;
  placedAt: Date;
  sku: string;
};

/** Newest first, ties by id descending: the order the list promises. */
const byListOrder = (a: Seeded, b: Seeded) =>
  b.placedAt.getTime() - a.placedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

describe("listOrders at scale", () => {
  let t: TestDb;
  let shopId: string;
  let shopifyId: string;
  let wooId: string;
  const seeded: Seeded[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    const shop = await t.db.shop.create({ data: { name: "Busy shop" } });
    shopId = shop.id;
    const [shopify, woo] = await Promise.all(
      ["shopify", "woocommerce"].map((kind) =>
        t.db.channel.create({ data: { shopId, kind, name: kind, externalRef: `${kind}.test` } }),
      ),
    );
    shopifyId = shopify!.id;
    wooId = woo!.id;
    for (let n = 0; n < ORDERS; n++) {
      // Every third order shares its minute with the one before it, so the id has to break ties.
      const minute = n - Math.floor(n / 3);
      seeded.push({
        id: `ord_${String(n).padStart(6, "0")}`,
        name: n % 4 === 0 ? `WC-${10_000 + n}` : `#${10_000 + n}`,
        channelId: n % 4 === 0 ? wooId : shopifyId,
        status: STATUSES[n % STATUSES.length]!,
        fulfillmentStatus: FULFILMENTS[n % FULFILMENTS.length]!,
        customerName: CUSTOMERS[n % CUSTOMERS.length]!,
        placedAt: new Date(START + minute * 60_000),
        sku: SKUS[n % 7 === 0 ? 4 : n % 4]!,
      });
    }
    for (let start = 0; start < ORDERS; start += 2_000) {
      const chunk = seeded.slice(start, start + 2_000);
      await t.db.order.createMany({
        data: chunk.map(({ sku: _sku, ...order }) => ({
          ...order,
          shopId,
          externalId: order.id,
          channelUpdatedAt: order.placedAt,
          currency: "USD",
          totalMinor: 1000,
        })),
      });
      await t.db.orderLine.createMany({
        data: chunk.map((order) => ({
          shopId,
          orderId: order.id,
          externalId: "1",
          sku: order.sku,
          title: order.sku,
          quantity: 1,
          priceMinor: 1000,
        })),
      });
    }
    // Another shop's order in the same minutes: never listed.
    const other = await t.db.shop.create({ data: { name: "Other shop" } });
    const otherChannel = await t.db.channel.create({
      data: { shopId: other.id, kind: "shopify", name: "shopify", externalRef: "other.test" },
    });
    await t.db.order.create({
      data: {
        shopId: other.id,
        channelId: otherChannel.id,
        externalId: "x",
        name: "#10001",
        channelUpdatedAt: new Date(START),
        placedAt: new Date(START + 60_000),
        currency: "USD",
        totalMinor: 1,
        customerName: "Ada Lovelace",
      },
    });
  }, 120_000);
  afterAll(() => t.drop());

  const query = (input: Record<string, string | number>): OrderListQuery => OrderListQuerySchema.parse(input);
  const ids = (orders: { id: string }[]) => orders.map((order) => order.id);

  /** Follows next cursors from the first page and returns page `index` (0-based). */
  async function pageAt(filters: Record<string, string | number>, index: number) {
    let page = await listOrders(t.db, shopId, query(filters));
    for (let n = 0; n < index; n++) {
      if (!page.nextCursor) throw new Error(`no page ${n + 1}`);
      page = await listOrders(t.db, shopId, query({ ...filters, cursor: page.nextCursor }));
    }
    return page;
  }

  it("returns the right rows on a deep page, ties in placedAt broken by id", async () => {
    const expected = [...seeded].sort(byListOrder);
    const page = await pageAt({ limit: 100 }, 150);
    expect(ids(page.orders)).toEqual(ids(expected.slice(15_000, 15_100)));
    expect(page.previousCursor).not.toBeNull();

    const last = await pageAt({ limit: 100 }, 199);
    expect(ids(last.orders)).toEqual(ids(expected.slice(19_900, 20_000)));
    expect(last.nextCursor).toBeNull();
  });

  it("pages through filters with the same keyset, and back again without history", async () => {
    const filters = { channelId: shopifyId, status: "open", fulfillment: "partial", limit: 50 };
    const expected = seeded
      .filter((o) => o.channelId === shopifyId && o.status === "open" && o.fulfillmentStatus === "partial")
      .sort(byListOrder);
    expect(expected.length).toBeGreaterThan(1_000);

    const deep = await pageAt(filters, 20);
    expect(ids(deep.orders)).toEqual(ids(expected.slice(1_000, 1_050)));

    const back = await listOrders(t.db, shopId, query({ ...filters, before: deep.previousCursor! }));
    expect(ids(back.orders)).toEqual(ids(expected.slice(950, 1_000)));
    expect(back.nextCursor).not.toBeNull();
    const forward = await listOrders(t.db, shopId, query({ ...filters, cursor: back.nextCursor! }));
    expect(ids(forward.orders)).toEqual(ids(deep.orders));

    const second = await pageAt(filters, 1);
    const first = await listOrders(t.db, shopId, query({ ...filters, before: second.previousCursor! }));
    expect(ids(first.orders)).toEqual(ids(expected.slice(0, 50)));
    expect(first.previousCursor).toBeNull();
  });

  it("filters by the placedAt date range, both days included", async () => {
    const from = new Date(START + 2 * 24 * 3600_000);
    const to = new Date(START + 4 * 24 * 3600_000 - 1);
    const expected = seeded
      .filter((o) => o.placedAt >= from && o.placedAt <= to && o.status === "cancelled")
      .sort(byListOrder);
    const filters = { placedFrom: "2025-01-03", placedTo: "2025-01-04", status: "cancelled", limit: 100 };
    const listed: string[] = [];
    let page = await listOrders(t.db, shopId, query(filters));
    listed.push(...ids(page.orders));
    while (page.nextCursor) {
      page = await listOrders(t.db, shopId, query({ ...filters, cursor: page.nextCursor }));
      listed.push(...ids(page.orders));
    }
    expect(expected.length).toBeGreaterThan(100);
    expect(listed).toEqual(ids(expected));
  });

  it("searches order numbers, customer names and line SKUs", async () => {
    const byNumber = await listOrders(t.db, shopId, query({ q: "12345" }));
    expect(byNumber.orders.map((order) => order.name)).toEqual(["#12345"]);

    // In any letter case, on PostgreSQL too.
    const byCustomer = await listOrders(t.db, shopId, query({ q: "franklin", status: "closed", limit: 100 }));
    const franklins = seeded.filter((o) => o.customerName === "Rosalind Franklin" && o.status === "closed");
    expect(ids(byCustomer.orders)).toEqual(ids([...franklins].sort(byListOrder).slice(0, 100)));

    const bySku = await listOrders(t.db, shopId, query({ q: "sock-m", limit: 100 }));
    const socks = seeded.filter((o) => o.sku === "SOCK-M").sort(byListOrder);
    expect(ids(bySku.orders)).toEqual(ids(socks.slice(0, 100)));
  });

  it("never lists another shop's orders", async () => {
    const page = await listOrders(t.db, shopId, query({ q: "#10001" }));
    expect(page.orders.map((order) => order.id)).toEqual(["ord_000001"]);
  });

  it("refuses a cursor it did not issue with a 400", async () => {
    const refused = await listOrders(t.db, shopId, query({ cursor: "not-a-cursor" })).catch((error) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
  });
});

describe("OrderListQuerySchema", () => {
  it("treats cleared filters as none and refuses unknown values with a message", () => {
    expect(OrderListQuerySchema.parse({ status: "", q: "  ", channelId: "" })).toEqual({ limit: 25 });
    const refused = OrderListQuerySchema.safeParse({
      status: "shipped",
      placedFrom: "2025-02-01",
      placedTo: "2025-01-01",
    });
    expect(refused.success).toBe(false);
    const messages = refused.error?.issues.map((issue) => issue.message);
    expect(messages).toContain("Status is open, cancelled or closed");
  });

  it("refuses a date range that ends before it starts", () => {
    const refused = OrderListQuerySchema.safeParse({ placedFrom: "2025-02-01", placedTo: "2025-01-01" });
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual(["Placed from is after placed to"]);
  });
});
