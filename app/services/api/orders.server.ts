import type { Db, Prisma } from "../../db.server";
import { decodeCursor, encodeCursor, TimeAndIdCursorSchema } from "./cursor.server";
import type {
  ApiFulfillment,
  ApiOrder,
  ApiOrderDetail,
  ApiOrderListQuery,
  ApiReturn,
  OrderListResponse,
} from "./schemas";

const orderFields = {
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
  createdAt: true,
  updatedAt: true,
  channel: { select: { id: true, kind: true, name: true } },
} as const satisfies Prisma.OrderSelect;

type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderFields }>;

/**
 * Oldest change first, keyset-paginated on (updatedAt, id): an ERP polls with `updated_since` and
 * pages without skipping or repeating rows; an order updated meanwhile moves to a later page.
 */
export async function listApiOrders(db: Db, shopId: string, query: ApiOrderListQuery): Promise<OrderListResponse> {
  const after = query.cursor ? decodeCursor(query.cursor, TimeAndIdCursorSchema) : undefined;
  const afterAt = after ? new Date(after[0]) : undefined;
  const rows = await db.order.findMany({
    where: {
      shopId,
      ...(query.channel ? { channelId: query.channel } : {}),
      ...(query.status ? { status: query.status } : {}),
      AND: [
        query.updated_since ? { updatedAt: { gte: new Date(query.updated_since) } } : {},
        after && afterAt ? { OR: [{ updatedAt: { gt: afterAt } }, { updatedAt: afterAt, id: { gt: after[1] } }] } : {},
      ],
    },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
    select: orderFields,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const hasMore = rows.length > query.limit;
  return {
    data: page.map(toApiOrder),
    next_cursor: hasMore && last ? encodeCursor([last.updatedAt.toISOString(), last.id]) : null,
  };
}

/** The shop's order with its lines, fulfillments, returns and timeline; null for any other id. */
export async function getApiOrder(db: Db, shopId: string, id: string): Promise<ApiOrderDetail | null> {
  const order = await db.order.findFirst({
    where: { id, shopId },
    select: {
      ...orderFields,
      lines: { orderBy: { id: "asc" } },
      fulfillments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: fulfillmentInclude },
      returns: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: returnInclude },
      timeline: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, kind: true, message: true, source: true, createdAt: true },
      },
    },
  });
  if (!order) return null;

  const locationIds = [...order.lines.map((line) => line.locationId), ...order.fulfillments.map((f) => f.locationId)];
  const locations = await db.location.findMany({
    where: { shopId, id: { in: locationIds.filter((locationId) => locationId !== null) } },
    select: { id: true, name: true },
  });
  const locationRef = (locationId: string | null) => locations.find((location) => location.id === locationId) ?? null;

  return {
    ...toApiOrder(order),
    lines: order.lines.map((line) => ({
      id: line.id,
      external_id: line.externalId,
      sku: line.sku,
      title: line.title,
      item_id: line.itemId,
      quantity: line.quantity,
      unit_price: { amount_minor: line.priceMinor, currency: order.currency },
      reserved: line.reservedQty,
      short: line.shortQty,
      fulfilled: line.fulfilledQty,
      removed: line.removedQty,
      restocked: line.restockedQty,
      location: locationRef(line.locationId),
      needs_mapping: line.needsMapping,
    })),
    fulfillments: order.fulfillments.map((fulfillment) => toApiFulfillment(fulfillment, locationRef)),
    returns: order.returns.map(toApiReturn),
    timeline: order.timeline.map((event) => ({
      id: event.id,
      kind: event.kind,
      message: event.message,
      source: event.source,
      created_at: event.createdAt.toISOString(),
    })),
  };
}

type FulfillmentRow = Prisma.FulfillmentGetPayload<{ include: typeof fulfillmentInclude }>;

/** How a fulfilment's lines are read for the API (with each line's SKU). */
export const fulfillmentInclude = {
  lines: { orderBy: { id: "asc" }, include: { orderLine: { select: { sku: true } } } },
} as const satisfies Prisma.FulfillmentInclude;

export function toApiFulfillment(
  fulfillment: FulfillmentRow,
  locationRef: (locationId: string | null) => { id: string; name: string } | null,
): ApiFulfillment {
  return {
    id: fulfillment.id,
    external_id: fulfillment.externalId,
    status: fulfillment.status,
    location: locationRef(fulfillment.locationId),
    carrier: fulfillment.carrier,
    tracking_number: fulfillment.trackingNumber,
    tracking_url: fulfillment.trackingUrl,
    channel_sync_state: fulfillment.channelSyncState,
    created_at: fulfillment.createdAt.toISOString(),
    updated_at: fulfillment.updatedAt.toISOString(),
    lines: fulfillment.lines.map((line) => ({
      order_line_id: line.orderLineId,
      sku: line.orderLine.sku,
      quantity: line.quantity,
    })),
  };
}

type ReturnRow = Prisma.ReturnGetPayload<{ include: typeof returnInclude }>;

/** How a return's lines are read for the API (with each line's SKU). */
export const returnInclude = {
  lines: { orderBy: { id: "asc" }, include: { orderLine: { select: { sku: true } } } },
} as const satisfies Prisma.ReturnInclude;

export function toApiReturn(ret: ReturnRow): ApiReturn {
  return {
    id: ret.id,
    external_id: ret.externalId,
    status: ret.status,
    note: ret.note,
    refund: ret.refundMinor === null ? null : { amount_minor: ret.refundMinor, currency: ret.currency },
    created_at: ret.createdAt.toISOString(),
    updated_at: ret.updatedAt.toISOString(),
    lines: ret.lines.map((line) => ({
      id: line.id,
      order_line_id: line.orderLineId,
      sku: line.orderLine.sku,
      quantity: line.quantity,
      reason: line.reason,
      condition: line.condition,
      disposition: line.disposition,
      received_quantity: line.receivedQty,
    })),
  };
}

function toApiOrder(order: OrderRow): ApiOrder {
  return {
    id: order.id,
    name: order.name,
    external_id: order.externalId,
    channel: order.channel,
    status: toStatus(order.status),
    financial_status: order.financialStatus,
    fulfillment_status: order.fulfillmentStatus,
    total: { amount_minor: order.totalMinor, currency: order.currency },
    units: order.units,
    customer: { name: order.customerName, email: order.customerEmail },
    shipping_address: isRecord(order.shippingAddress) ? order.shippingAddress : null,
    needs_mapping: order.needsMapping,
    placed_at: order.placedAt.toISOString(),
    cancelled_at: order.cancelledAt?.toISOString() ?? null,
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
  };
}

function toStatus(status: string): ApiOrder["status"] {
  if (status === "open" || status === "cancelled" || status === "closed") return status;
  throw new Error(`Order status ${status} is not one the API documents`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
