import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { balance, makeItem, makeShop } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent } from "./apply-channel-event.server";

const ctx = { source: "test" };
const MINUTE = 60 * 1000;

describe("echo suppression of inventory level webhooks", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  async function setup(lastPushedQty: number, pushedAgoMs: number) {
    const { shop, locations, channels } = await makeShop(t.db);
    const location = locations[0]!;
    await t.db.channel.update({ where: { id: channels[0]!.id }, data: { settings: { stockMaster: "channel" } } });
    const channel = { ...channels[0]!, settings: { stockMaster: "channel" } };
    const item = await makeItem(t.db, shop.id, "SOCK", [{ locationId: location.id, onHand: 5 }]);
    await t.db.channelLocation.create({
      data: { shopId: shop.id, channelId: channel.id, locationId: location.id, externalLocationId: "L" },
    });
    await t.db.channelListing.create({
      data: {
        shopId: shop.id,
        channelId: channel.id,
        itemId: item.id,
        externalProductId: "p",
        externalInventoryItemId: "inv-1",
        lastPushedQty,
        lastPushedAt: new Date(Date.now() - pushedAgoMs),
      },
    });
    const level = (available: number) => ({
      type: "inventory_level.changed" as const,
      externalInventoryItemId: "inv-1",
      locationExternalId: "L",
      available,
      updatedAt: new Date(),
    });
    return { channel, item, location, level };
  }

  it("ignores a level equal to what we pushed within the last 10 minutes, even with the channel as master", async () => {
    const { channel, item, location, level } = await setup(8, 2 * MINUTE);
    expect(await applyChannelEvent(t.db, channel, level(8), ctx)).toEqual({
      outcome: "ignored",
      detail: "echo of our own push",
    });
    expect(await balance(t.db, item.id, location.id)).toMatchObject({ onHand: 5 });
  });

  it("applies a different level, and the same level once the push is older than 10 minutes", async () => {
    const recent = await setup(8, MINUTE);
    expect(await applyChannelEvent(t.db, recent.channel, recent.level(7), ctx)).toMatchObject({
      outcome: "applied",
      detail: "on hand +2",
    });

    const old = await setup(8, 11 * MINUTE);
    expect(await applyChannelEvent(t.db, old.channel, old.level(8), ctx)).toMatchObject({
      outcome: "applied",
      detail: "on hand +3",
    });
    expect(await balance(t.db, old.item.id, old.location.id)).toMatchObject({ onHand: 8 });
  });
});
