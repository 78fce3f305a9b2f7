import { z } from "zod";
import type { Db } from "../../db.server";
import { isLowStock } from "./inventory.server";

export const MOVEMENT_PAGE_SIZE = 25;

/** One item's balances per location and its listing on every channel; null when the shop has no such item. */
export async function getItemDetail(db: Db, shopId: string, itemId: string) {
  const item = await db.inventoryItem.findFirst({
    where: { id: itemId, shopId },
    select: {
      id: true,
      sku: true,
      title: true,
      barcode: true,
      backorderPolicy: true,
      lowStockThreshold: true,
      stockLevels: { select: { locationId: true, onHand: true, committed: true } },
      listings: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          desiredQty: true,
          lastPushedQty: true,
          lastPushedAt: true,
          syncState: true,
          lastError: true,
          channel: { select: { id: true, name: true, kind: true, status: true } },
        },
      },
    },
  });
  if (!item) return null;
  const locations = await db.location.findMany({
    where: { shopId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, active: true },
  });
  const balances = locations.map((location) => {
    const level = item.stockLevels.find((candidate) => candidate.locationId === location.id);
    const onHand = level?.onHand ?? 0;
    const committed = level?.committed ?? 0;
    return { locationId: location.id, locationName: location.name, onHand, committed, available: onHand - committed };
  });
  const available = balances.reduce((sum, balance) => sum + balance.available, 0);
  return {
    item: {
      id: item.id,
      sku: item.sku,
      title: item.title,
      barcode: item.barcode,
      backorderPolicy: item.backorderPolicy,
      lowStockThreshold: item.lowStockThreshold,
    },
    locations: locations.filter((location) => location.active).map(({ id, name }) => ({ id, name })),
    balances,
    totals: {
      onHand: balances.reduce((sum, balance) => sum + balance.onHand, 0),
      committed: balances.reduce((sum, balance) => sum + balance.committed, 0),
      available,
    },
    low: isLowStock(available, item.lowStockThreshold),
    listings: item.listings.map((listing) => ({
      id: listing.id,
      channel: listing.channel,
      sellable: listing.desiredQty,
      lastPushed: listing.lastPushedQty,
      lastPushedAt: listing.lastPushedAt,
      syncState: listing.syncState,
      lastError: listing.lastError,
    })),
  };
}

const MovementCursorSchema = z.tuple([z.iso.datetime(), z.string().min(1)]);

export function encodeMovementCursor(createdAt: Date, id: string) {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

/** Undefined when the cursor is not one of ours, so the route can answer 400. */
export function decodeMovementCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  try {
    const [createdAt, id] = MovementCursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { createdAt: new Date(createdAt), id };
  } catch {
    return undefined;
  }
}

export type MovementHistoryRow = Awaited<ReturnType<typeof listItemMovements>>["movements"][number];

/**
 * The item's movements newest first, each with the on hand at its location just after it: today's balance minus
 * every later movement there. Keyset-paginated on (createdAt, id), the same order the running figure walks.
 */
export async function listItemMovements(
  db: Db,
  shopId: string,
  itemId: string,
  options: { before?: { createdAt: Date; id: string }; limit?: number } = {},
) {
  const limit = options.limit ?? MOVEMENT_PAGE_SIZE;
  const before = options.before;
  const newerThanCursor = before
    ? { OR: [{ createdAt: { gt: before.createdAt } }, { createdAt: before.createdAt, id: { gte: before.id } }] }
    : undefined;
  const olderThanCursor = before
    ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] }
    : {};
  const [rows, levels, newer] = await Promise.all([
    db.stockMovement.findMany({
      where: { shopId, itemId, ...olderThanCursor },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      select: {
        id: true,
        locationId: true,
        kind: true,
        onHandDelta: true,
        committedDelta: true,
        reason: true,
        source: true,
        actor: true,
        orderId: true,
        createdAt: true,
      },
    }),
    db.stockLevel.findMany({ where: { shopId, itemId }, select: { locationId: true, onHand: true } }),
    newerThanCursor
      ? db.stockMovement.groupBy({
          by: ["locationId"],
          where: { shopId, itemId, ...newerThanCursor },
          _sum: { onHandDelta: true },
        })
      : Promise.resolve([]),
  ]);
  const page = rows.slice(0, limit);
  const running = new Map(levels.map((level) => [level.locationId, level.onHand]));
  for (const group of newer) {
    running.set(group.locationId, (running.get(group.locationId) ?? 0) - (group._sum.onHandDelta ?? 0));
  }
  const names = await namesFor(db, shopId, page);
  const movements = page.map((movement) => {
    const onHandAfter = running.get(movement.locationId) ?? 0;
    running.set(movement.locationId, onHandAfter - movement.onHandDelta);
    const channelId = channelIdOf(movement.source);
    return {
      id: movement.id,
      kind: movement.kind,
      onHandDelta: movement.onHandDelta,
      committedDelta: movement.committedDelta,
      onHandAfter,
      locationId: movement.locationId,
      locationName: names.locations.get(movement.locationId) ?? "Removed location",
      reason: movement.reason,
      source: movement.source,
      channelName: channelId ? (names.channels.get(channelId) ?? null) : null,
      actor: movement.actor,
      order: movement.orderId
        ? { id: movement.orderId, name: names.orders.get(movement.orderId) ?? null }
        : (null as { id: string; name: string | null } | null),
      createdAt: movement.createdAt,
    };
  });
  const last = page.at(-1);
  return { movements, nextCursor: rows.length > limit && last ? encodeMovementCursor(last.createdAt, last.id) : null };
}

const channelIdOf = (source: string) => (source.startsWith("channel:") ? source.slice("channel:".length) : null);

async function namesFor(
  db: Db,
  shopId: string,
  movements: { locationId: string; source: string; orderId: string | null }[],
) {
  const orderIds = [...new Set(movements.flatMap((movement) => (movement.orderId ? [movement.orderId] : [])))];
  const channelIds = [...new Set(movements.flatMap((movement) => channelIdOf(movement.source) ?? []))];
  const [locations, orders, channels] = await Promise.all([
    db.location.findMany({ where: { shopId }, select: { id: true, name: true } }),
    orderIds.length > 0
      ? db.order.findMany({ where: { shopId, id: { in: orderIds } }, select: { id: true, name: true } })
      : Promise.resolve([]),
    channelIds.length > 0
      ? db.channel.findMany({ where: { shopId, id: { in: channelIds } }, select: { id: true, name: true } })
      : Promise.resolve([]),
  ]);
  return {
    locations: new Map(locations.map((row) => [row.id, row.name])),
    orders: new Map(orders.map((row) => [row.id, row.name])),
    channels: new Map(channels.map((row) => [row.id, row.name])),
  };
}
