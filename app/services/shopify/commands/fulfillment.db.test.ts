import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../../test/db.ts";
import { startShopifySimMsw } from "../../../../test/sim/shopify/msw";
import { createShopifySim, type ShopifySim } from "../../../../test/sim/shopify/sim";
import { balance } from "../../../../test/support/ledger-fixtures.ts";
import { createInProcessQueue } from "../../../../jobs/in-process-queue";
import { registerCommandJobs } from "../../commands/jobs.server";
import { commandKey, runCommand } from "../../commands/run-command.server";
import { NotYetKnownError } from "../../ledger/apply-types";
import { verifyLedger } from "../../ledger/verify.server";
import { fulfilOrder } from "../../orders/fulfil-order.server";
import { updateTracking } from "../../orders/update-tracking.server";
import { registerSimCommander, simStore, type SimStore } from "./test-support";

// Merchant fulfilments carried out on a simulated Shopify store, with the store's webhooks fed back to the ledger.

const LATER = () => new Date(Date.now() + 3_600_000);
const AS_MERCHANT = { actor: "user:test", queue: null };

describe("Shopify fulfilment commands", () => {
  let t: TestDb;
  let sim: ShopifySim;
  let server: ReturnType<typeof startShopifySimMsw>;
  let s: SimStore;

  beforeAll(async () => {
    t = await createTestDb();
    sim = createShopifySim();
    server = startShopifySimMsw(sim);
    registerSimCommander();
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });
  beforeEach(async () => {
    sim.faults.clear();
    s = await simStore(t.db, sim);
  });

  const fulfilment = (id: string) => t.db.fulfillment.findUniqueOrThrow({ where: { id } });
  const command = (id: string) => t.db.channelCommand.findUniqueOrThrow({ where: { id } });
  const shipMovements = () => t.db.stockMovement.count({ where: { shopId: s.shop.id, kind: "ship" } });
  const simFulfillments = (orderId: number) =>
    [...s.store.state.fulfillments.values()].filter((candidate) => candidate.orderId === orderId);
  const expectLedgerClean = async () =>
    expect((await verifyLedger(t.db, { shopId: s.shop.id })).mismatches).toEqual([]);

  async function fulfilAll(placed: Awaited<ReturnType<SimStore["placeOrder"]>>, extra: object = {}) {
    return fulfilOrder(
      t.db,
      s.shop.id,
      {
        orderId: placed.order.id,
        lines: placed.order.lines.map((line) => ({ lineId: line.id, quantity: line.quantity })),
        ...extra,
      },
      AS_MERCHANT,
    );
  }

  it("fulfils on the store with tracking and the notify flag, and keeps Shopify's id on the ledger's fulfilment", async () => {
    const placed = await s.placeOrder([
      { sku: "TEE-S", quantity: 2 },
      { sku: "TEE-M", quantity: 1 },
    ]);
    const made = await fulfilAll(placed, {
      carrier: "UPS",
      trackingNumber: "1Z999",
      trackingUrl: "https://ups.example/track/1Z999",
      notifyCustomer: true,
    });
    const run = await runCommand(t.db, made.commandId!);
    expect(run.state).toBe("done");

    const [shipped] = simFulfillments(placed.simOrder.id);
    expect(shipped).toMatchObject({
      status: "success",
      locationId: s.store.location("Warehouse").id,
      tracking: { company: "UPS", number: "1Z999", url: "https://ups.example/track/1Z999" },
    });
    expect(shipped!.lineItems.map((item) => item.quantity).sort()).toEqual([1, 2]);
    expect(s.store.levels("TEE-S").Warehouse).toMatchObject({ committed: 0, on_hand: 8 });
    const [sent] = s.requests("ChannelLedgerFulfillmentCreate");
    expect(sent?.variables).toMatchObject({
      idempotencyKey: commandKey(made.commandId!),
      fulfillment: { notifyCustomer: true, trackingInfo: { company: "UPS", number: "1Z999" } },
    });
    expect(run).toEqual({ state: "done", result: { fulfillmentId: String(shipped!.id) } });
    expect(await fulfilment(made.fulfillmentId)).toMatchObject({
      externalId: String(shipped!.id),
      channelSyncState: "synced",
      source: "merchant",
    });

    // The store's webhooks come back: Shopify's fulfilment is ours, already recorded; nothing ships again.
    const echoes = await s.applyAll(await s.newDeliveries());
    expect(echoes.find((echo) => echo.topic === "fulfillments/create")?.outcomes).toEqual([
      { outcome: "ignored", detail: "fulfilment already recorded" },
    ]);
    expect(await shipMovements()).toBe(2);
    expect(await balance(t.db, s.items.small.id, s.warehouse.id)).toEqual({ onHand: 8, committed: 0, available: 8 });
    await expectLedgerClean();
  });

  it("runs the recorded command as a job once the fulfilment is committed", async () => {
    const quiet = { info() {}, warn() {}, error() {} };
    const queue = createInProcessQueue({ logger: quiet });
    registerCommandJobs(queue, { db: () => t.db, logger: quiet });
    await queue.startWorkers({ concurrency: 1 });
    try {
      const placed = await s.placeOrder([{ sku: "TEE-M", quantity: 1 }]);
      const made = await fulfilOrder(
        t.db,
        s.shop.id,
        { orderId: placed.order.id, lines: [{ lineId: placed.line("TEE-M").id, quantity: 1 }] },
        { actor: "user:test", queue },
      );
      await expect.poll(async () => (await fulfilment(made.fulfillmentId)).channelSyncState).toBe("synced");
      expect(simFulfillments(placed.simOrder.id)).toHaveLength(1);
      expect(await command(made.commandId!)).toMatchObject({ state: "done", attempts: 1 });
    } finally {
      await queue.close();
    }
  });

  it("holds back an echo that arrives before the command stored Shopify's id, then finds it recorded", async () => {
    const placed = await s.placeOrder([{ sku: "TEE-S", quantity: 3 }]);
    const made = await fulfilAll(placed, { trackingNumber: "EARLY-1" });
    const early: { topic: string; error?: unknown }[] = [];
    s.hooks.afterRequest = async (query) => {
      if (!query.includes("fulfillmentCreate")) return;
      // The webhooks race ahead of the mutation's answer: the inbox applies them while the command still runs.
      for (const delivery of await s.newDeliveries()) {
        early.push({
          topic: delivery.topic,
          error: await s.apply(delivery).then(
            () => undefined,
            (error) => error,
          ),
        });
      }
    };
    expect((await runCommand(t.db, made.commandId!)).state).toBe("done");
    s.hooks.afterRequest = undefined;

    const held = early.find((entry) => entry.topic === "fulfillments/create");
    expect(held?.error).toBeInstanceOf(NotYetKnownError);
    expect(early.filter((entry) => entry.topic !== "fulfillments/create").map((entry) => entry.error)).toEqual([
      undefined,
      undefined,
    ]);
    // The inbox's retry, after the command finished.
    const [delivery] = sim.webhooks.deliveries.filter(
      (candidate) => candidate.shopDomain === s.store.domain && candidate.topic === "fulfillments/create",
    );
    expect(await s.apply(delivery!)).toEqual([{ outcome: "ignored", detail: "fulfilment already recorded" }]);
    expect(await shipMovements()).toBe(1);
    expect(await balance(t.db, s.items.small.id, s.warehouse.id)).toEqual({ onHand: 7, committed: 0, available: 7 });
    await expectLedgerClean();
  });

  it("sends the first attempt's request again after a lost answer, and the store makes one fulfilment", async () => {
    s = await simStore(t.db, sim, { retry: { maxAttempts: 1 } });
    const placed = await s.placeOrder([{ sku: "TEE-M", quantity: 2 }]);
    const made = await fulfilAll(placed);
    // The fulfillment orders query goes through; the mutation runs on the store, then its answer is lost.
    sim.faults.queue({ kind: "delay", ms: 0 }, { kind: "http5xx", status: 502, afterExecution: true });
    expect(await runCommand(t.db, made.commandId!)).toMatchObject({ state: "pending" });
    expect(simFulfillments(placed.simOrder.id)).toHaveLength(1);
    expect(await fulfilment(made.fulfillmentId)).toMatchObject({ externalId: null, channelSyncState: "pending" });

    // Nothing is open on the store any more: planning again would be refused. The kept request is replayed.
    expect((await runCommand(t.db, made.commandId!, { now: LATER() })).state).toBe("done");
    const [first, retry] = s.requests("ChannelLedgerFulfillmentCreate");
    expect(retry?.variables).toEqual(first?.variables);
    expect(s.requests("ChannelLedgerOrderFulfillmentOrders")).toHaveLength(1);
    const shipped = simFulfillments(placed.simOrder.id);
    expect(shipped).toHaveLength(1);
    expect(await fulfilment(made.fulfillmentId)).toMatchObject({ externalId: String(shipped[0]!.id) });
    expect(await command(made.commandId!)).toMatchObject({
      attempts: 2,
      result: { fulfillmentId: String(shipped[0]!.id) },
    });

    await s.applyAll(await s.newDeliveries());
    expect(await shipMovements()).toBe(1);
    await expectLedgerClean();
  });

  it("updates tracking on the store, newest change last, and its fulfillments/update echo changes nothing", async () => {
    const placed = await s.placeOrder([{ sku: "TEE-S", quantity: 1 }]);
    const made = await fulfilAll(placed, {
      carrier: "UPS",
      trackingNumber: "1Z1",
      trackingUrl: "https://ups.example/1",
    });
    // A tracking change while the fulfilment is still on its way to the store.
    const first = await updateTracking(
      t.db,
      s.shop.id,
      { fulfillmentId: made.fulfillmentId, carrier: "DHL", trackingNumber: "JD1" },
      AS_MERCHANT,
    );
    expect(first.commandId).not.toBeNull();
    const waiting = await runCommand(t.db, first.commandId!);
    expect(waiting).toMatchObject({ state: "pending", error: "The fulfilment is not on Shopify yet" });
    expect((await runCommand(t.db, made.commandId!)).state).toBe("done");

    const second = await updateTracking(
      t.db,
      s.shop.id,
      { fulfillmentId: made.fulfillmentId, trackingNumber: "JD2", notifyCustomer: true },
      AS_MERCHANT,
    );
    // The newer change runs first; the older one, retried after it, must not put its tracking back.
    expect((await runCommand(t.db, second.commandId!)).state).toBe("done");
    expect(await runCommand(t.db, first.commandId!, { now: LATER() })).toEqual({
      state: "done",
      result: { supersededBy: second.commandId },
    });

    const [shipped] = simFulfillments(placed.simOrder.id);
    expect(shipped!.tracking).toEqual({ company: "DHL", number: "JD2", url: "https://ups.example/1" });
    expect(s.requests("ChannelLedgerFulfillmentTrackingInfoUpdate").map((entry) => entry.variables)).toEqual([
      {
        fulfillmentId: `gid://shopify/Fulfillment/${shipped!.id}`,
        trackingInfoInput: { company: "DHL", number: "JD2", url: "https://ups.example/1" },
        notifyCustomer: true,
      },
    ]);
    expect(await fulfilment(made.fulfillmentId)).toMatchObject({ channelSyncState: "synced", trackingNumber: "JD2" });

    const echoes = await s.applyAll(await s.newDeliveries());
    expect(echoes.filter((echo) => echo.topic === "fulfillments/update").map((echo) => echo.outcomes)).toEqual([
      [{ outcome: "ignored", detail: "fulfilment already recorded" }],
    ]);
    expect(await shipMovements()).toBe(1);
    await expectLedgerClean();
  });

  it("parks the command when the store has no units open, and matches the store's own fulfilment of them", async () => {
    const placed = await s.placeOrder([{ sku: "TEE-S", quantity: 2 }]);
    const made = await fulfilAll(placed);
    // Meanwhile the merchant marked the same parcel fulfilled in the Shopify admin; its webhooks are still on the way.
    await s.store.fulfil(placed.simOrder.id);
    const run = await runCommand(t.db, made.commandId!);
    expect(run).toEqual({
      state: "dead",
      error:
        'Cannot fulfil 2 unit(s) of "Tee - S": Shopify has only 0 unit(s) of it open at Warehouse (fulfillment orders there that cannot take it: closed)',
    });
    expect(await fulfilment(made.fulfillmentId)).toMatchObject({ channelSyncState: "failed", externalId: null });

    const echoes = await s.applyAll(await s.newDeliveries());
    const [theirs] = simFulfillments(placed.simOrder.id);
    expect(echoes.find((echo) => echo.topic === "fulfillments/create")?.outcomes).toEqual([
      { outcome: "ignored", detail: `the shipment of merchant fulfilment ${made.fulfillmentId}, already recorded` },
    ]);
    expect(await fulfilment(made.fulfillmentId)).toMatchObject({
      externalId: String(theirs!.id),
      channelSyncState: "synced",
    });
    expect(await t.db.fulfillment.count({ where: { orderId: placed.order.id } })).toBe(1);
    expect(await shipMovements()).toBe(1);
    expect(await balance(t.db, s.items.small.id, s.warehouse.id)).toEqual({ onHand: 8, committed: 0, available: 8 });
    await expectLedgerClean();
  });

  it("applies a store fulfilment of other units as the channel's own once our command is dead", async () => {
    const placed = await s.placeOrder([{ sku: "TEE-S", quantity: 3 }]);
    const made = await fulfilOrder(
      t.db,
      s.shop.id,
      { orderId: placed.order.id, lines: [{ lineId: placed.line("TEE-S").id, quantity: 1 }] },
      AS_MERCHANT,
    );
    await t.db.channelLocation.deleteMany({ where: { channelId: s.channel.id, locationId: s.warehouse.id } });
    expect(await runCommand(t.db, made.commandId!)).toEqual({
      state: "dead",
      error: "The location this fulfilment ships from is not linked to a Shopify location of Shopify",
    });
    // Two other units shipped from the store: room is left for them, so they are not ours.
    await s.store.fulfil(placed.simOrder.id, {
      lines: [{ lineItemId: placed.simOrder.lineItems[0]!.id, quantity: 2 }],
    });
    await s.applyAll(await s.newDeliveries());
    expect(await t.db.fulfillment.count({ where: { orderId: placed.order.id } })).toBe(2);
    expect(await fulfilment(made.fulfillmentId)).toMatchObject({ externalId: null, channelSyncState: "failed" });
    expect(await balance(t.db, s.items.small.id, s.warehouse.id)).toEqual({ onHand: 7, committed: 0, available: 7 });
    await expectLedgerClean();
  });
});
