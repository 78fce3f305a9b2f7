import type { Db } from "../../../db.server";
import { findInChunks } from "../../chunks";

/** The ledger locations that stand behind a channel: its mapped sellable ones, else all active ones. */
export async function channelLocationIds(db: Db, shopId: string, channelId: string): Promise<string[]> {
  const mapped = await db.channelLocation.findMany({
    where: { shopId, channelId, sellable: true, location: { active: true } },
    select: { locationId: true },
    orderBy: { locationId: "asc" },
  });
  if (mapped.length > 0) return mapped.map((row) => row.locationId);
  const all = await db.location.findMany({
    where: { shopId, active: true },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  if (all.length > 0) return all.map((row) => row.id);
  // A shop without locations still takes orders: stock lives somewhere.
  const created = await db.location.upsert({
    where: { shopId_name: { shopId, name: "Default location" } },
    create: { shopId, name: "Default location" },
    update: {},
  });
  return [created.id];
}

/** For each item, the candidate location with the most available stock (the first one on a tie). */
export async function assignLocations(db: Db, shopId: string, locationIds: string[], itemIds: string[]) {
  const assigned = new Map<string, string>();
  if (itemIds.length === 0 || locationIds.length === 0) return assigned;
  const levels = await findInChunks(itemIds, (chunk) =>
    db.stockLevel.findMany({
      where: { shopId, itemId: { in: chunk }, locationId: { in: locationIds } },
      select: { itemId: true, locationId: true, onHand: true, committed: true },
    }),
  );
  for (const itemId of itemIds) {
    let best = locationIds[0]!;
    let bestAvailable = Number.NEGATIVE_INFINITY;
    for (const locationId of locationIds) {
      const level = levels.find((row) => row.itemId === itemId && row.locationId === locationId);
      const available = level ? level.onHand - level.committed : 0;
      if (available > bestAvailable) {
        best = locationId;
        bestAvailable = available;
      }
    }
    assigned.set(itemId, best);
  }
  return assigned;
}

export async function locationForExternal(db: Db, channelId: string, externalLocationId: string | undefined) {
  if (!externalLocationId) return null;
  const mapping = await db.channelLocation.findUnique({
    where: { channelId_externalLocationId: { channelId, externalLocationId } },
    select: { locationId: true },
  });
  return mapping?.locationId ?? null;
}
