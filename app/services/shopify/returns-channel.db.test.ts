import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelEvent } from "../../../connectors/events";
import { shopifyParser } from "../../../connectors/shopify/parser";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startShopifySimMsw } from "../../../test/sim/shopify/msw";
import { refundToRest } from "../../../test/sim/shopify/rest";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import type { SimOrder } from "../../../test/sim/shopify/state";
import { balance } from "../../../test/support/ledger-fixtures.ts";
import { simAdminFor, storeAndLedger, type StoreAndLedger } from "../../../test/support/shopify-returns.ts";
import { verifyLedger } from "../ledger/verify.server";
import { registerShopifyReturnReader } from "./return-reader.server";

// Returns handled on Shopify, as the ledger hears of them: returns/* notices read back through the return reader
// (against the simulated store), and refunds/create. Each unit comes back on the shelf once, whatever order the
// webhooks arrive in and however often (ADR 0009).

describe("returns made on Shopify", () => {
  let t: TestDb;
  let sim: ShopifySim;
  let server: ReturnType<typeof startShopifySimMsw>;

  beforeAll(async () => {
    t = await createTestDb();
    sim = createShopifySim();
    server = startShopifySimMsw(sim);
    registerShopifyReturnReader({ admin: simAdminFor });
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  const shipped = (w: StoreAndLedger, order: SimOrder, lineItemId: number) =>
    order.fulfillmentIds
      .flatMap((id) => w.store.state.fulfillments.get(id)!.lineItems)
      .find((item) => item.lineItemId === lineItemId)!.id;

  const onHand = async (w: StoreAndLedger) => ({
    tee: (await balance(t.db, w.items.tee.id, w.location.id)).onHand,
    cap: (await balance(t.db, w.items.cap.id, w.location.id)).onHand,
  });

  const clean = async (w: StoreAndLedger) =>
    expect((await verifyLedger(t.db, { shopId: w.shop.id })).mismatches).toEqual([]);

  /**
   * Two tees and a cap shipped; the merchant opens a return on Shopify for all three and processes it with a refund:
   * one tee and the cap restocked, the other tee missing. Returns the webhooks that raised, not applied yet.
   */
  async function processedOnShopify() {
    const w = await storeAndLedger(t.db, sim);
    const { order, lineId } = await w.shippedOrder([
      { sku: "TEE", quantity: 2 },
      { sku: "CAP", quantity: 1 },
    ]);
    const record = await w.store.createReturn(order.id, [
      { fulfillmentLineItemId: shipped(w, order, lineId("TEE")), quantity: 2, reason: "SIZE_TOO_LARGE" },
      { fulfillmentLineItemId: shipped(w, order, lineId("CAP")), quantity: 1, reason: "UNWANTED" },
    ]);
    const [tee, cap] = record.lineItems;
    await w.store.processReturn(
      record.id,
      [
        {
          returnLineItemId: tee!.id,
          quantity: 2,
          dispositions: [
            { quantity: 1, type: "RESTOCKED" },
            { quantity: 1, type: "MISSING" },
          ],
        },
        { returnLineItemId: cap!.id, quantity: 1, dispositions: [{ quantity: 1, type: "RESTOCKED" }] },
      ],
      { refund: true },
    );
    const events = w.newEvents();
    return { w, order, record, events };
  }

  const topicsOf = (events: { topic: string }[]) => [...new Set(events.map((entry) => entry.topic))].sort();

  it("restocks exactly once whatever order the notices and the refund arrive in, and however often", async () => {
    const orders: ((events: { topic: string; event: ChannelEvent }[]) => { topic: string; event: ChannelEvent }[])[] = [
      (events) => events,
      (events) => [...events].reverse(),
      (events) => [
        ...events.filter((e) => e.topic === "refunds/create"),
        ...events.filter((e) => e.topic !== "refunds/create"),
      ],
      (events) => [...events, ...events].sort((a, b) => a.topic.localeCompare(b.topic)),
    ];
    for (const arrange of orders) {
      const { w, events } = await processedOnShopify();
      expect(topicsOf(events)).toEqual(
        expect.arrayContaining(["orders/updated", "refunds/create", "returns/approve", "returns/process"]),
      );
      for (const { event } of arrange(events)) await w.apply(event);
      for (const { event } of events) await w.apply(event);
      // Shipped 2 tees and a cap (10 → 8 and 9); one tee and the cap came back on the shelf, the other tee is missing.
      expect(await onHand(w)).toEqual({ tee: 9, cap: 10 });
      const stored = await t.db.return.findFirstOrThrow({ where: { shopId: w.shop.id }, include: { lines: true } });
      expect(stored.status).toBe("closed");
      expect(
        stored.lines.map((line) => [line.disposition, line.quantity, line.receivedQty, line.reason]).sort(),
      ).toEqual([
        ["dispose", 1, 1, "size too large"],
        ["restock", 1, 1, "size too large"],
        ["restock", 1, 1, "unwanted"],
      ]);
      expect(await t.db.refund.count({ where: { shopId: w.shop.id } })).toBe(1);
      await clean(w);
    }
  });

  it("restocks once when workers apply the same notices and refund at the same time", async () => {
    const { w, events } = await processedOnShopify();
    const outcomes = await Promise.allSettled([...events, ...events, ...events].map(({ event }) => w.apply(event)));
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual([]);
    expect(await onHand(w)).toEqual({ tee: 9, cap: 10 });
    expect(await t.db.return.count({ where: { shopId: w.shop.id } })).toBe(1);
    await clean(w);
  });

  it("updates the return's lines as Shopify processes it in parts, restocking only what is new", async () => {
    const w = await storeAndLedger(t.db, sim);
    const { order, lineId } = await w.shippedOrder([{ sku: "TEE", quantity: 3 }]);
    const record = await w.store.createReturn(order.id, [
      { fulfillmentLineItemId: shipped(w, order, lineId("TEE")), quantity: 3 },
    ]);
    await w.deliver();
    const lines = () =>
      t.db.returnLine.findMany({ where: { return: { shopId: w.shop.id } }, orderBy: [{ disposition: "asc" }] });
    expect(await t.db.return.findFirstOrThrow({ where: { shopId: w.shop.id } })).toMatchObject({ status: "approved" });
    expect((await lines()).map((line) => [line.disposition, line.quantity, line.receivedQty])).toEqual([[null, 3, 0]]);

    const rli = record.lineItems[0]!.id;
    await w.store.processReturn(
      record.id,
      [{ returnLineItemId: rli, quantity: 1, dispositions: [{ quantity: 1, type: "RESTOCKED" }] }],
      { refund: false },
    );
    const partial = w.newEvents();
    for (const { event } of [...partial, ...partial]) await w.apply(event);
    expect(await onHand(w)).toMatchObject({ tee: 8 });
    expect(await t.db.return.findFirstOrThrow({ where: { shopId: w.shop.id } })).toMatchObject({ status: "received" });
    expect((await lines()).map((line) => [line.disposition, line.quantity, line.receivedQty]).sort()).toEqual([
      [null, 2, 0],
      ["restock", 1, 1],
    ]);

    await w.store.processReturn(
      record.id,
      [{ returnLineItemId: rli, quantity: 2, dispositions: [{ quantity: 2, type: "RESTOCKED" }] }],
      { refund: false },
    );
    const rest = w.newEvents();
    for (const { event } of [...rest, ...partial, ...rest]) await w.apply(event);
    expect(await onHand(w)).toMatchObject({ tee: 10 });
    expect((await lines()).map((line) => [line.disposition, line.quantity, line.receivedQty])).toEqual([
      ["restock", 3, 3],
    ]);
    await clean(w);
  });

  it("still restocks a refund without a return (legacy_restock, cancel) once", async () => {
    const w = await storeAndLedger(t.db, sim);
    const { order, lineId } = await w.shippedOrder([
      { sku: "TEE", quantity: 2 },
      { sku: "CAP", quantity: 1 },
    ]);
    const warehouse = w.store.location("Warehouse").id;
    const refund = (lineItemId: number, restockType: string) =>
      refundToRest(w.store.state, {
        id: sim.clock.id(),
        orderId: order.id,
        createdAt: new Date(),
        amountMinor: 1000,
        transactionId: sim.clock.id(),
        lines: [{ id: sim.clock.id(), lineItemId, quantity: 1, restockType, locationId: warehouse }],
      });
    const events = [refund(lineId("TEE"), "legacy_restock"), refund(lineId("CAP"), "cancel")].flatMap((payload) => {
      const parsed = shopifyParser.parseWebhook("refunds/create", payload);
      return "events" in parsed ? parsed.events : [];
    });
    expect(events).toHaveLength(2);
    for (const event of [...events, ...events]) await w.apply(event);
    expect(await onHand(w)).toEqual({ tee: 9, cap: 10 });
    await clean(w);
  });
});
