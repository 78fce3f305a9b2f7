import type { Db } from "../../db.server";

/** Items with their balance at every location; available is derived, never stored. */
export async function listInventory(db: Db, shopId: string, options: { take?: number } = {}) {
  const [locations, items] = await Promise.all([
    db.location.findMany({ where: { shopId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.inventoryItem.findMany({
      where: { shopId },
      orderBy: { sku: "asc" },
      take: options.take ?? 200,
      select: {
        id: true,
        sku: true,
        title: true,
        lowStockThreshold: true,
        stockLevels: { select: { locationId: true, onHand: true, committed: true } },
      },
    }),
  ]);
  return {
    locations,
    items: items.map((item) => {
      const perLocation = locations.map((location) => {
        const level = item.stockLevels.find((candidate) => candidate.locationId === location.id);
        const onHand = level?.onHand ?? 0;
        const committed = level?.committed ?? 0;
        return { locationId: location.id, onHand, committed, available: onHand - committed };
      });
      const available = perLocation.reduce((sum, level) => sum + level.available, 0);
      return {
        id: item.id,
        sku: item.sku,
        title: item.title,
        perLocation,
        onHand: perLocation.reduce((sum, level) => sum + level.onHand, 0),
        committed: perLocation.reduce((sum, level) => sum + level.committed, 0),
        available,
        low: item.lowStockThreshold !== null && available <= item.lowStockThreshold,
      };
    }),
  };
}
