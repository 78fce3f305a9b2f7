import { z } from "zod";
import type { Db } from "../../db.server";
import { availableSteps, unitsExpected } from "../orders/return-status.server";

export const RETURN_STATUSES = [
  "requested",
  "approved",
  "declined",
  "in_transit",
  "received",
  "refunded",
  "closed",
  "cancelled",
] as const;

export const ReturnListQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  status: z.enum(RETURN_STATUSES).optional(),
});
export type ReturnListQuery = z.infer<typeof ReturnListQuerySchema>;

/** Newest first, keyset-paginated on (createdAt, id) so deep pages cost the same as the first. */
export async function listReturns(db: Db, shopId: string, query: ReturnListQuery) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await db.return.findMany({
    where: {
      shopId,
      ...(query.status ? { status: query.status } : {}),
      ...(cursor
        ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: {
      id: true,
      status: true,
      createdAt: true,
      refundMinor: true,
      currency: true,
      channelSyncState: true,
      order: { select: { id: true, name: true, channel: { select: { id: true, name: true, kind: true } } } },
      lines: { select: { quantity: true } },
    },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null;
  const counts = await db.return.groupBy({ by: ["status"], where: { shopId }, _count: { _all: true } });
  return {
    returns: page.map(({ lines, ...row }) => ({ ...row, units: lines.reduce((sum, line) => sum + line.quantity, 0) })),
    nextCursor,
    counts: Object.fromEntries(counts.map((entry) => [entry.status, entry._count._all])) as Record<string, number>,
  };
}

function encodeCursor(createdAt: Date, id: string) {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

const CursorSchema = z.tuple([z.iso.datetime(), z.string()]);

function decodeCursor(cursor: string) {
  try {
    const [createdAt, id] = CursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { createdAt: new Date(createdAt), id };
  } catch {
    throw new Response("Invalid cursor", { status: 400 });
  }
}

/** Timeline kinds the ledger writes about a return: its steps, the restock of what came back, the refund. */
const RETURN_EVENT_KINDS = ["return", "restocked", "refund"];

/**
 * One return with everything its page shows, or null when the shop has no such return. Lines come in a stable
 * order (a partly received line leaves its rest on a new line, listed after it).
 */
export async function getReturnDetail(db: Db, shopId: string, returnId: string) {
  const record = await db.return.findFirst({
    where: { id: returnId, shopId },
    select: {
      id: true,
      externalId: true,
      status: true,
      note: true,
      refundMinor: true,
      currency: true,
      channelSyncState: true,
      createdAt: true,
      updatedAt: true,
      order: {
        select: { id: true, name: true, customerName: true, channel: { select: { id: true, name: true, kind: true } } },
      },
      lines: {
        orderBy: { id: "asc" },
        select: {
          id: true,
          quantity: true,
          reason: true,
          condition: true,
          disposition: true,
          receivedQty: true,
          orderLine: { select: { id: true, sku: true, title: true, locationId: true } },
        },
      },
    },
  });
  if (!record) return null;
  const locationIds = [...new Set(record.lines.flatMap((line) => line.orderLine.locationId ?? []))];
  const locations = await db.location.findMany({
    where: { shopId, id: { in: locationIds } },
    select: { id: true, name: true },
  });
  const locationName = new Map(locations.map((location) => [location.id, location.name]));
  return {
    ...record,
    lines: record.lines.map(({ orderLine, ...line }) => ({
      ...line,
      sku: orderLine.sku,
      title: orderLine.title,
      locationName: orderLine.locationId ? (locationName.get(orderLine.locationId) ?? null) : null,
    })),
    unitsExpected: unitsExpected(record.lines),
    steps: availableSteps(record),
    activity: await returnActivity(db, shopId, record),
  };
}

export type ReturnDetail = NonNullable<Awaited<ReturnType<typeof getReturnDetail>>>;

/**
 * The order's timeline as it concerns this return. Steps taken on the return's page name it (data.returnId); the
 * receipts and channel notices that do not are the order's return events since the return was opened.
 */
async function returnActivity(db: Db, shopId: string, record: { id: string; createdAt: Date; order: { id: string } }) {
  const events = await db.timelineEvent.findMany({
    where: {
      shopId,
      orderId: record.order.id,
      kind: { in: RETURN_EVENT_KINDS },
      // Opening a return writes its timeline event in the same transaction, a moment apart.
      createdAt: { gte: new Date(record.createdAt.getTime() - 5_000) },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 200,
    select: { id: true, kind: true, message: true, source: true, data: true, createdAt: true },
  });
  return events.flatMap(({ data, ...event }) => {
    const named = isRecord(data) && typeof data.returnId === "string" ? data.returnId : null;
    if (named !== null && named !== record.id) return [];
    return [
      {
        ...event,
        from: isRecord(data) && typeof data.from === "string" ? data.from : null,
        to: isRecord(data) && typeof data.to === "string" ? data.to : null,
      },
    ];
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
