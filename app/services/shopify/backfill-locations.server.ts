import { numericId } from "../../../connectors/shopify/admin/gid";
import type { ShopifyLocation } from "../../../connectors/shopify/admin/operations/locations";
import type { Db } from "../../db.server";
import type { ChannelRef } from "../ledger/apply-types";

// Every Shopify location stands for one ledger location: the one already mapped to it, else the ledger location of
// the same name (a shop that named its warehouse before connecting Shopify), else a new one.

export async function mapShopifyLocations(db: Db, channel: ChannelRef, locations: ShopifyLocation[]): Promise<number> {
  let mapped = 0;
  for (const location of locations) {
    if (!location.isActive) continue;
    const externalLocationId = numericId(location.id, "Location");
    const existing = await db.channelLocation.findUnique({
      where: { channelId_externalLocationId: { channelId: channel.id, externalLocationId } },
      select: { id: true },
    });
    if (!existing) {
      const ledgerLocation = await db.location.upsert({
        where: { shopId_name: { shopId: channel.shopId, name: location.name } },
        create: { shopId: channel.shopId, name: location.name },
        update: {},
        select: { id: true },
      });
      await db.channelLocation.upsert({
        where: { channelId_externalLocationId: { channelId: channel.id, externalLocationId } },
        create: { shopId: channel.shopId, channelId: channel.id, locationId: ledgerLocation.id, externalLocationId },
        update: {},
      });
    }
    mapped += 1;
  }
  return mapped;
}

/** The channel's mapped Shopify locations in a stable order (the stock phases walk them one by one). */
export async function mappedLocations(db: Db, channelId: string) {
  return db.channelLocation.findMany({
    where: { channelId },
    select: { externalLocationId: true, locationId: true },
    orderBy: { externalLocationId: "asc" },
  });
}
