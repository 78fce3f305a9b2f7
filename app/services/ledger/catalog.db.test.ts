import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopifyParser } from "../../../connectors/shopify/parser.ts";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { makeItem, makeShop } from "../../../test/support/ledger-fixtures.ts";
import { shopifyFixture as fixture } from "../../../test/support/shopify-fixtures.ts";
import { applyChannelEvent, type ChannelRef } from "./apply-channel-event.server";

// Shopify's catalog and app webhooks from the fixture payloads to the database: products/update, products/delete
// and app/scopes_update.

const ctx = { source: "test" };

describe("catalog and app webhooks in the ledger", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  async function deliver(channel: ChannelRef, topic: string, payload: unknown) {
    const parsed = shopifyParser.parseWebhook(topic, payload);
    if (!("events" in parsed)) throw new Error(`expected events, got ${parsed.ignored}`);
    return Promise.all(parsed.events.map((event) => applyChannelEvent(t.db, channel, event, ctx)));
  }

  const listingsOf = (channelId: string) =>
    t.db.channelListing.findMany({
      where: { channelId },
      select: { externalProductId: true, externalVariantId: true, externalInventoryItemId: true, item: true },
      orderBy: { externalVariantId: "asc" },
    });

  it("lists every variant with a SKU of an updated product, and skips the one without", async () => {
    const { shop, channels } = await makeShop(t.db);
    expect(await deliver(channels[0]!, "products/update", fixture("products-update"))).toEqual([
      { outcome: "applied", detail: "2 listing(s), 0 line(s) mapped" },
    ]);
    const listings = await listingsOf(channels[0]!.id);
    expect(listings.map((listing) => [listing.externalVariantId, listing.item.sku, listing.item.title])).toEqual([
      ["44100200300001", "TEE-BLK-M", "Harbour Tee - Black / M"],
      ["44100200300003", "TEE-BLK-L", "Harbour Tee - Black / L"],
    ]);
    expect(await t.db.inventoryItem.count({ where: { shopId: shop.id } })).toBe(2);
  });

  it("moves a variant's listing to its new SKU's item instead of keeping both", async () => {
    const { shop, channels } = await makeShop(t.db);
    await deliver(channels[0]!, "products/update", fixture("products-update"));
    const renamed = fixture("products-update");
    const variants = renamed.variants as Array<Record<string, unknown>>;
    variants[0] = { ...variants[0], sku: "TEE-BLACK-M" };
    await deliver(channels[0]!, "products/update", renamed);
    const listings = await listingsOf(channels[0]!.id);
    expect(listings.map((listing) => [listing.externalVariantId, listing.item.sku])).toEqual([
      ["44100200300001", "TEE-BLACK-M"],
      ["44100200300003", "TEE-BLK-L"],
    ]);
    // The old SKU stays a ledger item: its stock is the merchant's, whatever the channel calls it now.
    expect(await t.db.inventoryItem.count({ where: { shopId: shop.id, sku: "TEE-BLK-M" } })).toBe(1);
  });

  it("removes every listing of a deleted product, knowing only its id, and keeps the items and their stock", async () => {
    const { shop, locations, channels } = await makeShop(t.db);
    const channel = channels[0]!;
    const wrap = await makeItem(t.db, shop.id, "WRAP", [{ locationId: locations[0]!.id, onHand: 4 }]);
    const ribbon = await makeItem(t.db, shop.id, "RIBBON", []);
    const tee = await makeItem(t.db, shop.id, "TEE", []);
    await t.db.channelListing.createMany({
      data: [
        { shopId: shop.id, channelId: channel.id, itemId: wrap.id, externalProductId: "8801100200002" },
        { shopId: shop.id, channelId: channel.id, itemId: ribbon.id, externalProductId: "8801100200002" },
        { shopId: shop.id, channelId: channel.id, itemId: tee.id, externalProductId: "8801100200001" },
      ],
    });
    expect(await deliver(channel, "products/delete", fixture("products-delete"))).toEqual([
      { outcome: "applied", detail: "0 listing(s), 2 removed, 0 line(s) mapped" },
    ]);
    expect((await listingsOf(channel.id)).map((listing) => listing.item.sku)).toEqual(["TEE"]);
    expect(await t.db.stockLevel.findFirst({ where: { itemId: wrap.id } })).toMatchObject({ onHand: 4 });
    // Delivered again, it finds nothing left to remove.
    expect(await deliver(channel, "products/delete", fixture("products-delete"))).toEqual([
      { outcome: "applied", detail: "0 listing(s), 0 line(s) mapped" },
    ]);
  });

  it("gives the store's sessions the scopes granted now", async () => {
    const { channels } = await makeShop(t.db);
    const channel = channels[0]!;
    const { externalRef } = await t.db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    await t.db.session.create({
      data: { id: `offline_${externalRef}`, shop: externalRef, state: "", accessToken: "token", scope: "read_orders" },
    });
    expect(await deliver(channel, "app/scopes_update", fixture("app-scopes_update"))).toEqual([
      { outcome: "applied", detail: "1 session(s) now carry 7 scope(s)" },
    ]);
    const session = await t.db.session.findUniqueOrThrow({ where: { id: `offline_${externalRef}` } });
    expect(session.scope).toBe(
      "read_orders,write_orders,read_products,write_products,read_inventory,write_inventory,read_reports",
    );
  });
});
