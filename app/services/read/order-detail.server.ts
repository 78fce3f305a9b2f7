import type { Db } from "../../db.server";
import { leftToShip } from "../orders/fulfil-plan";
import { RELEASED_RETURN_STATUSES, returnableQuantity } from "../orders/returnable";

const RELEASED_RETURNS = new Set(RELEASED_RETURN_STATUSES);

const TIMELINE_LIMIT = 200;

export type StockFigures = { onHand: number; committed: number; available: number };

/** Everything the order page shows, scoped by shop; null when the shop has no such order. */
export async function loadOrderDetail(db: Db, shopId: string, orderId: string) {
  const order = await db.order.findFirst({
    where: { id: orderId, shopId },
    select: {
      id: true,
      name: true,
      externalId: true,
      status: true,
      financialStatus: true,
      fulfillmentStatus: true,
      currency: true,
      totalMinor: true,
      units: true,
      customerName: true,
      customerEmail: true,
      shippingAddress: true,
      needsMapping: true,
      placedAt: true,
      cancelledAt: true,
      channel: { select: { id: true, kind: true, name: true, status: true } },
      lines: { orderBy: { id: "asc" } },
      fulfillments: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        include: { lines: { orderBy: { id: "asc" }, select: { orderLineId: true, quantity: true } } },
      },
      returns: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        include: {
          lines: {
            orderBy: { id: "asc" },
            select: {
              orderLineId: true,
              quantity: true,
              reason: true,
              receivedQty: true,
              disposition: true,
            },
          },
        },
      },
      timeline: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: TIMELINE_LIMIT,
        select: { id: true, kind: true, message: true, source: true, createdAt: true },
      },
    },
  });
  if (!order) return null;

  const locations = await db.location.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, active: true },
  });
  const itemIds = [...new Set(order.lines.flatMap((line) => (line.itemId ? [line.itemId] : [])))];
  const levels = await db.stockLevel.findMany({
    where: { shopId, itemId: { in: itemIds } },
    select: { itemId: true, locationId: true, onHand: true, committed: true },
  });
  const stockOf = (itemId: string | null, locationId: string | null): StockFigures | null => {
    if (!itemId || !locationId) return null;
    const level = levels.find((entry) => entry.itemId === itemId && entry.locationId === locationId);
    const onHand = level?.onHand ?? 0;
    const committed = level?.committed ?? 0;
    return { onHand, committed, available: onHand - committed };
  };
  const locationName = (locationId: string | null) =>
    locations.find((location) => location.id === locationId)?.name ?? null;
  const liveReturnLines = order.returns.filter((ret) => !RELEASED_RETURNS.has(ret.status)).flatMap((ret) => ret.lines);
  const lineById = new Map(order.lines.map((line) => [line.id, line]));
  const lineLabel = (orderLineId: string) => {
    const line = lineById.get(orderLineId);
    return { sku: line?.sku ?? null, title: line?.title ?? "Removed line" };
  };

  const lines = order.lines.map((line) => {
    const mine = liveReturnLines.filter((entry) => entry.orderLineId === line.id);
    return {
      id: line.id,
      sku: line.sku,
      title: line.title,
      quantity: line.quantity,
      priceMinor: line.priceMinor,
      linked: line.itemId !== null,
      location: line.locationId ? { id: line.locationId, name: locationName(line.locationId) ?? "Unknown" } : null,
      reserved: line.reservedQty,
      short: line.shortQty,
      fulfilled: Math.max(line.fulfilledQty, line.channelFulfilledQty),
      removed: line.removedQty,
      returned: mine.reduce((sum, entry) => sum + entry.quantity, 0),
      leftToShip: leftToShip(line),
      returnable: returnableQuantity(line, mine),
      stock: stockOf(line.itemId, line.locationId),
      // Per active location, so the fulfil form can show what the chosen location holds.
      stockByLocation: Object.fromEntries(
        locations
          .filter((location) => location.active)
          .map((location) => [location.id, stockOf(line.itemId, location.id)]),
      ),
    };
  });

  const shippedUnits = lines.reduce((sum, line) => sum + line.fulfilled, 0);
  return {
    order: {
      id: order.id,
      name: order.name,
      externalId: order.externalId,
      channel: order.channel,
      status: order.status,
      financialStatus: order.financialStatus,
      fulfillmentStatus: order.fulfillmentStatus,
      currency: order.currency,
      totalMinor: order.totalMinor,
      units: order.units,
      customerName: order.customerName,
      customerEmail: order.customerEmail,
      shippingAddress: addressLines(order.shippingAddress),
      needsMapping: order.needsMapping,
      placedAt: order.placedAt,
      cancelledAt: order.cancelledAt,
    },
    lines,
    locations: locations.filter((location) => location.active).map(({ id, name }) => ({ id, name })),
    fulfillments: order.fulfillments.map((fulfillment) => ({
      id: fulfillment.id,
      status: fulfillment.status,
      location: locationName(fulfillment.locationId),
      carrier: fulfillment.carrier,
      trackingNumber: fulfillment.trackingNumber,
      trackingUrl: fulfillment.trackingUrl,
      notifyCustomer: fulfillment.notifyCustomer,
      channelSyncState: fulfillment.channelSyncState,
      source: fulfillment.source,
      createdAt: fulfillment.createdAt,
      lines: fulfillment.lines.map((entry) => ({ ...lineLabel(entry.orderLineId), quantity: entry.quantity })),
    })),
    returns: order.returns.map((ret) => ({
      id: ret.id,
      status: ret.status,
      note: ret.note,
      channelSyncState: ret.channelSyncState,
      createdAt: ret.createdAt,
      lines: ret.lines.map((entry) => ({
        ...lineLabel(entry.orderLineId),
        quantity: entry.quantity,
        received: entry.receivedQty,
        reason: entry.reason,
      })),
    })),
    timeline: order.timeline,
    can: {
      fulfil: order.status !== "cancelled" && lines.some((line) => line.linked && line.leftToShip > 0),
      // The same refusals as cancelOrder: nothing shipped, not cancelled already.
      cancel: order.status !== "cancelled" && shippedUnits === 0,
      startReturn: lines.some((line) => line.returnable > 0),
    },
  };
}

export type OrderDetail = NonNullable<Awaited<ReturnType<typeof loadOrderDetail>>>;

/** A channel's shipping address as the lines of a label; anything unexpected is left out, never shown raw. */
function addressLines(address: unknown): string[] {
  if (!address || typeof address !== "object" || Array.isArray(address)) return [];
  const record = address as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === "string" ? (record[key] as string).trim() : "");
  const cityLine = [text("zip") || text("postcode"), text("city")].filter(Boolean).join(" ");
  return [
    text("name"),
    text("company"),
    text("address1"),
    text("address2"),
    cityLine,
    text("province") || text("state"),
    text("country") || text("countryCode") || text("country_code"),
  ].filter((part) => part.length > 0);
}
