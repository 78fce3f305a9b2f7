import { randomUUID } from "node:crypto";
import type { OrderSnapshot } from "../../../connectors/events";
import { ChannelEventSchema } from "../../../connectors/events";
import type { LoggerLike } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { upsertOrders } from "../ledger/orders/upsert-order.server";
import { CHANNEL_PARSERS } from "./parsers.server";
import { parsePayloadJson } from "./payload-json.server";

/** Fresh events of these topics carry a whole order snapshot and nothing else: they can share a transaction. */
const SNAPSHOT_TOPICS = new Set(["orders/create", "orders/updated", "orders/cancelled"]);
// Small enough that a batch's transaction (which holds SQLite's write lock) stays short next to webhook acks.
export const INBOX_BATCH_SIZE = 50;

type Claimed = { id: string; snapshot: OrderSnapshot };

/**
 * Applies the given event together with other fresh order snapshots of the same channel waiting in the
 * inbox, in one ledger transaction (a burst of webhooks costs one transaction, not one per order).
 * Returns false when the event is not batchable or the batch failed; the caller then processes the event
 * on its own, with its retries and quarantine. Events claimed here and not applied go back to pending.
 */
export async function processSnapshotBatch(
  db: Db,
  inboxEventId: string,
  options: { logger: LoggerLike; batchSize?: number; requeue: (ids: string[]) => Promise<void> },
): Promise<boolean> {
  const first = await db.inboxEvent.findUnique({
    where: { id: inboxEventId },
    select: { status: true, topic: true, attempts: true, channelId: true },
  });
  if (
    !first ||
    first.status !== "pending" ||
    first.attempts > 0 ||
    !first.channelId ||
    !SNAPSHOT_TOPICS.has(first.topic)
  ) {
    return false;
  }
  const channel = await db.channel.findUnique({
    where: { id: first.channelId },
    select: { id: true, shopId: true, kind: true, name: true },
  });
  const parser = channel ? CHANNEL_PARSERS[channel.kind] : undefined;
  if (!channel || !parser) return false;

  const candidates = await db.inboxEvent.findMany({
    where: {
      channelId: channel.id,
      status: "pending",
      attempts: 0,
      topic: { in: [...SNAPSHOT_TOPICS] },
      id: { not: inboxEventId },
    },
    orderBy: { receivedAt: "asc" },
    take: (options.batchSize ?? INBOX_BATCH_SIZE) - 1,
    select: { id: true },
  });
  const token = randomUUID();
  await db.inboxEvent.updateMany({
    where: { id: { in: [inboxEventId, ...candidates.map((c) => c.id)] }, status: "pending" },
    data: { status: "processing", claimToken: token, claimedAt: new Date() },
  });
  const rows = await db.inboxEvent.findMany({
    where: { claimToken: token, status: "processing" },
    select: { id: true, topic: true, payload: true },
  });

  const batch: Claimed[] = [];
  const unbatchable: string[] = [];
  for (const row of rows) {
    const snapshot = readSnapshot(parser.parseWebhook.bind(parser), row.topic, row.payload);
    if (snapshot) batch.push({ id: row.id, snapshot });
    else unbatchable.push(row.id);
  }
  // Anything odd (bad payload, other events) is handled one by one, with its own error and retries.
  await release(db, token, unbatchable);
  await options.requeue(unbatchable.filter((id) => id !== inboxEventId));
  if (batch.length === 0) return false;
  try {
    const outcomes = await upsertOrders(
      db,
      channel,
      batch.map((entry) => entry.snapshot),
      { source: batch.length === 1 ? `webhook:${batch[0]!.id}` : `webhook-batch:${token}` },
    );
    await db.inboxEvent.updateMany({
      where: { claimToken: token, status: "processing", id: { in: batch.map((entry) => entry.id) } },
      data: { status: "done", processedAt: new Date(), claimToken: null, lastError: null },
    });
    options.logger.info(
      { channelId: channel.id, events: batch.length, applied: outcomes.filter((o) => o.outcome === "applied").length },
      "inbox batch applied",
    );
    return batch.some((entry) => entry.id === inboxEventId);
  } catch (error) {
    options.logger.warn({ channelId: channel.id, events: batch.length, err: error }, "inbox batch failed; one by one");
    const ids = batch.map((entry) => entry.id);
    await release(db, token, ids);
    await options.requeue(ids.filter((id) => id !== inboxEventId));
    return false;
  }
}

function readSnapshot(parse: (topic: string, payload: unknown) => unknown, topic: string, payload: string) {
  try {
    const parsed = parse(topic, parsePayloadJson(payload)) as { events?: unknown[] };
    if (!parsed.events || parsed.events.length !== 1) return null;
    const event = ChannelEventSchema.parse(parsed.events[0]);
    return event.type === "order.upserted" ? event.order : null;
  } catch {
    return null;
  }
}

async function release(db: Db, token: string, ids: string[]) {
  if (ids.length === 0) return;
  await db.inboxEvent.updateMany({
    where: { claimToken: token, status: "processing", id: { in: ids } },
    data: { status: "pending", claimToken: null, claimedAt: null },
  });
}

/** Claims left by a process that died mid-batch go back to pending. */
export async function releaseStaleClaims(db: Db, olderThanMs = 5 * 60_000): Promise<number> {
  const { count } = await db.inboxEvent.updateMany({
    where: { status: "processing", claimedAt: { lt: new Date(Date.now() - olderThanMs) } },
    data: { status: "pending", claimToken: null, claimedAt: null },
  });
  return count;
}
