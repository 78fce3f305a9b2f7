import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db";
import { balance, makeItem, makeShop, snapshot } from "../../test/support/ledger-fixtures";
import { commitOperatorSession } from "../auth/operator.server";
import { applyChannelEvent } from "../services/ledger/apply-channel-event.server";
import { createReturn } from "../services/orders/create-return.server";
import { action, loader } from "./app.returns.$id";
import { loader as listLoader } from "./app.returns._index";

// The return page's action and loader over HTTP: the operator's shop only, a refusal as 400/404/409 with the field
// at fault and a toast, and each step's success as a toast.

describe("/app/returns", () => {
  let t: TestDb;
  let cookie: string;
  let shopId: string;
  let orderId: string;
  let lineId: string;
  let itemId: string;
  let locationId: string;
  let otherReturnId: string;
  const actor = { actor: "user:test", queue: null };

  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["manual"] });
    shopId = shop.id;
    locationId = locations[0]!.id;
    itemId = (await makeItem(t.db, shop.id, "TEE", [{ locationId, onHand: 10 }])).id;
    const ctx = { source: "test" };
    await applyChannelEvent(
      t.db,
      channels[0]!,
      { type: "order.upserted", order: snapshot("5001", 1, [{ sku: "TEE", quantity: 6 }]) },
      ctx,
    );
    await applyChannelEvent(
      t.db,
      channels[0]!,
      {
        type: "fulfillment.changed",
        orderExternalId: "5001",
        fulfillmentExternalId: "F1",
        status: "success",
        lines: [{ lineExternalId: "L1", quantity: 6 }],
        updatedAt: new Date(),
      },
      ctx,
    );
    const order = await t.db.order.findFirstOrThrow({ where: { shopId }, include: { lines: true } });
    orderId = order.id;
    lineId = order.lines[0]!.id;

    // Another shop's return, which this operator's shop must not see or change.
    const other = await makeShop(t.db, { channels: ["manual"] });
    await makeItem(t.db, other.shop.id, "TEE", [{ locationId: other.locations[0]!.id, onHand: 5 }]);
    await applyChannelEvent(
      t.db,
      other.channels[0]!,
      { type: "order.upserted", order: snapshot("5002", 1, [{ sku: "TEE", quantity: 1 }]) },
      ctx,
    );
    await applyChannelEvent(
      t.db,
      other.channels[0]!,
      {
        type: "fulfillment.changed",
        orderExternalId: "5002",
        fulfillmentExternalId: "F2",
        status: "success",
        lines: [{ lineExternalId: "L1", quantity: 1 }],
        updatedAt: new Date(),
      },
      ctx,
    );
    const theirs = await t.db.order.findFirstOrThrow({ where: { shopId: other.shop.id }, include: { lines: true } });
    otherReturnId = (
      await createReturn(
        t.db,
        other.shop.id,
        { orderId: theirs.id, lines: [{ lineId: theirs.lines[0]!.id, quantity: 1 }] },
        actor,
      )
    ).id;

    const setCookie = await commitOperatorSession(new Request("http://localhost/app"), {
      operator: "operator@example.com",
      shopId,
    });
    cookie = setCookie.split(";")[0]!;
  });
  afterAll(async () => {
    await t.drop();
    global.channelLedgerDb = undefined;
  });

  const open = (quantity: number) =>
    createReturn(t.db, shopId, { orderId, lines: [{ lineId, quantity, reason: "Too big" }] }, actor);

  const act = async (returnId: string, fields: [string, string][]) => {
    const request = new Request(`http://localhost/app/returns/${returnId}`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    const result = await action({ request, params: { id: returnId }, context: {} });
    if (result && typeof result === "object" && "init" in result && result.init) {
      return { status: result.init.status ?? 200, data: result.data };
    }
    return { status: 200, data: result };
  };

  const load = (returnId: string) =>
    loader({
      request: new Request(`http://localhost/app/returns/${returnId}`, { headers: { Cookie: cookie } }),
      params: { id: returnId },
      context: {},
    });

  it("lists the shop's returns, and refuses a filter it does not know with a 400", async () => {
    const mine = await open(1);
    const list = (search: string) =>
      listLoader({
        request: new Request(`http://localhost/app/returns${search}`, { headers: { Cookie: cookie } }),
        params: {},
        context: {},
      });
    const { returns, status } = await list("?status=approved");
    expect(returns.map((row) => row.id)).toContain(mine.id);
    expect(returns.map((row) => row.id)).not.toContain(otherReturnId);
    expect(status).toBe("approved");
    const refused = await list("?status=lost").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
  });

  it("answers another shop's return with a 404, on the page and to its actions", async () => {
    const refused = await load(otherReturnId).catch((error: unknown) => error);
    expect((refused as Response).status).toBe(404);
    expect(await act(otherReturnId, [["intent", "mark-in-transit"]])).toEqual({
      status: 404,
      data: {
        ok: false,
        fieldErrors: { form: [`Return ${otherReturnId} not found`] },
        toast: `Return ${otherReturnId} not found`,
      },
    });
  });

  it("takes a step the status allows with a toast, and refuses one it does not with a 409", async () => {
    const mine = await open(1);
    expect(await act(mine.id, [["intent", "approve"]])).toMatchObject({
      status: 409,
      data: { ok: false, toast: "This return is approved: only a requested return can be approved" },
    });
    expect(await act(mine.id, [["intent", "mark-in-transit"]])).toEqual({
      status: 200,
      data: { ok: true, toast: "Return marked in transit" },
    });
    expect((await load(mine.id)).status).toBe("in_transit");
    expect(await act(mine.id, [["intent", "unknown"]])).toMatchObject({ status: 400 });
    expect(
      await act(mine.id, [
        ["intent", "add-note"],
        ["note", " "],
      ]),
    ).toMatchObject({
      status: 400,
      data: { fieldErrors: { note: ["Write a note"] } },
    });
    expect(
      await act(mine.id, [
        ["intent", "add-note"],
        ["note", "Label sent"],
      ]),
    ).toEqual({
      status: 200,
      data: { ok: true, toast: "Note added" },
    });
  });

  it("receives lines with restock, putting a refused line's error on its field", async () => {
    const mine = await open(2);
    const returnLineId = mine.lines[0]!.id;
    const receipt = (quantity: string): [string, string][] => [
      ["intent", "receive"],
      ["returnLineId", returnLineId],
      ["quantity", quantity],
      ["disposition", "restock"],
      ["condition", "As new"],
      ["refund", "false"],
    ];
    expect(await act(mine.id, receipt("3"))).toMatchObject({
      status: 400,
      data: { fieldErrors: { "lines.0.quantity": ["Only 2 unit(s) of TEE are expected back on this line"] } },
    });
    const before = (await balance(t.db, itemId, locationId)).onHand;
    expect(await act(mine.id, receipt("2"))).toEqual({
      status: 200,
      data: { ok: true, toast: "2 unit(s) received: return received" },
    });
    expect((await balance(t.db, itemId, locationId)).onHand).toBe(before + 2);
    const detail = await load(mine.id);
    expect(detail).toMatchObject({ status: "received", steps: { close: true, receive: false } });
    expect(await act(mine.id, receipt("2"))).toMatchObject({
      status: 409,
      data: { fieldErrors: { "lines.0.quantity": ["TEE on this line was received already"] } },
    });
  });
});
