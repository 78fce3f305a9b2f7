import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelEvent } from "../../../connectors/events";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { balance, makeShop, snapshot } from "../../../test/support/ledger-fixtures.ts";
import { applyChannelEvent, NotYetKnownError } from "./apply-channel-event.server";
import { LISTING_WAIT_MS } from "./inventory-level.server";

// A product added in the Shopify admin and sold at once raises three deliveries: products/update (the listing),
// orders/create and inventory_levels/update (the figure, after the sale or before it). They arrive in any order. Found
// by drill:chaos: a level before its product was dropped (the item never got its opening stock), and a level before
// its order opened the stock at the figure and then reserved the order's units from it again (a sale taken twice);
// the other way round, a figure taken before the sale had the sale's units added to it. Whatever the order, the
// ledger must end where the store is: 12 on the shelf, 2 held by the order, 10 to sell.

const PERMUTATIONS = [
  ["product", "order", "level"],
  ["product", "level", "order"],
  ["order", "product", "level"],
  ["order", "level", "product"],
  ["level", "product", "order"],
  ["level", "order", "product"],
] as const;

describe("a new product's first level, whatever order its deliveries arrive in", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  /** The figure after the sale (10, stamped after the order was placed) or before it (12, stamped before). */
  async function setup(figure: "after the sale" | "before the sale" = "after the sale") {
    const { shop, locations, channels } = await makeShop(t.db, { channels: ["shopify"] });
    const warehouse = locations[0]!;
    const channel = channels[0]!;
    await t.db.channelLocation.create({
      data: { shopId: shop.id, channelId: channel.id, locationId: warehouse.id, externalLocationId: "loc-1" },
    });
    const events: Record<(typeof PERMUTATIONS)[number][number], ChannelEvent> = {
      product: {
        type: "listing.changed",
        listings: [
          {
            externalProductId: "p-1",
            externalVariantId: "v-1",
            externalInventoryItemId: "ii-1",
            sku: "SCARF",
            title: "Scarf",
            deleted: false,
          },
        ],
      },
      order: { type: "order.upserted", order: snapshot("9001", 1, [{ sku: "SCARF", quantity: 2 }]) },
      level: {
        type: "inventory_level.changed",
        externalInventoryItemId: "ii-1",
        locationExternalId: "loc-1",
        available: figure === "after the sale" ? 10 : 12,
        // The order's placedAt is 2026-01-01 (the snapshot fixture).
        updatedAt: figure === "after the sale" ? new Date() : new Date(Date.UTC(2025, 11, 31)),
      },
    };
    return { shop, warehouse, channel, events };
  }

  /** The inbox: each event applied as it arrives; one that must wait is retried once its window has passed. */
  async function deliver(channel: Awaited<ReturnType<typeof setup>>["channel"], events: ChannelEvent[]) {
    const waiting: ChannelEvent[] = [];
    for (const event of events) {
      try {
        await applyChannelEvent(t.db, channel, event, { source: "test", receivedAt: new Date() });
      } catch (error) {
        if (!(error instanceof NotYetKnownError)) throw error;
        waiting.push(event);
      }
    }
    const later = new Date(Date.now() - LISTING_WAIT_MS - 1_000);
    for (const event of waiting) await applyChannelEvent(t.db, channel, event, { source: "test", receivedAt: later });
    return waiting.length;
  }

  for (const [figure, permutation] of (["after the sale", "before the sale"] as const).flatMap((when) =>
    PERMUTATIONS.map((order) => [when, order] as const),
  )) {
    it(`ends with the store's stock, the figure ${figure}, arriving as ${permutation.join(", ")}`, async () => {
      const s = await setup(figure);
      await deliver(
        s.channel,
        permutation.map((name) => s.events[name]),
      );
      const item = await t.db.inventoryItem.findUniqueOrThrow({
        where: { shopId_sku: { shopId: s.shop.id, sku: "SCARF" } },
      });
      expect(await balance(t.db, item.id, s.warehouse.id)).toMatchObject({ onHand: 12, committed: 2, available: 10 });
      expect(await t.db.orderLine.findFirstOrThrow({ where: { shopId: s.shop.id } })).toMatchObject({
        reservedQty: 2,
        shortQty: 0,
      });
      expect(await t.db.oversell.count({ where: { shopId: s.shop.id, resolvedAt: null } })).toBe(0);
    });
  }

  it("reserves another channel's order from the figure instead of adding it: that sale is not in the figure", async () => {
    const s = await setup();
    const other = await t.db.channel.create({
      data: { shopId: s.shop.id, kind: "woocommerce", name: "woo", externalRef: "woo.test" },
      select: { id: true, shopId: true, kind: true, name: true, settings: true },
    });
    await deliver(s.channel, [s.events.product]);
    const wooOrder = { type: "order.upserted" as const, order: snapshot("77", 1, [{ sku: "SCARF", quantity: 3 }]) };
    await deliver(other, [wooOrder]);
    await deliver(s.channel, [s.events.order, s.events.level]);
    const item = await t.db.inventoryItem.findUniqueOrThrow({
      where: { shopId_sku: { shopId: s.shop.id, sku: "SCARF" } },
    });
    // Shopify's 10 counts its own sale (2 held); the WooCommerce order's 3 come out of what is left.
    expect(await balance(t.db, item.id, s.warehouse.id)).toMatchObject({ onHand: 12, committed: 5, available: 7 });
    expect(await t.db.oversell.count({ where: { shopId: s.shop.id, resolvedAt: null } })).toBe(0);
  });

  it("waits only within its window: a level of an item never listed is then ignored", async () => {
    const s = await setup();
    const level = s.events.level;
    await expect(
      applyChannelEvent(t.db, s.channel, level, { source: "test", receivedAt: new Date() }),
    ).rejects.toBeInstanceOf(NotYetKnownError);
    const later = new Date(Date.now() - LISTING_WAIT_MS - 1_000);
    expect(await applyChannelEvent(t.db, s.channel, level, { source: "test", receivedAt: later })).toEqual({
      outcome: "ignored",
      detail: "item or location not mapped to the ledger",
    });
    // Applied directly (not through the inbox: no receipt time), a level never waits.
    expect(await applyChannelEvent(t.db, s.channel, level, { source: "test" })).toMatchObject({ outcome: "ignored" });
  });
});
