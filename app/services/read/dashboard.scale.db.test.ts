import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeShop } from "../../../test/support/ledger-fixtures.ts";
import { loadDashboard } from "./dashboard.server";

// Found by `npm run load`: with 10,000 orders and 4,600 fulfilments, every dashboard load took over 2 s on SQLite and
// 20 concurrent ones took minutes. The shipped units of the period (and the returned ones) are read as the lines of
// the period's fulfilments (returns); without an index on FulfillmentLine.fulfillmentId (ReturnLine.returnId)
// SQLite scanned every line once per fulfilment of the period: quadratic in the shop's history. The order page and
// returnable quantities read lines by their parent too.

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-03-10T15:00:00Z");
const FULFILMENTS = 1_500;
const LINES = 3;

/** The names of the table's indexes whose first column is `column`. */
async function indexesLeadingWith(t: TestDb, table: string, column: string): Promise<string[]> {
  if (t.provider === "sqlite") {
    const rows = await t.db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT il.name AS name FROM pragma_index_list('${table}') AS il ` +
        `WHERE (SELECT ii.name FROM pragma_index_info(il.name) AS ii WHERE ii.seqno = 0) = '${column}'`,
    );
    return rows.map((row) => row.name);
  }
  const rows = await t.db.$queryRawUnsafe<{ indexname: string; indexdef: string }[]>(
    `SELECT indexname::text AS indexname, indexdef FROM pg_indexes WHERE tablename = '${table}'`,
  );
  return rows.filter((row) => row.indexdef.includes(`("${column}"`)).map((row) => row.indexname);
}

describe("dashboard at scale", () => {
  let t: TestDb;
  let shopId: string;

  beforeAll(async () => {
    t = await createTestDb();
    const { shop, channels } = await makeShop(t.db, { channels: ["shopify"] });
    shopId = shop.id;
    const channelId = channels[0]!.id;
    const orders = [];
    const lines = [];
    const fulfillments = [];
    const fulfillmentLines = [];
    const returns = [];
    const returnLines = [];
    for (let index = 0; index < FULFILMENTS; index++) {
      const placedAt = new Date(NOW.getTime() - (index % 28) * DAY - DAY);
      const orderId = randomUUID();
      orders.push({
        id: orderId,
        shopId,
        channelId,
        externalId: `o-${index}`,
        name: `#${index}`,
        channelUpdatedAt: placedAt,
        placedAt,
        status: "closed",
        currency: "USD",
        totalMinor: 1000 * LINES,
        units: LINES,
      });
      const fulfillmentId = randomUUID();
      fulfillments.push({ id: fulfillmentId, shopId, orderId, source: "test", createdAt: placedAt });
      for (let line = 0; line < LINES; line++) {
        const orderLineId = randomUUID();
        lines.push({
          id: orderLineId,
          shopId,
          orderId,
          externalId: `L${line}`,
          title: "Item",
          quantity: 1,
          priceMinor: 1000,
        });
        fulfillmentLines.push({ fulfillmentId, orderLineId, quantity: 1 });
        if (index % 5 === 0 && line === 0) {
          const returnId = randomUUID();
          returns.push({ id: returnId, shopId, orderId, currency: "USD", status: "received", createdAt: placedAt });
          returnLines.push({ returnId, orderLineId, quantity: 1 });
        }
      }
    }
    await t.db.order.createMany({ data: orders });
    await t.db.orderLine.createMany({ data: lines });
    await t.db.fulfillment.createMany({ data: fulfillments });
    await t.db.fulfillmentLine.createMany({ data: fulfillmentLines });
    await t.db.return.createMany({ data: returns });
    await t.db.returnLine.createMany({ data: returnLines });
  }, 120_000);
  afterAll(() => t.drop());

  it("reads a fulfilment's and a return's lines through an index", async () => {
    expect(await indexesLeadingWith(t, "FulfillmentLine", "fulfillmentId")).not.toEqual([]);
    expect(await indexesLeadingWith(t, "ReturnLine", "returnId")).not.toEqual([]);
  });

  it("looks the period's fulfilment lines up instead of scanning them per fulfilment (SQLite's plan)", async () => {
    if (t.provider !== "sqlite") return;
    // The shape Prisma's query compiler gives the dashboard's shipped-units aggregate.
    const plan = await t.db.$queryRawUnsafe<{ detail: string }[]>(
      `EXPLAIN QUERY PLAN SELECT SUM("quantity") FROM (SELECT "FulfillmentLine"."quantity" FROM "FulfillmentLine" ` +
        `LEFT JOIN "Fulfillment" AS "j0" ON "j0"."id" = "FulfillmentLine"."fulfillmentId" ` +
        `WHERE "j0"."shopId" = ? AND "j0"."createdAt" >= ? AND "j0"."status" = ? AND "j0"."id" IS NOT NULL) AS "sub"`,
      shopId,
      new Date(NOW.getTime() - 30 * DAY),
      "success",
    );
    const steps = plan.map((row) => row.detail);
    expect(steps.some((step) => /SCAN (main\.)?FulfillmentLine\b/.test(step))).toBe(false);
    expect(steps.some((step) => /SEARCH (main\.)?FulfillmentLine USING INDEX/.test(step))).toBe(true);
  });

  it("still adds up the month's shipped and returned units", async () => {
    const month = await loadDashboard(t.db, shopId, { period: "30d", now: NOW });
    expect(month.returns.shippedUnits).toBe(FULFILMENTS * LINES);
    expect(month.returns.returnedUnits).toBe(FULFILMENTS / 5);
    expect(month.orders).toBe(FULFILMENTS);
  });
});
