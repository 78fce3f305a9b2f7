import { z } from "zod";
import type { Db } from "../../db.server";
import { channelSyncStatus } from "../sync/status.server";

export type ChannelFigures = {
  channelId: string;
  channelName: string;
  kind: string;
  orders: number;
  units: number;
  revenueMinor: number;
};

export type DaySeries = { day: string; byChannel: Record<string, number> };

export type ChannelHealth = {
  channelId: string;
  name: string;
  kind: string;
  level: "healthy" | "degraded" | "failing";
  reason: string;
  queueDepth: number;
  lastPushAt: string | null;
};

export const PERIODS = {
  today: { label: "Today", days: 1 },
  "7d": { label: "7 days", days: 7 },
  "30d": { label: "30 days", days: 30 },
} as const;

export const PeriodSchema = z.enum(["today", "7d", "30d"]).catch("today");
export type PeriodKey = z.infer<typeof PeriodSchema>;

const DAY_MS = 24 * 60 * 60 * 1000;
// Returns the channel declined or called off never came back to the shelf.
const NOT_RETURNED = ["declined", "cancelled"];

/** Days run midnight to midnight UTC, as every date on the admin's screens does. */
export function periodStart(days: number, now: Date) {
  const start = new Date(now);
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() - (days - 1));
  return start;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The dashboard for one period; every query scoped by shop. */
export async function loadDashboard(db: Db, shopId: string, options: { period?: PeriodKey; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const period = options.period ?? "today";
  const since = periodStart(PERIODS[period].days, now);
  const channels = await db.channel.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, kind: true },
  });
  const [byChannel, perDay, medianMsToShip, returns, awaitingFulfilment, openOversells, lowStock, syncHealth] =
    await Promise.all([
      channelFigures(db, shopId, channels, since),
      ordersPerDay(db, shopId, channels, since, PERIODS[period].days),
      medianTimeToShip(db, shopId, since),
      returnRate(db, shopId, since),
      db.order.count({ where: { shopId, status: "open", fulfillmentStatus: { not: "fulfilled" } } }),
      db.oversell.count({ where: { shopId, resolvedAt: null } }),
      countLowStock(db, shopId),
      channelHealth(db, shopId, now),
    ]);
  const total = (pick: (channel: ChannelFigures) => number) => byChannel.reduce((sum, row) => sum + pick(row), 0);
  return {
    period: { key: period, label: PERIODS[period].label, since: since.toISOString() },
    channels,
    orders: total((row) => row.orders),
    units: total((row) => row.units),
    revenueMinor: total((row) => row.revenueMinor),
    byChannel,
    perDay,
    medianMsToShip,
    returns,
    awaitingFulfilment,
    openOversells,
    lowStock,
    syncHealth,
  };
}

export type Dashboard = Awaited<ReturnType<typeof loadDashboard>>;

type ChannelRow = { id: string; name: string; kind: string };

async function channelFigures(db: Db, shopId: string, channels: ChannelRow[], since: Date): Promise<ChannelFigures[]> {
  const groups = await db.order.groupBy({
    by: ["channelId"],
    where: { shopId, placedAt: { gte: since }, status: { not: "cancelled" } },
    _count: { _all: true },
    _sum: { totalMinor: true, units: true },
  });
  return channels.map((channel) => {
    const group = groups.find((candidate) => candidate.channelId === channel.id);
    return {
      channelId: channel.id,
      channelName: channel.name,
      kind: channel.kind,
      orders: group?._count._all ?? 0,
      units: group?._sum.units ?? 0,
      revenueMinor: group?._sum.totalMinor ?? 0,
    };
  });
}

/** Orders placed per UTC day and channel, every day of the period present (a quiet day is a zero, not a gap). */
async function ordersPerDay(
  db: Db,
  shopId: string,
  channels: ChannelRow[],
  since: Date,
  days: number,
): Promise<DaySeries[]> {
  const orders = await db.order.findMany({
    where: { shopId, placedAt: { gte: since }, status: { not: "cancelled" } },
    select: { channelId: true, placedAt: true },
  });
  const series: DaySeries[] = Array.from({ length: days }, (_, index) => ({
    day: new Date(since.getTime() + index * DAY_MS).toISOString().slice(0, 10),
    byChannel: Object.fromEntries(channels.map((channel) => [channel.id, 0])),
  }));
  for (const order of orders) {
    const index = Math.floor((order.placedAt.getTime() - since.getTime()) / DAY_MS);
    const bucket = series[index];
    if (bucket) bucket.byChannel[order.channelId] = (bucket.byChannel[order.channelId] ?? 0) + 1;
  }
  return series;
}

/** Median time from an order being placed to its first shipment, over the orders first shipped in the period. */
async function medianTimeToShip(db: Db, shopId: string, since: Date): Promise<number | null> {
  const orders = await db.order.findMany({
    where: { shopId, fulfillments: { some: { status: "success", createdAt: { gte: since } } } },
    select: {
      placedAt: true,
      fulfillments: {
        where: { status: "success" },
        orderBy: { createdAt: "asc" },
        take: 1,
        select: { createdAt: true },
      },
    },
  });
  const waits = orders.flatMap((order) => {
    const first = order.fulfillments[0];
    // An order shipped in part before the period had its first shipment then, not now.
    if (!first || first.createdAt < since) return [];
    return [Math.max(0, first.createdAt.getTime() - order.placedAt.getTime())];
  });
  return median(waits);
}

/** Units in returns opened in the period, against units shipped in the period. */
async function returnRate(db: Db, shopId: string, since: Date) {
  const [returned, shipped] = await Promise.all([
    db.returnLine.aggregate({
      where: { return: { shopId, createdAt: { gte: since }, status: { notIn: NOT_RETURNED } } },
      _sum: { quantity: true },
    }),
    db.fulfillmentLine.aggregate({
      where: { fulfillment: { shopId, createdAt: { gte: since }, status: "success" } },
      _sum: { quantity: true },
    }),
  ]);
  const returnedUnits = returned._sum.quantity ?? 0;
  const shippedUnits = shipped._sum.quantity ?? 0;
  return { returnedUnits, shippedUnits, rate: shippedUnits > 0 ? returnedUnits / shippedUnits : null };
}

async function channelHealth(db: Db, shopId: string, now: Date): Promise<ChannelHealth[]> {
  const statuses = await channelSyncStatus(db, shopId, { now });
  return statuses.map((status) => ({
    channelId: status.channelId,
    name: status.name,
    kind: status.kind,
    level: status.health.level,
    reason: status.health.reason,
    queueDepth: status.queueDepth,
    lastPushAt: status.lastPushAt?.toISOString() ?? null,
  }));
}

async function countLowStock(db: Db, shopId: string) {
  const items = await db.inventoryItem.findMany({
    where: { shopId, lowStockThreshold: { not: null } },
    select: { lowStockThreshold: true, stockLevels: { select: { onHand: true, committed: true } } },
  });
  return items.filter((item) => {
    const available = item.stockLevels.reduce((sum, level) => sum + level.onHand - level.committed, 0);
    return available <= (item.lowStockThreshold ?? 0);
  }).length;
}
