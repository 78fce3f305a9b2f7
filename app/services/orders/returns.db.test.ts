import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifyAdmin } from "../../../connectors/shopify/admin";
import { isMutation } from "../../../connectors/shopify/admin/client";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startShopifySimMsw } from "../../../test/sim/shopify/msw";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import { balance } from "../../../test/support/ledger-fixtures.ts";
import { simAdminFor, storeAndLedger, type StoreAndLedger } from "../../../test/support/shopify-returns.ts";
import { runCommand } from "../commands/run-command.server";
import { NotYetKnownError } from "../ledger/apply-types";
import { verifyLedger } from "../ledger/verify.server";
import { registerShopifyCommander } from "../shopify/commander.server";
import { registerShopifyReturnReader } from "../shopify/return-reader.server";
import { createReturn } from "./create-return.server";
import { receiveReturn } from "./receive-return.server";

// The merchant's returns: opened and received in the ledger, carried out on the simulated Shopify store by the
// return.create and return.process commands, and Shopify's echoes (returns/*, refunds/create) changing nothing more.

describe("merchant returns", () => {
  let t: TestDb;
  let sim: ShopifySim;
  let server: ReturnType<typeof startShopifySimMsw>;
  /** Set to lose the answer of the next mutation after Shopify carried it out (a dropped connection). */
  let loseNextAnswer = false;

  beforeAll(async () => {
    t = await createTestDb();
    sim = createShopifySim();
    server = startShopifySimMsw(sim);
    registerShopifyReturnReader({ admin: simAdminFor });
    registerShopifyCommander({
      admin: async (channel): Promise<ShopifyAdmin> => {
        const real = await simAdminFor(channel);
        return {
          shopDomain: real.shopDomain,
          endpoint: real.endpoint,
          async request(query, variables, options) {
            const answer = await real.request(query, variables, options);
            if (loseNextAnswer && isMutation(query)) {
              loseNextAnswer = false;
              throw new Error("socket hang up");
            }
            return answer;
          },
        };
      },
    });
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  const actor = { actor: "user:merchant", queue: null };
  const later = () => new Date(Date.now() + 60 * 60 * 1000);
  const commandOf = (subjectId: string, kind: string) =>
    t.db.channelCommand.findFirstOrThrow({ where: { subjectId, kind }, orderBy: { createdAt: "desc" } });
  const sent = (operationName: string) => sim.requests.filter((entry) => entry.operationName === operationName);
  const onHand = async (w: StoreAndLedger) => ({
    tee: (await balance(t.db, w.items.tee.id, w.location.id)).onHand,
    cap: (await balance(t.db, w.items.cap.id, w.location.id)).onHand,
  });

  /** Three tees shipped in two fulfilments (2 + 1) and a cap, and the merchant's return of all of them, on Shopify. */
  async function openedReturn() {
    const w = await storeAndLedger(t.db, sim);
    const shipped = await w.shippedOrder(
      [
        { sku: "TEE", quantity: 3 },
        { sku: "CAP", quantity: 1 },
      ],
      [
        [
          { sku: "TEE", quantity: 2 },
          { sku: "CAP", quantity: 1 },
        ],
        [{ sku: "TEE", quantity: 1 }],
      ],
    );
    const created = await createReturn(
      t.db,
      w.shop.id,
      {
        orderId: shipped.ledgerOrder.id,
        lines: [
          { lineId: shipped.ledgerLine("TEE").id, quantity: 3, reason: "Too small for him" },
          { lineId: shipped.ledgerLine("CAP").id, quantity: 1 },
        ],
        note: "Came in with the courier",
      },
      actor,
    );
    return { w, ...shipped, created };
  }

  it("opens the return on Shopify across both fulfilments, and its echo waits for the command's answer", async () => {
    const { w, order, lineId, created, ledgerOrder } = await openedReturn();
    expect(created).toMatchObject({ status: "approved", externalId: null, channelSyncState: "pending" });
    expect(created.lines.map((line) => [line.quantity, line.reason])).toEqual([
      [3, "Too small for him"],
      [1, null],
    ]);
    const timeline = await t.db.timelineEvent.findMany({ where: { orderId: ledgerOrder.id, kind: "return" } });
    expect(timeline.map((event) => event.message)).toEqual(["Return opened: 3 × Harbour - Tee, 1 × Harbour - Cap"]);

    // Shopify makes the return, but the answer is lost: the command stays pending, Shopify's id unknown.
    const command = await commandOf(created.id, "return.create");
    loseNextAnswer = true;
    expect(await runCommand(t.db, command.id)).toMatchObject({ state: "pending" });
    const [onShopify] = [...w.store.state.returns.values()];
    expect(onShopify).toBeDefined();
    const echoes = w.newEvents().filter((entry) => entry.topic.startsWith("returns/"));
    expect(echoes.map((entry) => entry.topic)).toEqual(["returns/approve"]);
    await expect(w.apply(echoes[0]!.event)).rejects.toThrow(NotYetKnownError);

    // The retry gets the first answer back (same key, same request) and stores Shopify's id.
    expect(await runCommand(t.db, command.id, { now: later() })).toMatchObject({
      state: "done",
      result: { returnId: String(onShopify!.id) },
    });
    expect(w.store.state.returns.size).toBe(1);
    expect(onShopify!.lineItems.map((line) => [line.lineItemId, line.quantity, line.note])).toEqual([
      [lineId("TEE"), 2, "Too small for him"],
      [lineId("TEE"), 1, "Too small for him"],
      [lineId("CAP"), 1, null],
    ]);
    const fulfilments = order.fulfillmentIds.map((id) => w.store.state.fulfillments.get(id)!);
    expect(onShopify!.lineItems.map((line) => line.fulfillmentLineItemId)).toEqual([
      fulfilments[0]!.lineItems[0]!.id,
      fulfilments[1]!.lineItems[0]!.id,
      fulfilments[0]!.lineItems[1]!.id,
    ]);

    // Now the echo finds the merchant's return: nothing new.
    await w.apply(echoes[0]!.event);
    const stored = await t.db.return.findMany({ where: { shopId: w.shop.id }, include: { lines: true } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      externalId: String(onShopify!.id),
      status: "approved",
      channelSyncState: "synced",
    });
    expect(stored[0]!.lines.map((line) => [line.quantity, line.disposition, line.receivedQty]).sort()).toEqual([
      [1, null, 0],
      [3, null, 0],
    ]);
  });

  it("receives a tee restocked and a cap disposed of, processes and refunds it on Shopify, echoes change nothing", async () => {
    const { w, created, order } = await openedReturn();
    await runCommand(t.db, (await commandOf(created.id, "return.create")).id);
    await w.deliver();
    const [teeLine, capLine] = created.lines;
    const received = await receiveReturn(
      t.db,
      w.shop.id,
      {
        returnId: created.id,
        lines: [
          { returnLineId: teeLine!.id, quantity: 3, disposition: "restock" },
          { returnLineId: capLine!.id, quantity: 1, disposition: "dispose", condition: "torn" },
        ],
        refund: true,
        notifyCustomer: true,
      },
      actor,
    );
    // Shipped: 3 tees and a cap (10 → 7 and 9). The tees are back on the shelf, the torn cap is not.
    expect(await onHand(w)).toEqual({ tee: 10, cap: 9 });
    expect(received).toMatchObject({ status: "refunded", channelSyncState: "pending" });
    expect(received.lines.map((line) => [line.disposition, line.receivedQty, line.condition]).sort()).toEqual([
      ["dispose", 1, "torn"],
      ["restock", 3, null],
    ]);

    const done = await runCommand(t.db, (await commandOf(created.id, "return.process")).id);
    expect(done).toMatchObject({ state: "done", result: { status: "CLOSED", refunded: true } });
    const onShopify = w.store.state.returns.get(Number(received.externalId))!;
    expect(
      onShopify.lineItems.map((line) => line.dispositions?.map((d) => [d.type, d.quantity, d.locationId])),
    ).toEqual([
      [["RESTOCKED", 2, w.store.location("Warehouse").id]],
      [["RESTOCKED", 1, w.store.location("Warehouse").id]],
      [["NOT_RESTOCKED", 1, null]],
    ]);
    const [processed] = sent("ChannelLedgerReturnProcess").slice(-1);
    expect(processed?.variables).toMatchObject({
      input: {
        notifyCustomer: true,
        financialTransfer: {
          issueRefund: {
            orderTransactions: [
              { parentId: `gid://shopify/OrderTransaction/${order.id}`, transactionAmount: { amount: "90.00" } },
            ],
          },
        },
      },
    });
    const refunds = [...w.store.state.refunds.values()];
    expect(refunds.map((refund) => refund.amountMinor)).toEqual([9000]);

    // Shopify's echoes, twice over: the return closes, the refund is recorded, nothing is restocked again.
    const echoes = w.newEvents();
    expect(echoes.map((entry) => entry.topic)).toEqual(
      expect.arrayContaining(["refunds/create", "returns/process", "returns/close"]),
    );
    for (const { event } of [...echoes, ...echoes]) await w.apply(event);
    expect(await onHand(w)).toEqual({ tee: 10, cap: 9 });
    expect(await t.db.return.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      status: "closed",
      channelSyncState: "synced",
    });
    expect(await t.db.refund.count({ where: { shopId: w.shop.id } })).toBe(1);
    expect((await verifyLedger(t.db, { shopId: w.shop.id })).mismatches).toEqual([]);
  });

  it("receives part of a line: the rest stays expected, on Shopify too", async () => {
    const { w, created } = await openedReturn();
    await runCommand(t.db, (await commandOf(created.id, "return.create")).id);
    await w.deliver();
    const teeLine = created.lines[0]!;
    const received = await receiveReturn(
      t.db,
      w.shop.id,
      {
        returnId: created.id,
        lines: [{ returnLineId: teeLine.id, quantity: 2, disposition: "restock" }],
        refund: false,
      },
      actor,
    );
    expect(await onHand(w)).toMatchObject({ tee: 9 });
    expect(received.lines.map((line) => [line.quantity, line.disposition, line.receivedQty]).sort()).toEqual([
      [1, null, 0],
      [1, null, 0],
      [2, "restock", 2],
    ]);
    await runCommand(t.db, (await commandOf(created.id, "return.process")).id);
    expect(w.store.state.returns.get(Number(received.externalId))?.status).toBe("OPEN");
    for (const { event } of w.newEvents()) await w.apply(event);
    expect(await onHand(w)).toMatchObject({ tee: 9 });
    const stored = await t.db.return.findUniqueOrThrow({ where: { id: created.id }, include: { lines: true } });
    expect(stored.status).toBe("received");
    expect(stored.lines.map((line) => [line.quantity, line.disposition, line.receivedQty]).sort()).toEqual([
      [1, null, 0],
      [1, null, 0],
      [2, "restock", 2],
    ]);
    expect((await verifyLedger(t.db, { shopId: w.shop.id })).mismatches).toEqual([]);
  });

  it("processes only after the return is on Shopify: return.process waits for return.create", async () => {
    const { w, created } = await openedReturn();
    await receiveReturn(
      t.db,
      w.shop.id,
      {
        returnId: created.id,
        lines: [{ returnLineId: created.lines[1]!.id, quantity: 1, disposition: "restock" }],
        refund: false,
      },
      actor,
    );
    const process = await commandOf(created.id, "return.process");
    expect(await runCommand(t.db, process.id)).toMatchObject({
      state: "pending",
      error: expect.stringMatching(/is not on Shopify yet: waiting for its return.create command/),
    });
    await runCommand(t.db, (await commandOf(created.id, "return.create")).id);
    expect(await runCommand(t.db, process.id, { now: later() })).toMatchObject({ state: "done" });
    expect(await onHand(w)).toMatchObject({ cap: 10 });
  });

  it("parks return.create when Shopify has the units on another return, which then becomes the merchant's", async () => {
    const { w, order, created } = await openedReturn();
    await w.deliver();
    // Someone opened the same return in the Shopify admin before our command ran.
    const theirs = await w.store.createReturn(
      order.id,
      [...w.store.state.fulfillments.values()]
        .filter((fulfillment) => fulfillment.orderId === order.id)
        .flatMap((fulfillment) => fulfillment.lineItems)
        .map((item) => ({ fulfillmentLineItemId: item.id, quantity: item.quantity })),
    );
    const command = await commandOf(created.id, "return.create");
    expect(await runCommand(t.db, command.id)).toMatchObject({
      state: "dead",
      error: expect.stringMatching(/Shopify has 0 unit\(s\) of Harbour - Tee on order #\d+ left to return, not 3/),
    });
    expect(await t.db.return.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      channelSyncState: "failed",
    });
    // Its notice names exactly the merchant's units: the same return, now linked to Shopify's.
    await w.deliver();
    const stored = await t.db.return.findMany({ where: { shopId: w.shop.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: created.id, externalId: String(theirs.id), channelSyncState: "synced" });
  });
});
