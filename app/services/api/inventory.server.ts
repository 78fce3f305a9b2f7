import type { Db } from "../../db.server";
import { decodeCursor, encodeCursor, SkuCursorSchema } from "./cursor.server";
import type { ApiInventoryQuery, InventoryListResponse } from "./schemas";

/**
 * Items by SKU with their balance at every location of the shop (zero where nothing was ever
 * recorded) and what each channel should show and was last sent. Available is derived, never stored.
 */
export async function listApiInventory(
  db: Db,
  shopId: string,
  query: ApiInventoryQuery,
): Promise<InventoryListResponse> {
  const after = query.cursor ? decodeCursor(query.cursor, SkuCursorSchema)[0] : undefined;
  const [locations, items] = await Promise.all([
    db.location.findMany({
      where: { shopId },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: { id: true, name: true },
    }),
    db.inventoryItem.findMany({
      where: {
        shopId,
        AND: [query.sku !== undefined ? { sku: query.sku } : {}, after !== undefined ? { sku: { gt: after } } : {}],
      },
      orderBy: { sku: "asc" },
      take: query.limit + 1,
      select: {
        id: true,
        sku: true,
        title: true,
        barcode: true,
        stockLevels: { select: { locationId: true, onHand: true, committed: true } },
        listings: {
          orderBy: { channelId: "asc" },
          select: {
            desiredQty: true,
            lastPushedQty: true,
            lastPushedAt: true,
            syncState: true,
            channel: { select: { id: true, name: true, kind: true } },
          },
        },
      },
    }),
  ]);
  const page = items.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((item) => {
      const perLocation = locations.map((location) => {
        const level = item.stockLevels.find((candidate) => candidate.locationId === location.id);
        const onHand = level?.onHand ?? 0;
        const committed = level?.committed ?? 0;
        return {
          location_id: location.id,
          location_name: location.name,
          on_hand: onHand,
          committed,
          available: onHand - committed,
        };
      });
      const onHand = perLocation.reduce((sum, level) => sum + level.on_hand, 0);
      const committed = perLocation.reduce((sum, level) => sum + level.committed, 0);
      return {
        id: item.id,
        sku: item.sku,
        title: item.title,
        barcode: item.barcode,
        on_hand: onHand,
        committed,
        available: onHand - committed,
        locations: perLocation,
        channels: item.listings.map((listing) => ({
          channel_id: listing.channel.id,
          channel_name: listing.channel.name,
          channel_kind: listing.channel.kind,
          sellable: listing.desiredQty,
          last_pushed: { quantity: listing.lastPushedQty, at: listing.lastPushedAt?.toISOString() ?? null },
          sync_state: listing.syncState,
        })),
      };
    }),
    next_cursor: items.length > query.limit && last ? encodeCursor([last.sku]) : null,
  };
}
