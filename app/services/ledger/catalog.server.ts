import type { ListingChanged } from "../../../connectors/events";
import type { Db } from "../../db.server";
import type { ApplyContext, ApplyOutcome, ChannelRef } from "./apply-types";
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
  let removed = 0;
  for (const listing of event.listings) {
    if (listing.deleted) {
      removed += await removeListings(db, channel.id, listing.externalProductId, listing.externalVariantId);
      continue;
    }
    if (!listing.sku) continue;
    const item = await db.inventoryItem.upsert({
      where: { shopId_sku: { shopId: channel.shopId, sku: listing.sku } },
      create: { shopId: channel.shopId, sku: listing.sku, title: listing.title },
      update: {},
      select: { id: true },
    });
    const external = {
      externalProductId: listing.externalProductId,
      externalVariantId: listing.externalVariantId ?? null,
      externalInventoryItemId: listing.externalInventoryItemId ?? null,
    };
    if (external.externalVariantId) {
      // The variant's SKU changed: its listing moves to the new SKU's item, rather than two items pushing to it.
      await db.channelListing.deleteMany({
        where: { channelId: channel.id, externalVariantId: external.externalVariantId, itemId: { not: item.id } },
      });
    }
    await db.channelListing.upsert({
      where: { channelId_itemId: { channelId: channel.id, itemId: item.id } },
      create: { shopId: channel.shopId, channelId: channel.id, itemId: item.id, ...external },
      update: external,
    });
    skus.push(listing.sku);
  }
  const remapped = await remapLines(db, channel.shopId, skus, context);
  const gone = removed > 0 ? `, ${removed} removed` : "";
  return { outcome: "applied", detail: `${skus.length} listing(s)${gone}, ${remapped} line(s) mapped` };
}

/**
 * A product (or one variant) deleted on the channel: its listings go, so the sync engine stops pushing to it. Shopify's
 * products/delete names only the product, so the match is by product id. The ledger's items and their stock stay:
 * they are the merchant's, and may be listed again.
 */
async function removeListings(db: Db, channelId: string, productId: string, variantId: string | undefined) {
  const { count } = await db.channelListing.deleteMany({
    where: { channelId, externalProductId: productId, ...(variantId ? { externalVariantId: variantId } : {}) },
  });
  return count;
}
