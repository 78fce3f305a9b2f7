import { z } from "zod";
import type { Db, Prisma } from "../../db.server";

export const InboxStatusSchema = z.enum(["pending", "done", "ignored", "quarantined"]);

export const InboxListQuerySchema = z.object({
  shopId: z.string().min(1).optional(),
  /** Without a status: what needs attention, quarantined events and pending ones that have failed. */
  status: InboxStatusSchema.optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export type InboxListQuery = z.input<typeof InboxListQuerySchema>;

/** Inbox events without their payloads: those hold customers' personal data and stay out of screens and CLIs. */
export async function listInboxEvents(db: Db, query: InboxListQuery = {}) {
  const { shopId, status, limit } = InboxListQuerySchema.parse(query);
  const where: Prisma.InboxEventWhereInput = {
    ...(shopId !== undefined ? { shopId } : {}),
    ...(status !== undefined
      ? { status }
      : { OR: [{ status: "quarantined" }, { status: "pending", attempts: { gt: 0 } }] }),
  };
  return db.inboxEvent.findMany({
    where,
    select: {
      id: true,
      shopId: true,
      channelId: true,
      source: true,
      eventId: true,
      topic: true,
      status: true,
      attempts: true,
      lastError: true,
      receivedAt: true,
      processedAt: true,
      nextAttemptAt: true,
    },
    orderBy: { receivedAt: "desc" },
    take: limit,
  });
}

export type InboxEventSummary = Awaited<ReturnType<typeof listInboxEvents>>[number];
