import { z } from "zod";
import type { Db, Prisma } from "../../db.server";
import { containsText } from "./text-search.server";

export const ORDER_STATUSES = ["open", "cancelled", "closed"] as const;
export const FULFILLMENT_STATUSES = ["unfulfilled", "partial", "fulfilled"] as const;

// A cleared filter arrives as an empty parameter (`?status=`): the same as no filter.
const blankAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankAsUndefined, schema.optional());

export const OrderListQuerySchema = z
  .object({
    /** The page after this row (next). */
    cursor: optional(z.string().max(200)),
    /** The page before this row (previous). */
    before: optional(z.string().max(200)),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    channelId: optional(z.string().max(100)),
    status: optional(z.enum(ORDER_STATUSES, { error: "Status is open, cancelled or closed" })),
    fulfillment: optional(
      z.enum(FULFILLMENT_STATUSES, { error: "Fulfilment status is unfulfilled, partial or fulfilled" }),
    ),
    placedFrom: optional(z.iso.date({ error: "Placed from is a date (YYYY-MM-DD)" })),
    placedTo: optional(z.iso.date({ error: "Placed to is a date (YYYY-MM-DD)" })),
    /** Order number or name, customer name, or the SKU of a line. */
    q: optional(z.string().trim().max(100, "Search for at most 100 characters")),
  })
  .refine((query) => !(query.cursor && query.before), { message: "Page forward or back, not both" })
  .refine((query) => !query.placedFrom || !query.placedTo || query.placedFrom <= query.placedTo, {
    message: "Placed from is after placed to",
    path: ["placedTo"],
  });
export type OrderListQuery = z.infer<typeof OrderListQuerySchema>;

const DAY_MS = 24 * 3600_000;

/** The filters and search as one condition, scoped by shop; dates are whole UTC days, both ends included. */
export function orderListWhere(db: Db, shopId: string, query: OrderListQuery): Prisma.OrderWhereInput {
  const and: Prisma.OrderWhereInput[] = [];
  if (query.placedFrom || query.placedTo) {
    and.push({
      placedAt: {
        ...(query.placedFrom ? { gte: new Date(`${query.placedFrom}T00:00:00.000Z`) } : {}),
        ...(query.placedTo ? { lt: new Date(new Date(`${query.placedTo}T00:00:00.000Z`).getTime() + DAY_MS) } : {}),
      },
    });
  }
  if (query.q) and.push({ OR: searchConditions(db, shopId, query.q) });
  return {
    shopId,
    ...(query.channelId ? { channelId: query.channelId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.fulfillment ? { fulfillmentStatus: query.fulfillment } : {}),
    ...(and.length > 0 ? { AND: and } : {}),
  };
}

/**
 * Names and customers match anywhere in the text; a SKU matches whole (as typed or upper-cased), so the lines are
 * found through the (shopId, sku) index rather than a scan of every line.
 */
function searchConditions(db: Db, shopId: string, q: string): Prisma.OrderWhereInput[] {
  const skus = [...new Set([q, q.toUpperCase()])];
  return [
    { name: containsText(db, q) },
    { customerName: containsText(db, q) },
    { lines: { some: { shopId, sku: { in: skus } } } },
  ];
}

const orderRowSelect = {
  id: true,
  name: true,
  placedAt: true,
  status: true,
  fulfillmentStatus: true,
  financialStatus: true,
  totalMinor: true,
  currency: true,
  customerName: true,
  needsMapping: true,
  units: true,
  channel: { select: { id: true, name: true, kind: true } },
} as const satisfies Prisma.OrderSelect;

/**
 * Newest first, keyset-paginated on (placedAt, id) whatever the filters, so a deep page costs what the first does.
 * `before` reads the rows above the first of a page in the opposite order, so "previous" needs no history.
 */
export async function listOrders(db: Db, shopId: string, query: OrderListQuery) {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const before = query.before ? decodeCursor(query.before) : undefined;
  const keyset: Prisma.OrderWhereInput[] = [];
  if (after) {
    keyset.push({ OR: [{ placedAt: { lt: after.placedAt } }, { placedAt: after.placedAt, id: { lt: after.id } }] });
  }
  if (before) {
    keyset.push({ OR: [{ placedAt: { gt: before.placedAt } }, { placedAt: before.placedAt, id: { gt: before.id } }] });
  }
  const where = orderListWhere(db, shopId, query);
  const rows = await db.order.findMany({
    where: keyset.length > 0 ? { AND: [where, ...keyset] } : where,
    orderBy: before ? [{ placedAt: "asc" }, { id: "asc" }] : [{ placedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: orderRowSelect,
  });
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (before) page.reverse();
  const first = page.at(0);
  const last = page.at(-1);
  const hasNext = before ? true : more;
  const hasPrevious = before ? more : after !== undefined;
  return {
    orders: page,
    nextCursor: hasNext && last ? encodeCursor(last.placedAt, last.id) : null,
    previousCursor: hasPrevious && first ? encodeCursor(first.placedAt, first.id) : null,
  };
}

/** The shop's channels, for the channel filter. */
export async function listOrderChannels(db: Db, shopId: string) {
  return db.channel.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, kind: true },
  });
}

function encodeCursor(placedAt: Date, id: string) {
  return Buffer.from(JSON.stringify([placedAt.toISOString(), id])).toString("base64url");
}

const CursorSchema = z.tuple([z.iso.datetime(), z.string().min(1)]);

function decodeCursor(cursor: string) {
  try {
    const [placedAt, id] = CursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { placedAt: new Date(placedAt), id };
  } catch {
    throw new Response("This page link is no longer valid: go back to the first page of orders", { status: 400 });
  }
}
