import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeItem, makeShop, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent } from "../ledger/apply-channel-event.server";
import { createReturn } from "./create-return.server";
import { OrderActionError } from "./errors";
import { receiveReturn } from "./receive-return.server";
import { addReturnNote, availableSteps, moveReturn, NOTES_MAX } from "./return-status.server";

// The steps a merchant takes on a return besides receiving it: each allowed from the statuses its rule names and
// refused as a conflict from any other, scoped by shop, and written on the order's timeline naming the return.

const ctx = { source: "test" };
const actor = { actor: "user:merchant", queue: null };

describe("return status steps", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  let orders = 0;

  /** An order of 3 tees on a manual channel (no commands), all shipped, and a return of 2 of them. */
  async function setup(status?: string) {
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["manual"] });
    const [location, channel] = [locations[0]!, channels[0]!];
    await makeItem(t.db, shop.id, "TEE", [{ locationId: location.id, onHand: 10 }]);
    const externalId = String(8000 + ++orders);
    await applyChannelEvent(
      t.db,
      channel,
      { type: "order.upserted", order: snapshot(externalId, 1, [{ sku: "TEE", quantity: 3 }]) },
      ctx,
    );
    await applyChannelEvent(
      t.db,
      channel,
      {
        type: "fulfillment.changed",
        orderExternalId: externalId,
        fulfillmentExternalId: `F${externalId}`,
        status: "success",
        lines: [{ lineExternalId: "L1", quantity: 3 }],
        updatedAt: new Date(),
      },
      ctx,
    );
    const order = await t.db.order.findFirstOrThrow({ where: { shopId: shop.id }, include: { lines: true } });
    const line = order.lines[0]!;
    const opened = await createReturn(
      t.db,
      shop.id,
      { orderId: order.id, lines: [{ lineId: line.id, quantity: 2 }] },
      actor,
    );
    // A customer's request arrives from the channel as "requested"; here it is set directly.
    if (status) await t.db.return.update({ where: { id: opened.id }, data: { status } });
    return { shop, order, line, returnId: opened.id, returnLineId: opened.lines[0]!.id };
  }

  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OrderActionError);
    const { code, message } = error as OrderActionError;
    return { code, message };
  };
  const statusOf = async (returnId: string) =>
    (await t.db.return.findUniqueOrThrow({ where: { id: returnId }, select: { status: true } })).status;
  const lastEvent = (orderId: string) =>
    t.db.timelineEvent.findFirstOrThrow({ where: { orderId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });

  it("approves a requested return, and records who did it on the order's timeline", async () => {
    const { shop, order, returnId } = await setup("requested");
    expect(await moveReturn(t.db, shop.id, "approve", { returnId }, actor)).toEqual({
      id: returnId,
      status: "approved",
      from: "requested",
    });
    expect(await statusOf(returnId)).toBe("approved");
    expect(await lastEvent(order.id)).toMatchObject({
      kind: "return",
      message: "Return approved",
      source: "ui",
      data: { returnId, from: "requested", to: "approved", actor: "user:merchant" },
    });
  });

  it("refuses to approve or decline a return that is not a request", async () => {
    const { shop, returnId } = await setup();
    expect(await refusal(moveReturn(t.db, shop.id, "approve", { returnId }, actor))).toEqual({
      code: "conflict",
      message: "This return is approved: only a requested return can be approved",
    });
    expect(await refusal(moveReturn(t.db, shop.id, "decline", { returnId }, actor))).toEqual({
      code: "conflict",
      message: "This return is approved: only a requested return can be declined",
    });
    expect(await statusOf(returnId)).toBe("approved");
  });

  it("declines a requested return with its reason, which frees its units for another return", async () => {
    const { shop, order, line, returnId } = await setup("requested");
    await moveReturn(t.db, shop.id, "decline", { returnId, reason: "Outside the return window" }, actor);
    expect(await statusOf(returnId)).toBe("declined");
    expect((await lastEvent(order.id)).message).toBe("Return declined: Outside the return window");
    const again = await createReturn(
      t.db,
      shop.id,
      { orderId: order.id, lines: [{ lineId: line.id, quantity: 3 }] },
      actor,
    );
    expect(again.status).toBe("approved");
    expect(await refusal(moveReturn(t.db, shop.id, "approve", { returnId }, actor))).toMatchObject({
      code: "conflict",
      message: "This return is declined: only a requested return can be approved",
    });
  });

  it("marks an approved return in transit, and receives it from there", async () => {
    const { shop, returnId, returnLineId } = await setup();
    await moveReturn(t.db, shop.id, "markInTransit", { returnId }, actor);
    expect(await statusOf(returnId)).toBe("in_transit");
    expect(await refusal(moveReturn(t.db, shop.id, "markInTransit", { returnId }, actor))).toEqual({
      code: "conflict",
      message: "This return is in transit and cannot be marked in transit",
    });
    await receiveReturn(
      t.db,
      shop.id,
      { returnId, lines: [{ returnLineId, quantity: 2, disposition: "restock" }], refund: false },
      actor,
    );
    expect(await statusOf(returnId)).toBe("received");
  });

  it("refuses to mark a request in transit before it is approved", async () => {
    const { shop, returnId } = await setup("requested");
    expect(await refusal(moveReturn(t.db, shop.id, "markInTransit", { returnId }, actor))).toEqual({
      code: "conflict",
      message: "This return is a request: approve it before marking it in transit",
    });
  });

  it("closes a return only once every unit is received, then expects nothing more", async () => {
    const { shop, returnId, returnLineId } = await setup();
    expect(await refusal(moveReturn(t.db, shop.id, "close", { returnId }, actor))).toEqual({
      code: "conflict",
      message: "This return is approved: receive its units before closing it",
    });
    await receiveReturn(
      t.db,
      shop.id,
      { returnId, lines: [{ returnLineId, quantity: 1, disposition: "restock" }], refund: false },
      actor,
    );
    expect(await refusal(moveReturn(t.db, shop.id, "close", { returnId }, actor))).toEqual({
      code: "conflict",
      message: "1 unit(s) are still expected back: receive them first (dispose of any that never arrive)",
    });
    const rest = await t.db.returnLine.findFirstOrThrow({ where: { returnId, receivedQty: 0 } });
    await receiveReturn(
      t.db,
      shop.id,
      {
        returnId,
        lines: [{ returnLineId: rest.id, quantity: 1, disposition: "dispose", condition: "never arrived" }],
        refund: false,
      },
      actor,
    );
    await moveReturn(t.db, shop.id, "close", { returnId }, actor);
    expect(await statusOf(returnId)).toBe("closed");
    expect(await refusal(moveReturn(t.db, shop.id, "close", { returnId }, actor))).toEqual({
      code: "conflict",
      message: "This return is closed and cannot be closed",
    });
  });

  it("closes a refunded return, keeping on the timeline that it was refunded", async () => {
    const { shop, order, returnId, returnLineId } = await setup();
    await receiveReturn(
      t.db,
      shop.id,
      { returnId, lines: [{ returnLineId, quantity: 2, disposition: "restock" }], refund: true },
      actor,
    );
    expect(await statusOf(returnId)).toBe("refunded");
    await moveReturn(t.db, shop.id, "close", { returnId, reason: "All done" }, actor);
    expect(await lastEvent(order.id)).toMatchObject({
      message: "Return closed: All done",
      data: { returnId, from: "refunded", to: "closed" },
    });
  });

  it("finds only the shop's own returns", async () => {
    const { returnId } = await setup("requested");
    const other = await makeShop(t.db);
    expect(await refusal(moveReturn(t.db, other.shop.id, "approve", { returnId }, actor))).toEqual({
      code: "not_found",
      message: `Return ${returnId} not found`,
    });
    expect(await refusal(addReturnNote(t.db, other.shop.id, { returnId, note: "Hi" }, actor))).toMatchObject({
      code: "not_found",
    });
    expect(await statusOf(returnId)).toBe("requested");
  });

  it("appends notes, whatever the status, until the notes are full", async () => {
    const { shop, order, returnId } = await setup("declined");
    await addReturnNote(t.db, shop.id, { returnId, note: "Customer called" }, actor);
    const second = await addReturnNote(t.db, shop.id, { returnId, note: "  Box was crushed  " }, actor);
    expect(second.note).toBe("Customer called\n\nBox was crushed");
    expect(await lastEvent(order.id)).toMatchObject({ message: "Return note: Box was crushed", data: { returnId } });
    await t.db.return.update({ where: { id: returnId }, data: { note: "x".repeat(NOTES_MAX - 5) } });
    expect(await refusal(addReturnNote(t.db, shop.id, { returnId, note: "One more line" }, actor))).toEqual({
      code: "invalid",
      message: "This return's notes are full (5,000 characters)",
    });
  });

  it("offers only the steps the status allows", () => {
    const expected = [{ quantity: 2, disposition: null, receivedQty: 0 }];
    const received = [{ quantity: 2, disposition: "restock", receivedQty: 2 }];
    expect(availableSteps({ status: "requested", lines: expected })).toEqual({
      approve: true,
      decline: true,
      markInTransit: false,
      close: false,
      receive: false,
    });
    expect(availableSteps({ status: "approved", lines: expected })).toMatchObject({
      markInTransit: true,
      receive: true,
    });
    expect(availableSteps({ status: "received", lines: [...received, ...expected] })).toMatchObject({
      close: false,
      receive: true,
    });
    expect(availableSteps({ status: "refunded", lines: received })).toMatchObject({ close: true, receive: false });
    expect(Object.values(availableSteps({ status: "closed", lines: received })).some(Boolean)).toBe(false);
  });
});
