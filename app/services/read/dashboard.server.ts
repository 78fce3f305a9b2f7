import type { Db } from "../../db.server";

export type ChannelFigures = {
  channelId: string;
  channelName: string;
  kind: string;
  orders: number;
  units: number;
  revenueMinor: number;
};
export type PeriodFigures = {
  label: string;
  days: number;
  orders: number;
  units: number;
  revenueMinor: number;
  byChannel: ChannelFigures[];
};

const PERIODS = [
  { label: "Today", days: 1 },
  { label: "7 days", days: 7 },
  { label: "30 days", days: 30 },
] as const;

function periodStart(days: number, now: Date) {
  const start = new Date(now);
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() - (days - 1));
  return start;
}

/** The figures on the dashboard, every query scoped by shop. */
export async function loadDashboard(db: Db, shopId: string, now = new Date()) {
  const channels = await db.channel.findMany({
    where: { shopId },
    select: { id: true, name: true, kind: true, status: true },
  });
  const periods: PeriodFigures[] = [];
  for (const period of PERIODS) {
    const since = periodStart(period.days, now);
    const orderGroups = await db.order.groupBy({
      by: ["channelId"],
      where: { shopId, placedAt: { gte: since }, status: { not: "cancelled" } },
      _count: { _all: true },
      _sum: { totalMinor: true, units: true },
    });
    const byChannel = channels.map((channel) => {
      const group = orderGroups.find((candidate) => candidate.channelId === channel.id);
      return {
        channelId: channel.id,
        channelName: channel.name,
        kind: channel.kind,
        orders: group?._count._all ?? 0,
        units: group?._sum.units ?? 0,
        revenueMinor: group?._sum.totalMinor ?? 0,
      };
    });
    periods.push({
      ...period,
      orders: byChannel.reduce((sum, channel) => sum + channel.orders, 0),
      units: byChannel.reduce((sum, channel) => sum + channel.units, 0),
      revenueMinor: byChannel.reduce((sum, channel) => sum + channel.revenueMinor, 0),
      byChannel,
    });
  }
  const [awaitingFulfilment, openOversells, lowStock] = await Promise.all([
    db.order.count({ where: { shopId, status: "open", fulfillmentStatus: { not: "fulfilled" } } }),
    db.oversell.count({ where: { shopId, resolvedAt: null } }),
    countLowStock(db, shopId),
  ]);
  return { channels, periods, awaitingFulfilment, openOversells, lowStock };
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
