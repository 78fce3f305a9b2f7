import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { balance, makeItem, makeShop, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent } from "../ledger/apply-channel-event.server";
import { verifyLedger } from "../ledger/verify.server";
import { createReturn } from "./create-return.server";
import { OrderActionError } from "./errors";
import { receiveReturn } from "./receive-return.server";

// What a merchant cannot return or receive, refused with a typed error naming the field at fault (a route answers
// it as 404, 409 or 422), and returns on a channel that takes no commands: the ledger still does its part.

const ctx = { source: "test" };
const actor = { actor: "user:merchant", queue: null };

describe("merchant returns: validation", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  /** An order of 3 tees on a manual channel (no commands), 2 of them shipped. */
  async function setup() {
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["manual"] });
    const [location, channel] = [locations[0]!, channels[0]!];
    const item = await makeItem(t.db, shop.id, "TEE", [{ locationId: location.id, onHand: 10 }]);
    const order = snapshot("7001", 1, [{ sku: "TEE", quantity: 3 }]);
    await applyChannelEvent(t.db, channel, { type: "order.upserted", order }, ctx);
    await applyChannelEvent(
      t.db,
      channel,
      {
        type: "fulfillment.changed",
        orderExternalId: "7001",
        fulfillmentExternalId: "F1",
        status: "success",
        lines: [{ lineExternalId: "L1", quantity: 2 }],
        updatedAt: new Date(),
      },
      ctx,
    );
    const stored = await t.db.order.findFirstOrThrow({ where: { shopId: shop.id }, include: { lines: true } });
    return { shop, location, channel, item, order: stored, line: stored.lines[0]! };
  }

  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OrderActionError);
    const { code, message, path } = error as OrderActionError;
    return { code, message, path };
  };

  it("returns only shipped units not already on a live return", async () => {
    const { shop, order, line } = await setup();
    const open = (quantity: number) =>
      createReturn(t.db, shop.id, { orderId: order.id, lines: [{ lineId: line.id, quantity }] }, actor);
    expect(await refusal(open(3))).toEqual({
      code: "invalid",
      message: "Only 2 unit(s) of TEE can be returned: shipped and not already returned",
      path: ["lines", 0, "quantity"],
    });
    const first = await open(2);
    expect(first).toMatchObject({ status: "approved", channelSyncState: "not_applicable" });
    expect(await t.db.channelCommand.findFirstOrThrow({ where: { subjectId: first.id } })).toMatchObject({
      state: "skipped",
      lastError: "manual channels do not take return.create",
    });
    expect(await refusal(open(1))).toMatchObject({
      code: "invalid",
      message: "No unit of TEE can be returned: none is shipped and not already returned",
    });
    // A declined return frees its units again.
    await t.db.return.update({ where: { id: first.id }, data: { status: "declined" } });
    expect(await open(2)).toMatchObject({ status: "approved" });
  });

  it("counts units a refund put back without a return as already returned", async () => {
    const { shop, channel, order, line } = await setup();
    await applyChannelEvent(
      t.db,
      channel,
      {
        type: "refund.created",
        orderExternalId: "7001",
        refundExternalId: "R1",
        amountMinor: 1000,
        currency: "USD",
        lines: [{ lineExternalId: "L1", quantity: 1, restock: true }],
        createdAt: new Date(),
      },
      ctx,
    );
    expect(
      await refusal(
        createReturn(t.db, shop.id, { orderId: order.id, lines: [{ lineId: line.id, quantity: 2 }] }, actor),
      ),
    ).toMatchObject({
      code: "invalid",
      message: "Only 1 unit(s) of TEE can be returned: shipped and not already returned",
    });
  });

  it("refuses a malformed request, another shop's order and a line of another order", async () => {
    const { shop, order, line } = await setup();
    const other = await setup();
    const input = (lines: { lineId: string; quantity: number }[], orderId = order.id) => ({ orderId, lines });
    await expect(createReturn(t.db, shop.id, input([]), actor)).rejects.toThrow(ZodError);
    await expect(createReturn(t.db, shop.id, input([{ lineId: line.id, quantity: 0 }]), actor)).rejects.toThrow(
      ZodError,
    );
    await expect(
      createReturn(
        t.db,
        shop.id,
        input([
          { lineId: line.id, quantity: 1 },
          { lineId: line.id, quantity: 1 },
        ]),
        actor,
      ),
    ).rejects.toThrow(/names a line already on this return/);
    expect(
      await refusal(createReturn(t.db, shop.id, input([{ lineId: line.id, quantity: 1 }], other.order.id), actor)),
    ).toMatchObject({ code: "not_found", path: ["orderId"] });
    expect(
      await refusal(createReturn(t.db, shop.id, input([{ lineId: other.line.id, quantity: 1 }]), actor)),
    ).toMatchObject({ code: "invalid", path: ["lines", 0, "lineId"] });
  });

  it("receives on a channel without commands: restocks in the ledger and says nothing needs sending", async () => {
    const { shop, location, item, order, line } = await setup();
    const opened = await createReturn(
      t.db,
      shop.id,
      { orderId: order.id, lines: [{ lineId: line.id, quantity: 2 }] },
      actor,
    );
    const received = await receiveReturn(
      t.db,
      shop.id,
      {
        returnId: opened.id,
        lines: [{ returnLineId: opened.lines[0]!.id, quantity: 2, disposition: "restock" }],
        refund: false,
      },
      actor,
    );
    expect(received).toMatchObject({ status: "received", channelSyncState: "not_applicable" });
    // 10 on hand, 2 shipped, both back.
    expect(await balance(t.db, item.id, location.id)).toMatchObject({ onHand: 10 });
    expect((await verifyLedger(t.db, { shopId: shop.id })).mismatches).toEqual([]);
  });

  it("refuses to receive what the return does not expect", async () => {
    const { shop, order, line } = await setup();
    const opened = await createReturn(
      t.db,
      shop.id,
      { orderId: order.id, lines: [{ lineId: line.id, quantity: 2 }] },
      actor,
    );
    const returnLineId = opened.lines[0]!.id;
    const receive = (
      lines: { returnLineId: string; quantity: number; disposition: "restock" | "dispose" }[],
      returnId = opened.id,
    ) => receiveReturn(t.db, shop.id, { returnId, lines, refund: false }, actor);

    expect(
      await refusal(receive([{ returnLineId, quantity: 1, disposition: "restock" }], "no-such-return")),
    ).toMatchObject({
      code: "not_found",
      path: ["returnId"],
    });
    await expect(
      receive([
        { returnLineId, quantity: 1, disposition: "restock" },
        { returnLineId, quantity: 1, disposition: "dispose" },
      ]),
    ).rejects.toThrow(/names a return line twice/);
    expect(await refusal(receive([{ returnLineId: line.id, quantity: 1, disposition: "restock" }]))).toMatchObject({
      code: "invalid",
      path: ["lines", 0, "returnLineId"],
    });
    expect(await refusal(receive([{ returnLineId, quantity: 3, disposition: "restock" }]))).toEqual({
      code: "invalid",
      message: "Only 2 unit(s) of TEE are expected back on this line",
      path: ["lines", 0, "quantity"],
    });

    await receive([{ returnLineId, quantity: 2, disposition: "dispose" }]);
    expect(await refusal(receive([{ returnLineId, quantity: 2, disposition: "restock" }]))).toMatchObject({
      code: "conflict",
      message: "TEE on this line was received already",
    });
    await t.db.return.update({ where: { id: opened.id }, data: { status: "requested" } });
    expect(await refusal(receive([{ returnLineId, quantity: 2, disposition: "restock" }]))).toMatchObject({
      code: "conflict",
      message: "This return is a customer's request: approve it on the channel before receiving it",
    });
    await t.db.return.update({ where: { id: opened.id }, data: { status: "declined" } });
    expect(await refusal(receive([{ returnLineId, quantity: 2, disposition: "restock" }]))).toMatchObject({
      code: "conflict",
      message: "This return is declined and expects nothing more",
    });
  });
});
