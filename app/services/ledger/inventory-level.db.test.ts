import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../../jobs/in-process-queue.ts";
import { pollUntil } from "../../../jobs/timing.ts";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { silentLogger } from "../../../test/support/inbox.ts";
import { balance, makeItem, makeShop, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { registerSyncJobs, SYNC_SWEEP_JOB } from "../sync/jobs.server";
import { planPushes } from "../sync/plan.server";
import { pushChannel } from "../sync/push.server";
import { registerPusher, type PushItem } from "../sync/pushers";
import { applyChannelEvent } from "./apply-channel-event.server";
import { applyInventoryLevel, SET_BACK_GRACE_MS } from "./inventory-level.server";
import { recordMovements } from "./record-movements.server";

// A stock change made on the channel: set back when the ledger is stock master (after a grace window that lets a
// sale's order land first), imported when the channel is; a drift row either way, once per level.

const ctx = { source: "test" };
const KIND = "drift-test";
const HOUR = 60 * 60 * 1000;

/** The channel: remembers every push it was sent. */
const pushes: PushItem[] = [];
registerPusher({
  kind: KIND,
  batchLimit: 250,
  async push(_db, _channel, items) {
    pushes.push(...items);
    return items.map((item) => ({ listingId: item.listingId, ok: true, pushedQuantity: item.quantity }));
  },
});

describe("inventory level changes on a channel", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  /** Nine socks in the warehouse, shown as nine on the channel since an hour ago. */
  async function setup(options: { stockMaster?: "ledger" | "channel"; pushedAgoMs?: number } = {}) {
    const settings = { stockMaster: options.stockMaster ?? "ledger" };
    const { shop, locations, channels } = await makeShop(t.db, { channels: [KIND], locations: ["Warehouse", "Back"] });
    await t.db.channel.update({ where: { id: channels[0]!.id }, data: { settings } });
    const channel = { ...channels[0]!, settings };
    const [warehouse, back] = locations as [(typeof locations)[0], (typeof locations)[0]];
    const item = await makeItem(t.db, shop.id, "SOCK", [{ locationId: warehouse.id, onHand: 9 }]);
    await t.db.channelLocation.createMany({
      data: [
        { shopId: shop.id, channelId: channel.id, locationId: warehouse.id, externalLocationId: "L1" },
        { shopId: shop.id, channelId: channel.id, locationId: back.id, externalLocationId: "L2", sellable: false },
      ],
    });
    const { id: listingId } = await t.db.channelListing.create({
      data: {
        shopId: shop.id,
        channelId: channel.id,
        itemId: item.id,
        externalProductId: "p",
        externalInventoryItemId: "inv-1",
        desiredQty: 9,
        lastPushedQty: 9,
        lastPushedAt: new Date(Date.now() - (options.pushedAgoMs ?? HOUR)),
        syncState: "ok",
      },
    });
    const level = (available: number, updatedAt = new Date(), location = "L1") => ({
      type: "inventory_level.changed" as const,
      externalInventoryItemId: "inv-1",
      locationExternalId: location,
      available,
      updatedAt,
    });
    const listing = () => t.db.channelListing.findUniqueOrThrow({ where: { id: listingId } });
    const drift = () => t.db.syncDrift.findMany({ where: { channelId: channel.id }, orderBy: { createdAt: "asc" } });
    const pushedTo = () => pushes.filter((push) => push.listingId === listingId).map((push) => push.quantity);
    return { shop, channel, item, warehouse, back, listingId, level, listing, drift, pushedTo };
  }

  it("records the drift, notes what the channel shows, and sets it back only after the grace window", async () => {
    const s = await setup();
    const edited = s.level(7);
    const now = new Date();
    expect(await applyInventoryLevel(t.db, s.channel, edited, ctx, { now: () => now })).toEqual({
      outcome: "applied",
      detail: `${KIND} showed 7 where the ledger has 9: set back in 10s`,
    });
    expect(await s.drift()).toEqual([
      expect.objectContaining({
        shopId: s.shop.id,
        listingId: s.listingId,
        itemId: s.item.id,
        expectedQty: 9,
        channelQty: 7,
        cause: "channel_edit",
        action: "set_back",
      }),
    ]);
    expect(await s.listing()).toMatchObject({
      lastSeenQty: 7,
      lastSeenAt: edited.updatedAt,
      syncState: "queued",
      nextPushAt: new Date(now.getTime() + SET_BACK_GRACE_MS),
    });

    // Within the window the push leaves it alone; after it, the ledger's 9 goes back, compared against the 7 seen.
    expect(await pushChannel(t.db, s.channel.id, { now: new Date(now.getTime() + 5_000) })).toMatchObject({
      pushed: 0,
    });
    expect(await pushChannel(t.db, s.channel.id, { now: new Date(now.getTime() + 10_001) })).toMatchObject({
      pushed: 1,
    });
    expect(s.pushedTo()).toEqual([9]);
    expect(await s.listing()).toMatchObject({ syncState: "ok", lastPushedQty: 9, nextPushAt: null });
    expect(await balance(t.db, s.item.id, s.warehouse.id)).toMatchObject({ onHand: 9 });
  });

  it("is pushed back by the sync engine's sweep once the window has passed", async () => {
    const s = await setup();
    const queue = createInProcessQueue({ logger: silentLogger });
    const unsubscribe = registerSyncJobs(queue, { db: () => t.db, logger: silentLogger });
    await queue.startWorkers({ concurrency: 2 });
    try {
      await applyInventoryLevel(t.db, s.channel, s.level(4), ctx, { graceMs: 150 });
      await queue.enqueue(SYNC_SWEEP_JOB, {});
      await queue.drain();
      expect(s.pushedTo()).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await queue.enqueue(SYNC_SWEEP_JOB, {});
      await pollUntil(async () => s.pushedTo().length > 0, { timeoutMs: 10_000, describe: () => "the set-back push" });
      expect(s.pushedTo()).toEqual([9]);
    } finally {
      unsubscribe();
      await queue.close();
    }
  });

  it("recognises the echo of a set-back made by a pusher that sets one channel-wide figure", async () => {
    const s = await setup();
    const now = new Date();
    await applyInventoryLevel(t.db, s.channel, s.level(7), ctx, { now: () => now });
    expect(await s.listing()).toMatchObject({ locationQuantities: { L1: { pushed: 9, seen: 7 } } });
    expect(await pushChannel(t.db, s.channel.id, { now: new Date(now.getTime() + 10_001) })).toMatchObject({
      pushed: 1,
    });
    // The push knows no locations: the per-location figures are dropped, and the totals describe L1 again.
    expect(await s.listing()).toMatchObject({ locationQuantities: {}, lastPushedQty: 9 });
    expect(await applyChannelEvent(t.db, s.channel, s.level(9, new Date(now.getTime() + 10_002)), ctx)).toEqual({
      outcome: "ignored",
      detail: "echo of our own push",
    });
    expect(await s.drift()).toHaveLength(1);
  });

  it("records a redelivered level once, and ignores one older than a level already seen", async () => {
    const s = await setup();
    const edited = s.level(7);
    await applyChannelEvent(t.db, s.channel, edited, ctx);
    expect(await applyChannelEvent(t.db, s.channel, edited, ctx)).toEqual({
      outcome: "ignored",
      detail: "this level, or a newer one, was already seen",
    });
    const older = s.level(6, new Date(edited.updatedAt.getTime() - 1_000));
    expect(await applyChannelEvent(t.db, s.channel, older, ctx)).toMatchObject({ outcome: "ignored" });
    expect(await s.drift()).toHaveLength(1);
    expect(await s.listing()).toMatchObject({ lastSeenQty: 7 });
  });

  it("records nothing for our own push coming back, nor for the ledger's own figure", async () => {
    const echo = await setup({ pushedAgoMs: 60_000 });
    expect(await applyChannelEvent(t.db, echo.channel, echo.level(9), ctx)).toEqual({
      outcome: "ignored",
      detail: "echo of our own push",
    });
    expect(await echo.listing()).toMatchObject({ lastSeenQty: null, syncState: "ok" });

    const same = await setup();
    await t.db.channelListing.update({ where: { id: same.listingId }, data: { lastPushedQty: 8 } });
    expect(await applyChannelEvent(t.db, same.channel, same.level(9), ctx)).toEqual({
      outcome: "ignored",
      detail: "the channel shows the ledger's quantity",
    });
    expect(await same.listing()).toMatchObject({ lastSeenQty: 9, syncState: "ok", nextPushAt: null });
    expect([...(await echo.drift()), ...(await same.drift())]).toEqual([]);
  });

  it("ignores a level older than our last push, and one at a location the ledger does not set", async () => {
    const s = await setup({ pushedAgoMs: 60_000 });
    const beforePush = s.level(3, new Date(Date.now() - 2 * 60_000));
    expect(await applyChannelEvent(t.db, s.channel, beforePush, ctx)).toMatchObject({ outcome: "ignored" });
    // Counted in the back room, so the level there is not taken as opening stock.
    await recordMovements(t.db, s.shop.id, [
      {
        itemId: s.item.id,
        locationId: s.back.id,
        kind: "count",
        onHandDelta: 2,
        committedDelta: 0,
        source: "test",
        idempotencyKey: "back-room-count",
      },
    ]);
    await t.db.channelListing.update({ where: { id: (await s.listing()).id }, data: { syncState: "ok" } });
    expect(await applyChannelEvent(t.db, s.channel, s.level(3, new Date(), "L2"), ctx)).toEqual({
      outcome: "ignored",
      detail: "location L2 is not where the ledger sets stock",
    });
    expect(await s.drift()).toEqual([]);
    expect(await s.listing()).toMatchObject({ lastSeenQty: null, syncState: "ok" });
  });

  it("drops the set-back when the sale's order lands within the window", async () => {
    const s = await setup();
    await applyChannelEvent(t.db, s.channel, s.level(8), ctx);
    const sale = { type: "order.upserted" as const, order: snapshot("5001", 1, [{ sku: "SOCK", quantity: 1 }]) };
    await applyChannelEvent(t.db, s.channel, sale, ctx);
    await planPushes(t.db, s.shop.id);
    expect(await s.listing()).toMatchObject({ desiredQty: 8, syncState: "ok", nextPushAt: null });
    expect(await pushChannel(t.db, s.channel.id, { now: new Date(Date.now() + HOUR) })).toMatchObject({ pushed: 0 });
    expect(s.pushedTo()).toEqual([]);
  });

  it("pushes at once when other stock moves within the window and the channel still shows the edit", async () => {
    const s = await setup();
    await applyChannelEvent(t.db, s.channel, s.level(7), ctx);
    // Stock in the back room is not sold on this channel: the ledger's figure for it stays 9.
    await recordMovements(t.db, s.shop.id, [
      {
        itemId: s.item.id,
        locationId: s.back.id,
        kind: "receipt",
        onHandDelta: 4,
        committedDelta: 0,
        source: "test",
        idempotencyKey: "back-room-receipt",
      },
    ]);
    expect(await s.listing()).toMatchObject({ syncState: "pending" });
    await planPushes(t.db, s.shop.id);
    expect(await s.listing()).toMatchObject({ desiredQty: 9, syncState: "queued" });
    expect(await pushChannel(t.db, s.channel.id)).toMatchObject({ pushed: 1 });
    expect(s.pushedTo()).toEqual([9]);
  });

  it("imports the change as an adjustment with the channel as master, and records that drift once", async () => {
    const s = await setup({ stockMaster: "channel" });
    const edited = s.level(12);
    expect(await applyChannelEvent(t.db, s.channel, edited, ctx)).toEqual({ outcome: "applied", detail: "on hand +3" });
    expect(await applyChannelEvent(t.db, s.channel, edited, ctx)).toMatchObject({ outcome: "ignored" });
    expect(await balance(t.db, s.item.id, s.warehouse.id)).toMatchObject({ onHand: 12 });
    expect(await s.drift()).toEqual([
      expect.objectContaining({
        listingId: s.listingId,
        expectedQty: 9,
        channelQty: 12,
        cause: "channel_edit",
        action: "imported",
        detail: `${KIND} showed 12 at location L1; imported as an adjustment of +3`,
      }),
    ]);
    expect(await s.listing()).toMatchObject({ lastSeenQty: 12, syncState: "pending" });
  });
});
