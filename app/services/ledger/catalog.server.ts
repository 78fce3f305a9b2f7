import type { InventoryLevelChanged, ListingChanged } from "../../../connectors/events";
import type { Db } from "../../db.server";
import { readChannelSettings } from "../channel-settings";
import { adjustToAvailable } from "./available-adjustment.server";
import type { ApplyContext, ApplyOutcome, ChannelRef } from "./apply-types";
import { locationForExternal } from "./orders/locations.server";
import { remapLines } from "./orders/remap.server";

/**
 * The channel's catalog: every SKU becomes (or stays) an inventory item of the shop, listed on the
 * channel with its external ids. Lines that waited for a mapping are re-evaluated.
 */
export async function applyListings(
  db: Db,
  channel: ChannelRef,
  event: ListingChanged,
  context: ApplyContext,
): Promise<ApplyOutcome> {
  const skus: string[] = [];
  for (const listing of event.listings) {
    if (!listing.sku) continue;
    const item = await db.inventoryItem.upsert({
      where: { shopId_sku: { shopId: channel.shopId, sku: listing.sku } },
      create: { shopId: channel.shopId, sku: listing.sku, title: listing.title },
      update: {},
      select: { id: true },
    });
    if (listing.deleted) {
      await db.channelListing.deleteMany({ where: { channelId: channel.id, itemId: item.id } });
      continue;
    }
    const external = {
      externalProductId: listing.externalProductId,
      externalVariantId: listing.externalVariantId ?? null,
      externalInventoryItemId: listing.externalInventoryItemId ?? null,
    };
    await db.channelListing.upsert({
      where: { channelId_itemId: { channelId: channel.id, itemId: item.id } },
      create: { shopId: channel.shopId, channelId: channel.id, itemId: item.id, ...external },
      update: external,
    });
    skus.push(listing.sku);
  }
  const remapped = await remapLines(db, channel.shopId, skus, context);
  return { outcome: "applied", detail: `${skus.length} listing(s), ${remapped} line(s) mapped` };
}

/** A level equal to what we pushed this recently is taken as the echo of that push. */
export const ECHO_WINDOW_MS = 10 * 60 * 1000;

/**
 * A stock change made on the channel. With the ledger as stock master it changes nothing here (the push
 * sets the channel back); with the channel as master it becomes an adjustment.
 */
export async function applyInventoryLevel(
  db: Db,
  channel: ChannelRef & { settings?: unknown },
  event: InventoryLevelChanged,
  context: ApplyContext,
): Promise<ApplyOutcome> {
  // Our own push coming back as a webhook: Shopify announces the level we just set. Not a change on the channel.
  const pushed = await db.channelListing.findFirst({
    where: { channelId: channel.id, externalInventoryItemId: event.externalInventoryItemId },
    select: { lastPushedQty: true, lastPushedAt: true },
  });
  if (
    pushed?.lastPushedAt &&
    pushed.lastPushedQty === event.available &&
    Date.now() - pushed.lastPushedAt.getTime() <= ECHO_WINDOW_MS
  ) {
    return { outcome: "ignored", detail: "echo of our own push" };
  }
  const settings = readChannelSettings(channel.settings);
  if (settings.stockMaster === "ledger") {
    return { outcome: "ignored", detail: "the ledger is stock master: the channel is set back by the next push" };
  }
  const listing = await db.channelListing.findFirst({
    where: { channelId: channel.id, externalInventoryItemId: event.externalInventoryItemId },
    select: { itemId: true },
  });
  const locationId = await locationForExternal(db, channel.id, event.locationExternalId);
  if (!listing || !locationId) return { outcome: "ignored", detail: "item or location not mapped to the ledger" };
  return adjustToAvailable(db, channel.shopId, {
    itemId: listing.itemId,
    locationId,
    available: event.available,
    reason: `Changed on ${channel.name}`,
    source: context.source,
    actor: context.actor ?? `channel:${channel.id}`,
    idempotencyKey: `level:${channel.id}:${event.externalInventoryItemId}:${event.locationExternalId}:${event.updatedAt.getTime()}`,
  });
}
