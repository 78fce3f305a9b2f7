import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeShop } from "../../../test/support/ledger-fixtures.ts";
import { newBackfillProgress } from "../shopify/backfill-progress.server";
import { recordMovements } from "../ledger/record-movements.server";
import { pushChannel } from "./push.server";
import { registerPusher, type PushItem } from "./pushers";

// Found by drill:chaos (scale-out): the Shopify backfill counts a shipped order's units back ("shipped before the
// import") and ships them in the next transaction. A push between the two sent Shopify one unit too many; the
// backfill's closing count then read that unit back from Shopify as stock, and ledger and store both kept it: a unit
// that is not on the shelf. A channel being backfilled is not pushed to; its listings wait for the backfill's end.

describe("pushes to a channel whose backfill runs", () => {
  let t: TestDb;
  const calls: PushItem[][] = [];
  beforeAll(async () => {
    t = await createTestDb();
    registerPusher({
      kind: "backfilling",
      batchLimit: 100,
      async push(_db, _channel, items) {
        calls.push(items);
        return items.map((item) => ({ listingId: item.listingId, ok: true, pushedQuantity: item.quantity }));
      },
    });
  });
  afterAll(() => t.drop());

  it("wait for the backfill to end, then go", async () => {
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["backfilling"] });
    const channel = channels[0]!;
    const item = await t.db.inventoryItem.create({ data: { shopId: shop.id, sku: "TEE", title: "Tee" } });
    await recordMovements(t.db, shop.id, [
      {
        itemId: item.id,
        locationId: locations[0]!.id,
        kind: "count",
        onHandDelta: 38,
        committedDelta: 0,
        source: "test",
        idempotencyKey: "count:tee",
      },
    ]);
    const listing = await t.db.channelListing.create({
      data: { shopId: shop.id, channelId: channel.id, itemId: item.id, syncState: "queued", desiredQty: 38 },
    });
    const running = newBackfillProgress(60, new Date());
    await t.db.channel.update({ where: { id: channel.id }, data: { settings: { backfill: running } } });

    expect(await pushChannel(t.db, channel.id)).toMatchObject({ pushed: 0, more: false, retryAt: null });
    expect(calls).toHaveLength(0);
    expect(await t.db.channelListing.findUniqueOrThrow({ where: { id: listing.id } })).toMatchObject({
      syncState: "queued",
    });

    await t.db.channel.update({
      where: { id: channel.id },
      data: { settings: { backfill: { ...running, status: "done", phase: "done" } } },
    });
    expect(await pushChannel(t.db, channel.id)).toMatchObject({ pushed: 1 });
    expect(calls).toEqual([[expect.objectContaining({ listingId: listing.id, quantity: 38 })]]);
  });
});
