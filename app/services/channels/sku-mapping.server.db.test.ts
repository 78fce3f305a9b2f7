import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { balance, makeItem, makeShop, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent } from "../ledger/apply-channel-event.server";
import { listUnmatchedSkus, mapChannelSku } from "./sku-mapping.server";

const ctx = { source: "test" };

describe("SKU mapping for unmatched lines", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  async function setup() {
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["shopify", "woocommerce"] });
    const [shopify, woo] = [channels[0]!, channels[1]!];
    const location = locations[0]!;
    const tee = await makeItem(t.db, shop.id, "TEE-BLK-M", [{ locationId: location.id, onHand: 10 }]);
    const place = (channel: typeof shopify, id: string, lines: Parameters<typeof snapshot>[2]) =>
      applyChannelEvent(t.db, channel, { type: "order.upserted", order: snapshot(id, 1, lines) }, ctx);
    await place(shopify, "1", [{ sku: "TEE-BLACK-MED", quantity: 2 }]);
    await place(shopify, "2", [
      { sku: "TEE-BLACK-MED", quantity: 1 },
      { sku: null, quantity: 1 },
    ]);
    await place(woo, "3", [{ sku: "TEE-BLACK-MED", quantity: 5 }]);
    return { shop, shopify, woo, location, tee };
  }

  it("lists the channel's unmatched lines by SKU, or by title without one", async () => {
    const { shop, shopify } = await setup();
    expect(await listUnmatchedSkus(t.db, shop.id, shopify.id)).toEqual([
      { sku: "TEE-BLACK-MED", title: "TEE-BLACK-MED", lines: 2, orders: 2, units: 3 },
      { sku: null, title: "Custom item", lines: 1, orders: 1, units: 1 },
    ]);
  });

  it("maps every waiting line of the SKU on this channel to the chosen item and reserves it", async () => {
    const { shop, shopify, woo, location, tee } = await setup();
    const outcome = await mapChannelSku(
      t.db,
      shop.id,
      shopify.id,
      { sku: "TEE-BLACK-MED", title: "", itemId: tee.id },
      ctx,
    );
    expect(outcome).toEqual({ ok: true, mapped: 2, itemSku: "TEE-BLK-M" });
    const lines = await t.db.orderLine.findMany({
      where: { shopId: shop.id, sku: "TEE-BLACK-MED", order: { channelId: shopify.id } },
    });
    expect(lines.map((line) => [line.needsMapping, line.itemId, line.reservedQty])).toEqual([
      [false, tee.id, 2],
      [false, tee.id, 1],
    ]);
    expect(await balance(t.db, tee.id, location.id)).toMatchObject({ committed: 3, available: 7 });
    // The order with a line still unmatched keeps its flag; the fully mapped one loses it.
    const orders = await t.db.order.findMany({ where: { channelId: shopify.id }, orderBy: { externalId: "asc" } });
    expect(orders.map((order) => order.needsMapping)).toEqual([false, true]);
    expect((await listUnmatchedSkus(t.db, shop.id, shopify.id)).map((row) => row.sku)).toEqual([null]);
    // The same SKU on another channel is that channel's to map.
    expect(await listUnmatchedSkus(t.db, shop.id, woo.id)).toEqual([
      expect.objectContaining({ sku: "TEE-BLACK-MED", lines: 1 }),
    ]);
  });

  it("maps a line without a SKU by its title", async () => {
    const { shop, shopify, tee } = await setup();
    const outcome = await mapChannelSku(
      t.db,
      shop.id,
      shopify.id,
      { sku: "", title: "Custom item", itemId: tee.id },
      ctx,
    );
    expect(outcome).toMatchObject({ ok: true, mapped: 1 });
    expect(await listUnmatchedSkus(t.db, shop.id, shopify.id)).toEqual([
      expect.objectContaining({ sku: "TEE-BLACK-MED" }),
    ]);
  });

  it("refuses another shop's item and a SKU nothing waits for", async () => {
    const { shop, shopify } = await setup();
    const other = await makeShop(t.db);
    const foreign = await makeItem(t.db, other.shop.id, "X", []);
    expect(
      await mapChannelSku(t.db, shop.id, shopify.id, { sku: "TEE-BLACK-MED", title: "", itemId: foreign.id }, ctx),
    ).toMatchObject({ ok: false, status: 400, fieldErrors: { itemId: expect.any(Array) } });
    const tee = await t.db.inventoryItem.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(
      await mapChannelSku(t.db, shop.id, shopify.id, { sku: "NOPE", title: "", itemId: tee.id }, ctx),
    ).toMatchObject({
      ok: false,
      status: 404,
    });
  });
});
