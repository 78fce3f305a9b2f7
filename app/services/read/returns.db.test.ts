import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeItem, makeShop, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent } from "../ledger/apply-channel-event.server";
import { createReturn } from "../orders/create-return.server";
import { receiveReturn } from "../orders/receive-return.server";
import { moveReturn } from "../orders/return-status.server";
import { getReturnDetail, listReturns } from "./returns.server";

// The Returns screens' read models: the shop's returns newest first, filtered and paged, and one return with its
// lines, the steps it can take and its part of the order's timeline.

const ctx = { source: "test" };
const actor = { actor: "user:merchant", queue: null };

describe("returns read models", () => {
  let t: TestDb;
  let shopId: string;
  let otherShopId: string;
  let orderId: string;
  let lineIds: { tee: string; cap: string };
  let locationName: string;

  beforeAll(async () => {
    t = await createTestDb();
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["manual"] });
    const [location, channel] = [locations[0]!, channels[0]!];
    shopId = shop.id;
    locationName = location.name;
    await makeItem(t.db, shop.id, "TEE", [{ locationId: location.id, onHand: 10 }]);
    await makeItem(t.db, shop.id, "CAP", [{ locationId: location.id, onHand: 10 }]);
    const order = snapshot("6001", 1, [
      { sku: "TEE", quantity: 6 },
      { sku: "CAP", quantity: 2 },
    ]);
    await applyChannelEvent(t.db, channel, { type: "order.upserted", order }, ctx);
    await applyChannelEvent(
      t.db,
      channel,
      {
        type: "fulfillment.changed",
        orderExternalId: "6001",
        fulfillmentExternalId: "F1",
        status: "success",
        lines: [
          { lineExternalId: "L1", quantity: 6 },
          { lineExternalId: "L2", quantity: 2 },
        ],
        updatedAt: new Date(),
      },
      ctx,
    );
    const stored = await t.db.order.findFirstOrThrow({ where: { shopId }, include: { lines: true } });
    orderId = stored.id;
    lineIds = {
      tee: stored.lines.find((line) => line.sku === "TEE")!.id,
      cap: stored.lines.find((line) => line.sku === "CAP")!.id,
    };
    otherShopId = (await makeShop(t.db)).shop.id;
  });
  afterAll(() => t.drop());

  const open = (lines: { lineId: string; quantity: number; reason?: string }[]) =>
    createReturn(t.db, shopId, { orderId, lines }, actor);

  it("lists the shop's returns newest first with their units, a page at a time, and filters by status", async () => {
    const first = await open([{ lineId: lineIds.tee, quantity: 1 }]);
    const second = await open([
      { lineId: lineIds.tee, quantity: 1 },
      { lineId: lineIds.cap, quantity: 2 },
    ]);
    const third = await open([{ lineId: lineIds.tee, quantity: 1 }]);
    await moveReturn(t.db, shopId, "markInTransit", { returnId: second.id }, actor);
    // Opened within a few milliseconds of each other: set apart so the order cannot tie.
    for (const [index, { id }] of [first, second, third].entries()) {
      await t.db.return.update({ where: { id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1, index)) } });
    }

    const page1 = await listReturns(t.db, shopId, { limit: 2 });
    expect(page1.returns.map((row) => row.id)).toEqual([third.id, second.id]);
    expect(page1.returns[1]).toMatchObject({
      status: "in_transit",
      units: 3,
      refundMinor: null,
      channelSyncState: "not_applicable",
      order: { id: orderId, name: "#6001", channel: { kind: "manual" } },
    });
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await listReturns(t.db, shopId, { limit: 2, cursor: page1.nextCursor! });
    expect(page2.returns.map((row) => row.id)).toEqual([first.id]);
    expect(page2.nextCursor).toBeNull();

    const inTransit = await listReturns(t.db, shopId, { limit: 25, status: "in_transit" });
    expect(inTransit.returns.map((row) => row.id)).toEqual([second.id]);
    expect(inTransit.counts).toEqual({ approved: 2, in_transit: 1 });

    expect((await listReturns(t.db, otherShopId, { limit: 25 })).returns).toEqual([]);
  });

  it("answers a cursor it did not make with a 400", async () => {
    const refused = await listReturns(t.db, shopId, { limit: 25, cursor: "not-a-cursor" }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
  });

  it("reads one return with its lines, the steps it can take and its own activity", async () => {
    const mine = await open([{ lineId: lineIds.tee, quantity: 1, reason: "Too small" }]);
    // Another return of the same order: its steps are on the order's timeline too, but not this return's.
    const other = await open([{ lineId: lineIds.tee, quantity: 1 }]);
    await moveReturn(t.db, shopId, "markInTransit", { returnId: other.id }, actor);
    await receiveReturn(
      t.db,
      shopId,
      {
        returnId: mine.id,
        lines: [{ returnLineId: mine.lines[0]!.id, quantity: 1, disposition: "restock", condition: "As new" }],
        refund: false,
      },
      actor,
    );

    const detail = await getReturnDetail(t.db, shopId, mine.id);
    expect(detail).toMatchObject({
      id: mine.id,
      status: "received",
      unitsExpected: 0,
      steps: { approve: false, decline: false, markInTransit: false, close: true, receive: false },
      order: { id: orderId, name: "#6001", customerName: "Ada Lovelace" },
    });
    expect(detail!.lines).toEqual([
      {
        id: mine.lines[0]!.id,
        quantity: 1,
        reason: "Too small",
        condition: "As new",
        disposition: "restock",
        receivedQty: 1,
        sku: "TEE",
        title: "TEE",
        locationName,
      },
    ]);
    const messages = detail!.activity.map((event) => event.message);
    expect(messages).toContain("Return received: 1 unit(s) restocked");
    expect(messages).not.toContain("Return marked in transit");

    expect(await getReturnDetail(t.db, otherShopId, mine.id)).toBeNull();
    expect(await getReturnDetail(t.db, shopId, "no-such-return")).toBeNull();
  });
});
