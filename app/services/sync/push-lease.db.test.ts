import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeShop } from "../../../test/support/ledger-fixtures.ts";
import { recordMovements } from "../ledger/record-movements.server";
import { claimPushLease, PUSH_LEASE_MS, releasePushLease } from "./push-lease.server";
import { pushChannel } from "./push.server";
import { registerPusher, type PushItem } from "./pushers";

/** A channel whose calls take a while, so that two pushes started together overlap. */
function slowChannel(kind: string, batchLimit: number, callMs: number) {
  const calls: PushItem[][] = [];
  registerPusher({
    kind,
    batchLimit,
    async push(_db, _channel, items) {
      calls.push(items);
      await new Promise((resolve) => setTimeout(resolve, callMs));
      return items.map((item) => ({ listingId: item.listingId, ok: true, pushedQuantity: item.quantity }));
    },
  });
  return calls;
}

describe("one push per channel at a time", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  async function channelWithQueued(kind: string, listings: number) {
    const { shop, locations, channels } = await makeShop(t.db, { channels: [kind] });
    const channel = channels[0]!;
    await t.db.inventoryItem.createMany({
      data: Array.from({ length: listings }, (_, n) => ({ shopId: shop.id, sku: `${kind}-${n}`, title: `Item ${n}` })),
    });
    const items = await t.db.inventoryItem.findMany({ where: { shopId: shop.id }, select: { id: true } });
    await recordMovements(
      t.db,
      shop.id,
      items.map((item) => ({
        itemId: item.id,
        locationId: locations[0]!.id,
        kind: "count" as const,
        onHandDelta: 5,
        committedDelta: 0,
        source: "test",
        idempotencyKey: `count:${item.id}`,
      })),
    );
    await t.db.channelListing.createMany({
      data: items.map((item) => ({
        shopId: shop.id,
        channelId: channel.id,
        itemId: item.id,
        syncState: "queued",
        desiredQty: 5,
      })),
    });
    return channel;
  }

  it("refuses a second claim while the first holds, and hands over once it is let go", async () => {
    const channel = await channelWithQueued("lease-claim", 1);
    const first = await claimPushLease(t.db, channel.id);
    expect(first).not.toBeNull();
    expect(await claimPushLease(t.db, channel.id)).toBeNull();
    await releasePushLease(t.db, first!);
    const second = await claimPushLease(t.db, channel.id);
    expect(second).not.toBeNull();
    await releasePushLease(t.db, second!);
  });

  it("lets the sweep take over the lease of a push that died, and the dead push cannot let go of it", async () => {
    const channel = await channelWithQueued("lease-expiry", 1);
    const dead = await claimPushLease(t.db, channel.id, new Date(Date.now() - PUSH_LEASE_MS - 1_000));
    expect(dead).not.toBeNull();
    const taker = await claimPushLease(t.db, channel.id);
    expect(taker).not.toBeNull();
    await releasePushLease(t.db, dead!);
    expect(await claimPushLease(t.db, channel.id)).toBeNull();
    await releasePushLease(t.db, taker!);
  });

  it("sends each listing once when two pushes of one channel start together", async () => {
    const calls = slowChannel("lease-race", 100, 200);
    const channel = await channelWithQueued("lease-race", 150);
    const [a, b] = await Promise.all([pushChannel(t.db, channel.id), pushChannel(t.db, channel.id)]);
    expect([a.busy, b.busy].sort()).toEqual([false, true]);
    const holder = a.busy ? b : a;
    expect(holder).toMatchObject({ pushed: 100, more: true });
    expect(await pushChannel(t.db, channel.id)).toMatchObject({ pushed: 50, more: false, busy: false });
    const sent = calls.flat().map((item) => item.listingId);
    expect(calls).toHaveLength(2);
    expect(new Set(sent).size).toBe(150);
  });

  it("counts what was queued while it pushed, so the push refused meanwhile loses nothing", async () => {
    const calls = slowChannel("lease-late", 100, 200);
    const channel = await channelWithQueued("lease-late", 10);
    const running = pushChannel(t.db, channel.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await t.db.channelListing.updateMany({
      where: { channelId: channel.id },
      data: { syncState: "queued", desiredQty: 4, changeSeq: { increment: 1 } },
    });
    expect(await pushChannel(t.db, channel.id)).toMatchObject({ busy: true, pushed: 0 });
    expect(await running).toMatchObject({ pushed: 10, more: true });
    expect(await pushChannel(t.db, channel.id)).toMatchObject({ pushed: 10, more: false });
    expect(calls.map((call) => call.map((item) => item.quantity)[0])).toEqual([5, 4]);
  });
});
