import { z } from "zod";
import type { Db, Prisma } from "../../db.server";
import { containsText } from "./text-search.server";

export const INVENTORY_PAGE_SIZE = 50;

export const InventoryListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  low: z
    .enum(["1", "true", "0", "false", ""])
    .optional()
    .transform((value) => value === "1" || value === "true"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type InventoryListQuery = z.input<typeof InventoryListQuerySchema>;

export type InventoryListOptions = {
  /** SKU or title contains this text. */
  search?: string;
  /** Only items at or below their low-stock threshold. */
  lowOnly?: boolean;
  page?: number;
  /** Page size; `take` is its older name. */
  take?: number;
};

export const isLowStock = (available: number, threshold: number | null) => threshold !== null && available <= threshold;

/**
 * Items with their balance at every location and what each channel sells and was last sent; available is derived,
 * never stored. "Low stock only" compares derived figures, so it filters the items that have a threshold in memory.
 */
export async function listInventory(db: Db, shopId: string, options: InventoryListOptions = {}) {
  const pageSize = options.take ?? INVENTORY_PAGE_SIZE;
  const page = options.page ?? 1;
  const search = options.search?.trim();
  const where: Prisma.InventoryItemWhereInput = {
    shopId,
    ...(search ? { OR: [{ sku: containsText(db, search) }, { title: containsText(db, search) }] } : {}),
  };
  const [locations, channels, pageIds] = await Promise.all([
    db.location.findMany({ where: { shopId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.channel.findMany({
      where: { shopId },
      orderBy: { createdAt: "asc" },
      select: { id: true, name: true, kind: true },
    }),
    options.lowOnly ? lowItemIds(db, where, page, pageSize) : pagedItemIds(db, where, page, pageSize),
  ]);
  const rows = await db.inventoryItem.findMany({
    where: { shopId, id: { in: pageIds.ids } },
    orderBy: { sku: "asc" },
    select: {
      id: true,
      sku: true,
      title: true,
      lowStockThreshold: true,
      stockLevels: { select: { locationId: true, onHand: true, committed: true } },
      listings: {
        select: { channelId: true, desiredQty: true, lastPushedQty: true, lastPushedAt: true, syncState: true },
      },
    },
  });
  return {
    locations,
    channels,
    page,
    hasNext: pageIds.hasNext,
    items: rows.map((item) => {
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
        perChannel: channels.map((channel) => {
          const listing = item.listings.find((candidate) => candidate.channelId === channel.id);
          return {
            channelId: channel.id,
            listed: listing !== undefined,
            sellable: listing?.desiredQty ?? null,
            lastPushed: listing?.lastPushedQty ?? null,
            lastPushedAt: listing?.lastPushedAt ?? null,
            syncState: listing?.syncState ?? null,
          };
        }),
        onHand: perLocation.reduce((sum, level) => sum + level.onHand, 0),
        committed: perLocation.reduce((sum, level) => sum + level.committed, 0),
        available,
        lowStockThreshold: item.lowStockThreshold,
        low: isLowStock(available, item.lowStockThreshold),
      };
    }),
  };
}

async function pagedItemIds(db: Db, where: Prisma.InventoryItemWhereInput, page: number, pageSize: number) {
  const rows = await db.inventoryItem.findMany({
    where,
    orderBy: { sku: "asc" },
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
    select: { id: true },
  });
  return { ids: rows.slice(0, pageSize).map((row) => row.id), hasNext: rows.length > pageSize };
}

async function lowItemIds(db: Db, where: Prisma.InventoryItemWhereInput, page: number, pageSize: number) {
  const candidates = await db.inventoryItem.findMany({
    where: { ...where, lowStockThreshold: { not: null } },
    orderBy: { sku: "asc" },
    select: {
      id: true,
      lowStockThreshold: true,
      stockLevels: { select: { onHand: true, committed: true } },
    },
  });
  const low = candidates.filter((item) =>
    isLowStock(
      item.stockLevels.reduce((sum, level) => sum + level.onHand - level.committed, 0),
      item.lowStockThreshold,
    ),
  );
  const start = (page - 1) * pageSize;
  return { ids: low.slice(start, start + pageSize).map((item) => item.id), hasNext: low.length > start + pageSize };
}

export const COUNT_SHEET_LIMIT = 250;

/**
 * The count sheet of one location: its locations to choose from, and the items (by SKU, optionally searched) with
 * their on hand there. The location defaults to the first active one; an unknown id answers location null.
 */
export async function listCountSheet(db: Db, shopId: string, options: { locationId?: string; search?: string }) {
  const locations = await db.location.findMany({
    where: { shopId, active: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  const location = options.locationId
    ? (locations.find((candidate) => candidate.id === options.locationId) ?? null)
    : (locations[0] ?? null);
  if (!location) return { locations, location: null, items: [], more: false };
  const search = options.search?.trim();
  const rows = await db.inventoryItem.findMany({
    where: {
      shopId,
      ...(search ? { OR: [{ sku: containsText(db, search) }, { title: containsText(db, search) }] } : {}),
    },
    orderBy: { sku: "asc" },
    take: COUNT_SHEET_LIMIT + 1,
    select: {
      id: true,
      sku: true,
      title: true,
      stockLevels: { where: { locationId: location.id }, select: { onHand: true } },
    },
  });
  return {
    locations,
    location,
    items: rows.slice(0, COUNT_SHEET_LIMIT).map((item) => ({
      id: item.id,
      sku: item.sku,
      title: item.title,
      onHand: item.stockLevels[0]?.onHand ?? 0,
    })),
    more: rows.length > COUNT_SHEET_LIMIT,
  };
}
