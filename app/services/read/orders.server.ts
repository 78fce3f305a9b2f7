import { z } from "zod";
import type { Db } from "../../db.server";

export const OrderListQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  channelId: z.string().max(100).optional(),
  status: z.enum(["open", "cancelled", "closed"]).optional(),
});
export type OrderListQuery = z.infer<typeof OrderListQuerySchema>;

/** Newest first, keyset-paginated on (placedAt, id) so deep pages cost the same as the first. */
export async function listOrders(db: Db, shopId: string, query: OrderListQuery) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await db.order.findMany({
    where: {
      shopId,
      ...(query.channelId ? { channelId: query.channelId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(cursor
        ? { OR: [{ placedAt: { lt: cursor.placedAt } }, { placedAt: cursor.placedAt, id: { lt: cursor.id } }] }
        : {}),
    },
    orderBy: [{ placedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: {
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
      channel: { select: { id: true, name: true, kind: true } },
      _count: { select: { lines: true } },
    },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor(last.placedAt, last.id) : null;
  return { orders: page, nextCursor };
}

function encodeCursor(placedAt: Date, id: string) {
  return Buffer.from(JSON.stringify([placedAt.toISOString(), id])).toString("base64url");
}

const CursorSchema = z.tuple([z.iso.datetime(), z.string()]);

function decodeCursor(cursor: string) {
  try {
    const [placedAt, id] = CursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { placedAt: new Date(placedAt), id };
  } catch {
    throw new Response("Invalid cursor", { status: 400 });
  }
}
