import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../../jobs/in-process-queue";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { balance } from "../../../test/support/ledger-fixtures.ts";
import { verifyLedger } from "../ledger/verify.server";
import { OrderActionError } from "./errors";
import { fulfilOrder, type FulfilOrderInput } from "./fulfil-order.server";
import { orderShop, registerIdleShopifyCommander, type OrderShop } from "./test-support";

const AS_API = { actor: "api-key:k1", source: "api", queue: null };

describe("fulfilOrder", () => {
  let t: TestDb;
  let s: OrderShop;
  beforeAll(async () => {
    t = await createTestDb();
    registerIdleShopifyCommander();
    s = await orderShop(t.db);
  });
  afterAll(async () => t.drop());

  const fulfil = (input: Partial<FulfilOrderInput> & Pick<FulfilOrderInput, "orderId" | "lines">, options = {}) =>
    fulfilOrder(t.db, s.shop.id, input, { ...AS_API, ...options });
  const writes = async () => ({
    movements: await t.db.stockMovement.count({ where: { shopId: s.shop.id } }),
    fulfillments: await t.db.fulfillment.count({ where: { shopId: s.shop.id } }),
    commands: await t.db.channelCommand.count({ where: { shopId: s.shop.id } }),
  });
  const expectLedgerClean = async () =>
    expect((await verifyLedger(t.db, { shopId: s.shop.id })).mismatches).toEqual([]);

  it("ships the units, keeps a merchant fulfilment and records the command that tells the channel", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 3 }]);
    expect(await balance(t.db, s.tee.id, s.warehouse.id)).toEqual({ onHand: 10, committed: 3, available: 7 });
    const queue = createInProcessQueue({ logger: { info() {}, warn() {}, error() {} } });

    const made = await fulfil(
      {
        orderId: order.id,
        lines: [{ lineId: order.line("TEE").id, quantity: 2 }],
        carrier: "UPS",
        trackingNumber: "1Z1",
        trackingUrl: "https://ups.example/1Z1",
        notifyCustomer: true,
      },
      { queue },
    );

    expect(await balance(t.db, s.tee.id, s.warehouse.id)).toEqual({ onHand: 8, committed: 1, available: 7 });
    const movements = await t.db.stockMovement.findMany({
      where: { orderId: order.id, kind: "ship" },
      select: { onHandDelta: true, committedDelta: true, source: true, actor: true, locationId: true },
    });
    expect(movements).toEqual([
      { onHandDelta: -2, committedDelta: -2, source: "api", actor: "api-key:k1", locationId: s.warehouse.id },
    ]);
    const fulfillment = await t.db.fulfillment.findUniqueOrThrow({
      where: { id: made.fulfillmentId },
      include: { lines: true },
    });
    expect(fulfillment).toMatchObject({
      orderId: order.id,
      locationId: s.warehouse.id,
      externalId: null,
      status: "success",
      source: "merchant",
      carrier: "UPS",
      trackingNumber: "1Z1",
      trackingUrl: "https://ups.example/1Z1",
      notifyCustomer: true,
      channelSyncState: "pending",
      lines: [{ orderLineId: order.line("TEE").id, quantity: 2 }],
    });
    expect(await t.db.channelCommand.findUniqueOrThrow({ where: { id: made.commandId! } })).toMatchObject({
      channelId: s.channel.id,
      orderId: order.id,
      kind: "fulfillment.create",
      subjectId: made.fulfillmentId,
      payload: { fulfillmentId: made.fulfillmentId },
      state: "pending",
    });
    expect((await queue.stats()).waiting).toBe(1);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      fulfillmentStatus: "partial",
    });
    expect(await t.db.timelineEvent.findFirst({ where: { orderId: order.id, kind: "fulfilled" } })).toMatchObject({
      message: "2 unit(s) fulfilled from Warehouse, tracking 1Z1",
      source: "api",
    });

    await fulfil({ orderId: order.id, lines: [{ lineId: order.line("TEE").id, quantity: 1 }] });
    expect(await balance(t.db, s.tee.id, s.warehouse.id)).toEqual({ onHand: 7, committed: 0, available: 7 });
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      fulfillmentStatus: "fulfilled",
    });
    await queue.close();
    await expectLedgerClean();
  });

  it("ships from the location named, releasing the reservation where the line was held", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 2 }]);
    const warehouseBefore = await balance(t.db, s.tee.id, s.warehouse.id);
    const storefrontBefore = await balance(t.db, s.tee.id, s.storefront.id);
    const made = await fulfil({
      orderId: order.id,
      locationId: s.storefront.id,
      lines: [{ lineId: order.line("TEE").id, quantity: 2 }],
    });
    expect(await balance(t.db, s.tee.id, s.warehouse.id)).toEqual({
      ...warehouseBefore,
      committed: warehouseBefore.committed - 2,
      available: warehouseBefore.available + 2,
    });
    expect(await balance(t.db, s.tee.id, s.storefront.id)).toMatchObject({ onHand: storefrontBefore.onHand - 2 });
    expect(await t.db.fulfillment.findUniqueOrThrow({ where: { id: made.fulfillmentId } })).toMatchObject({
      locationId: s.storefront.id,
    });
    await expectLedgerClean();
  });

  it("refuses what does not fit the order, naming the field, and writes nothing", async () => {
    const order = await s.placeOrder([
      { sku: "TEE", quantity: 2 },
      { sku: "CAP", quantity: 1 },
    ]);
    const tee = order.line("TEE").id;
    const cap = order.line("CAP").id;
    const cancelled = await s.placeOrder([{ sku: "TEE", quantity: 1 }]);
    await t.db.order.update({ where: { id: cancelled.id }, data: { status: "cancelled" } });
    const inactive = await t.db.location.create({ data: { shopId: s.shop.id, name: "Closed shop", active: false } });
    const before = await writes();
    const cases: [Parameters<typeof fulfil>[0], string, (string | number)[]][] = [
      [{ orderId: order.id, lines: [{ lineId: tee, quantity: 3 }] }, "invalid", ["lines", 0, "quantity"]],
      [{ orderId: order.id, lines: [{ lineId: "nope", quantity: 1 }] }, "invalid", ["lines", 0, "lineId"]],
      [
        {
          orderId: order.id,
          lines: [
            { lineId: tee, quantity: 1 },
            { lineId: cap, quantity: 1 },
          ],
        },
        "invalid",
        ["locationId"],
      ],
      [{ orderId: order.id, locationId: "nowhere", lines: [{ lineId: tee, quantity: 1 }] }, "invalid", ["locationId"]],
      [
        { orderId: order.id, locationId: inactive.id, lines: [{ lineId: tee, quantity: 1 }] },
        "invalid",
        ["locationId"],
      ],
      [{ orderId: cancelled.id, lines: [{ lineId: cancelled.lines[0]!.id, quantity: 1 }] }, "conflict", []],
      [{ orderId: "no-such-order", lines: [{ lineId: tee, quantity: 1 }] }, "not_found", ["orderId"]],
    ];
    for (const [input, code, path] of cases) {
      const error = await fulfil(input).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(input)).toBeInstanceOf(OrderActionError);
      expect(error).toMatchObject({ code, path });
    }
    expect(await writes()).toEqual(before);
  });

  it("answers another shop's order as not found", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 1 }]);
    const other = await t.db.shop.create({ data: { name: "Someone else" } });
    await expect(
      fulfilOrder(t.db, other.id, { orderId: order.id, lines: [{ lineId: order.lines[0]!.id, quantity: 1 }] }, AS_API),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("ships the last units once when two requests race for them", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 2 }]);
    const before = await balance(t.db, s.tee.id, s.warehouse.id);
    const both = await Promise.allSettled(
      [1, 2].map(() => fulfil({ orderId: order.id, lines: [{ lineId: order.line("TEE").id, quantity: 2 }] })),
    );
    expect(both.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = both.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "invalid", message: 'Line "TEE" has nothing left to fulfil' });
    expect(await balance(t.db, s.tee.id, s.warehouse.id)).toMatchObject({ onHand: before.onHand - 2 });
    await expectLedgerClean();
  });

  it("finds the fulfilment a repeated request made when it names the same id", async () => {
    const order = await s.placeOrder([{ sku: "TEE", quantity: 2 }]);
    const input = { orderId: order.id, lines: [{ lineId: order.line("TEE").id, quantity: 1 }] };
    const first = await fulfil(input, { fulfillmentId: "api_repeat-1" });
    const again = await fulfil(input, { fulfillmentId: "api_repeat-1" });
    expect(again).toEqual(first);
    expect(first.fulfillmentId).toBe("api_repeat-1");
    expect(await t.db.fulfillment.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("records a skipped command and a not_applicable fulfilment on a demo channel", async () => {
    const order = await s.placeOrder([{ sku: "CAP", quantity: 1 }]);
    await t.db.channel.update({ where: { id: s.channel.id }, data: { status: "demo" } });
    try {
      const made = await fulfil({ orderId: order.id, lines: [{ lineId: order.line("CAP").id, quantity: 1 }] });
      expect(await t.db.channelCommand.findUniqueOrThrow({ where: { id: made.commandId! } })).toMatchObject({
        state: "skipped",
        lastError: "the channel is demo",
      });
      expect(await t.db.fulfillment.findUniqueOrThrow({ where: { id: made.fulfillmentId } })).toMatchObject({
        channelSyncState: "not_applicable",
      });
    } finally {
      await t.db.channel.update({ where: { id: s.channel.id }, data: { status: "connected" } });
    }
  });
});
