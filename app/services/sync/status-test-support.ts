// Test data for the sync status and /metrics: two shops whose channels have listings in every sync state, dead letters
// and drift. Timestamps are relative to `now`, so lag and "last 24 h" have known values.
import { makeShop } from "../../../test/support/ledger-fixtures.ts";
import type { Db } from "../../db.server";

const MINUTE = 60_000;

export async function seedSyncStates(db: Db, now = new Date()) {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE);
  const { shop, channels } = await makeShop(db, { channels: ["shopify", "woocommerce"] });
  const [shopify, woo] = [channels[0]!, channels[1]!];

  const listing = async (
    channelId: string,
    sku: string,
    data: {
      syncState: string;
      updatedAt: Date;
      lastPushedAt?: Date;
      lastError?: string;
      pushAttempts?: number;
      nextPushAt?: Date;
    },
  ) => {
    const item = await db.inventoryItem.upsert({
      where: { shopId_sku: { shopId: shop.id, sku } },
      create: { shopId: shop.id, sku, title: `Item ${sku}` },
      update: {},
    });
    return db.channelListing.create({ data: { shopId: shop.id, channelId, itemId: item.id, ...data } });
  };

  await listing(shopify.id, "OK-1", { syncState: "ok", updatedAt: ago(60), lastPushedAt: ago(60) });
  await listing(shopify.id, "OK-2", { syncState: "ok", updatedAt: ago(120), lastPushedAt: ago(120) });
  await listing(shopify.id, "PENDING-1", { syncState: "pending", updatedAt: ago(3), lastPushedAt: ago(30) });
  await listing(shopify.id, "QUEUED-1", { syncState: "queued", updatedAt: ago(10) });
  const failed = await listing(shopify.id, "FAILED-1", {
    syncState: "failed",
    updatedAt: ago(1),
    lastError: "429 Too Many Requests",
    pushAttempts: 2,
    nextPushAt: new Date(now.getTime() + MINUTE),
  });
  const deadOld = await listing(shopify.id, "DEAD-OLD", {
    syncState: "dead",
    updatedAt: ago(20),
    lastError: "HTTP 422: inventory item not found",
    pushAttempts: 8,
  });
  const deadNew = await listing(shopify.id, "DEAD-NEW", {
    syncState: "dead",
    updatedAt: ago(5),
    lastError: 'Variant "blue" is gone\nfor good',
    pushAttempts: 1,
  });
  await listing(woo.id, "OK-1", { syncState: "ok", updatedAt: ago(5), lastPushedAt: ago(5) });
  await listing(woo.id, "OK-2", { syncState: "ok", updatedAt: ago(6), lastPushedAt: ago(6) });

  const items = await db.inventoryItem.findMany({ where: { shopId: shop.id }, select: { id: true, sku: true } });
  const itemId = (sku: string) => items.find((item) => item.sku === sku)!.id;
  const drift = (minutes: number, sku: string, cause: string, action: string, channelQty: number) =>
    db.syncDrift.create({
      data: {
        shopId: shop.id,
        channelId: shopify.id,
        itemId: itemId(sku),
        expectedQty: 5,
        channelQty,
        cause,
        action,
        detail: cause === "channel_edit" ? "edited in the Shopify admin" : null,
        createdAt: ago(minutes),
      },
    });
  for (let n = 0; n < 4; n++) await drift(30 + n, "OK-1", "channel_edit", "set_back", 7 + n);
  await drift(2, "OK-2", "reconcile", "imported", 3);
  await drift(90, "OK-2", "reconcile", "imported", 4);
  await drift(2 * 24 * 60, "OK-1", "channel_edit", "set_back", 9);

  // Another shop: its dead listing and its drift never show on the first shop's screen (but do in /metrics).
  const other = await makeShop(db, { channels: ["woocommerce"] });
  const otherChannel = other.channels[0]!;
  const otherItem = await db.inventoryItem.create({ data: { shopId: other.shop.id, sku: "THEIRS", title: "Theirs" } });
  await db.channelListing.create({
    data: {
      shopId: other.shop.id,
      channelId: otherChannel.id,
      itemId: otherItem.id,
      syncState: "dead",
      lastError: "401 Unauthorized",
    },
  });
  await db.syncDrift.create({
    data: {
      shopId: other.shop.id,
      channelId: otherChannel.id,
      itemId: otherItem.id,
      channelQty: 1,
      cause: "channel_edit",
      action: "set_back",
    },
  });

  return {
    now,
    shop,
    shopify,
    woo,
    failed,
    deadOld,
    deadNew,
    other: { shop: other.shop, channel: otherChannel, item: otherItem },
  };
}

export type SeededSyncStates = Awaited<ReturnType<typeof seedSyncStates>>;
