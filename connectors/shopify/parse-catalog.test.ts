import { describe, expect, it } from "vitest";
import { shopifyFixture as fixture } from "../../test/support/shopify-fixtures";
import type { ChannelEvent } from "../events";
import { shopifyParser } from "./parser";

// inventory_levels/update, products/update, products/delete and app/scopes_update.

function only<T extends ChannelEvent["type"]>(topic: string, payload: unknown, type: T) {
  const parsed = shopifyParser.parseWebhook(topic, payload);
  if (!("events" in parsed)) throw new Error(`expected events, got ${parsed.ignored}`);
  expect(parsed.events).toHaveLength(1);
  expect(parsed.events[0]?.type).toBe(type);
  return parsed.events[0] as Extract<ChannelEvent, { type: T }>;
}

describe("Shopify catalog and stock webhooks", () => {
  it("reads inventory_levels/update into the item's new available quantity at the location", () => {
    expect(only("inventory_levels/update", fixture("inventory_levels-update"), "inventory_level.changed")).toEqual({
      type: "inventory_level.changed",
      externalInventoryItemId: "45100200300001",
      locationExternalId: "7700100200001",
      available: 7,
      updatedAt: new Date("2026-03-06T15:20:00Z"),
    });
  });

  it("keeps a negative level (sold beyond stock) and ignores an untracked item", () => {
    const oversold = { ...fixture("inventory_levels-update"), available: -2 };
    expect(only("inventory_levels/update", oversold, "inventory_level.changed").available).toBe(-2);
    const untracked = { ...fixture("inventory_levels-update"), available: null };
    expect(shopifyParser.parseWebhook("inventory_levels/update", untracked)).toEqual({
      ignored: "inventory item 45100200300001 is not tracked at location 7700100200001",
    });
  });

  it("reads products/update into one listing per variant, titled as Shopify's display name", () => {
    expect(only("products/update", fixture("products-update"), "listing.changed").listings).toEqual([
      {
        externalProductId: "8801100200001",
        externalVariantId: "44100200300001",
        externalInventoryItemId: "45100200300001",
        sku: "TEE-BLK-M",
        title: "Harbour Tee - Black / M",
        deleted: false,
      },
      {
        externalProductId: "8801100200001",
        externalVariantId: "44100200300003",
        externalInventoryItemId: "45100200300003",
        sku: "TEE-BLK-L",
        title: "Harbour Tee - Black / L",
        deleted: false,
      },
      {
        externalProductId: "8801100200001",
        externalVariantId: "44100200300004",
        externalInventoryItemId: "45100200300004",
        sku: null,
        title: "Harbour Tee - Black / XL",
        deleted: false,
      },
    ]);
  });

  it("titles the only variant of a product without options by the product alone", () => {
    const payload = fixture("products-update");
    const [first] = payload.variants as Array<Record<string, unknown>>;
    const single = { ...payload, title: "Gift wrap", variants: [{ ...first, title: "Default Title", sku: " " }] };
    expect(only("products/update", single, "listing.changed").listings).toEqual([
      expect.objectContaining({ title: "Gift wrap", sku: null }),
    ]);
  });

  it("reads products/delete as every listing of the product deleted", () => {
    expect(only("products/delete", fixture("products-delete"), "listing.changed")).toEqual({
      type: "listing.changed",
      listings: [{ externalProductId: "8801100200002", sku: null, title: "", deleted: true }],
    });
  });

  it("reads app/scopes_update into the scopes granted now", () => {
    expect(only("app/scopes_update", fixture("app-scopes_update"), "channel.scopes_updated")).toEqual({
      type: "channel.scopes_updated",
      scopes: [
        "read_orders",
        "write_orders",
        "read_products",
        "write_products",
        "read_inventory",
        "write_inventory",
        "read_reports",
      ],
      updatedAt: new Date("2026-03-06T16:00:00Z"),
    });
  });
});
