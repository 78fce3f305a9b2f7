// A ledger shop with a WooCommerce channel on a simulated store, for this folder's tests (not imported by the app).
import { createWooClient } from "../../../connectors/woocommerce/client/client";
import type { WooClient } from "../../../connectors/woocommerce/client/types";
import type { Db } from "../../db.server";
import { recordMovements } from "../ledger/record-movements.server";
import type { StoreHandle } from "../../../test/sim/woocommerce/store-handle";
import type { WooSim } from "../../../test/sim/woocommerce/sim";

export const WOO_KEYS = {
  consumerKey: "ck_1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4e5",
  consumerSecret: "cs_f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d",
};

let stores = 0;

/** A simulated store with its own host, answering WOO_KEYS over https (Basic auth). */
export function wooStore(sim: WooSim, name = "store"): StoreHandle {
  stores += 1;
  return sim.createStore({ url: `https://${name}-${stores}.example`, keys: [{ ...WOO_KEYS }], currency: "EUR" });
}

/** A mug (20 in stock) and a tee in sizes S and M (5 each, on the variations' own stock). */
export function addMugAndTee(store: StoreHandle) {
  store.addProduct({ name: "Mug", sku: "MUG", price: "12.00", stock: 20 });
  store.addProduct({
    type: "variable",
    name: "Tee",
    variations: ["S", "M"].map((size) => ({
      sku: `TEE-${size}`,
      price: "19.00",
      stock: 5,
      attributes: { Size: size },
    })),
  });
}

/** The connector's client for a store, as the app builds it from a channel's keys. */
export function wooClientOf(store: StoreHandle, keys = WOO_KEYS): WooClient {
  return createWooClient({ url: store.url, ...keys });
}

/** A shop with one location and a connected WooCommerce channel for the store. */
export async function wooChannel(db: Db, store: StoreHandle, settings: object = {}) {
  const shop = await db.shop.create({ data: { name: `Ledger for ${store.url}` } });
  const location = await db.location.create({ data: { shopId: shop.id, name: "Warehouse" } });
  const channel = await db.channel.create({
    data: { shopId: shop.id, kind: "woocommerce", name: "WooCommerce", externalRef: store.url, settings },
  });
  return { shop, location, channel };
}

/**
 * Inventory items listed on the channel, linked to the record holding their stock (stockRef), as last pushed
 * `lastPushed` an hour ago, with `onHand` units at the location.
 */
export async function wooListings(
  db: Db,
  target: Awaited<ReturnType<typeof wooChannel>>,
  entries: { sku: string; stockRef: string | null }[],
  options: { onHand?: number; lastPushed?: number } = {},
) {
  const { shop, channel, location } = target;
  await db.inventoryItem.createMany({ data: entries.map(({ sku }) => ({ shopId: shop.id, sku, title: sku })) });
  const items = await db.inventoryItem.findMany({ where: { shopId: shop.id, sku: { in: entries.map((e) => e.sku) } } });
  const bySku = new Map(items.map((item) => [item.sku, item]));
  await db.channelListing.createMany({
    data: entries.map(({ sku, stockRef }) => ({
      shopId: shop.id,
      channelId: channel.id,
      itemId: bySku.get(sku)!.id,
      externalProductId: stockRef ?? "unlinked",
      externalInventoryItemId: stockRef,
      lastPushedQty: options.lastPushed ?? 0,
      lastPushedAt: new Date(Date.now() - 60 * 60 * 1000),
      syncState: "ok",
    })),
  });
  if (options.onHand) {
    await recordMovements(
      db,
      shop.id,
      items.map((item) => ({
        itemId: item.id,
        locationId: location.id,
        kind: "receipt" as const,
        onHandDelta: options.onHand!,
        committedDelta: 0,
        source: "test",
        idempotencyKey: `receipt:${item.id}:${options.onHand}`,
      })),
    );
  }
  const listing = (sku: string) =>
    db.channelListing.findUniqueOrThrow({
      where: { channelId_itemId: { channelId: channel.id, itemId: bySku.get(sku)!.id } },
    });
  return { items, listing };
}
