import type { Tx } from "../../db.server";

// WooCommerce keeps one stock figure per product: the store is a single stock pool, which the ledger maps to one of
// the shop's locations. The merchant may choose it; otherwise a reconnect keeps the earlier choice, a new channel
// takes the shop's first location, and a shop without locations (a new standalone shop) gets "Warehouse".

export const DEFAULT_LOCATION_NAME = "Warehouse";

async function defaultLocation(tx: Tx, shopId: string): Promise<string> {
  const first = await tx.location.findFirst({
    where: { shopId, active: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  if (first) return first.id;
  // upsert: an inactive "Warehouse" is brought back rather than colliding with the (shopId, name) key.
  const created = await tx.location.upsert({
    where: { shopId_name: { shopId, name: DEFAULT_LOCATION_NAME } },
    create: { shopId, name: DEFAULT_LOCATION_NAME },
    update: { active: true },
    select: { id: true },
  });
  return created.id;
}

/** Maps the channel's stock pool to a ledger location and returns that location's id. */
export async function mapWooStockPool(
  tx: Tx,
  input: { shopId: string; channelId: string; externalLocationId: string; locationId?: string },
): Promise<string> {
  const where = {
    channelId_externalLocationId: { channelId: input.channelId, externalLocationId: input.externalLocationId },
  };
  const existing = await tx.channelLocation.findUnique({ where, select: { locationId: true } });
  const locationId = input.locationId ?? existing?.locationId ?? (await defaultLocation(tx, input.shopId));
  await tx.channelLocation.upsert({
    where,
    create: {
      shopId: input.shopId,
      channelId: input.channelId,
      locationId,
      externalLocationId: input.externalLocationId,
    },
    update: { locationId },
  });
  return locationId;
}
