import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db.server";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { balance, makeItem, makeShop, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent } from "./apply-channel-event.server";

// Found by drill:chaos (scale-out): an order for a SKU the ledger does not know yet, and the product webhook that
// creates its item, applied at the same time by two workers. The order planned its line without an item; the product
// created the item and mapped the lines waiting for it (none yet: the order had not committed); then the order
// committed its line as "needs mapping", and it stayed so for good, holding nothing.

describe("an order and the product that lists its SKU, applied at the same time", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  /** The database as the order's apply sees it: `meanwhile` runs once, after planning, before the transaction. */
  function interleaved(meanwhile: () => Promise<unknown>): Db {
    let ran = false;
    return new Proxy(t.db, {
      get(target, property, receiver) {
        if (property !== "$transaction") return Reflect.get(target, property, receiver) as unknown;
        return async (...args: unknown[]) => {
          if (!ran) {
            ran = true;
            await meanwhile();
          }
          return (target.$transaction as (...inner: unknown[]) => Promise<unknown>)(...args);
        };
      },
    });
  }

  it("maps the line to the item created while the order was being planned, and reserves its units", async () => {
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["shopify"] });
    const warehouse = locations[0]!;
    const channel = channels[0]!;
    await t.db.channelLocation.create({
      data: { shopId: shop.id, channelId: channel.id, locationId: warehouse.id, externalLocationId: "loc-1" },
    });
    const order = { type: "order.upserted" as const, order: snapshot("9101", 1, [{ sku: "SCARF", quantity: 2 }]) };
    const product = async () => {
      // The product webhook, applied by another worker: the item (with stock counted) and its listing.
      await makeItem(t.db, shop.id, "SCARF", [{ locationId: warehouse.id, onHand: 12 }]);
      await applyChannelEvent(
        t.db,
        channel,
        {
          type: "listing.changed",
          listings: [
            { externalProductId: "p-1", externalVariantId: "v-1", sku: "SCARF", title: "Scarf", deleted: false },
          ],
        },
        { source: "test" },
      );
    };

    expect(await applyChannelEvent(interleaved(product), channel, order, { source: "test" })).toMatchObject({
      outcome: "applied",
    });

    const line = await t.db.orderLine.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(line).toMatchObject({ needsMapping: false, locationId: warehouse.id, reservedQty: 2, shortQty: 0 });
    expect(await t.db.order.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ needsMapping: false });
    expect(await balance(t.db, line.itemId!, warehouse.id)).toMatchObject({ onHand: 12, committed: 2 });
  });
});
