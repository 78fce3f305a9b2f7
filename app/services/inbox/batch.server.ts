import { randomUUID } from "node:crypto";
import type { WebhookParser } from "../../../connectors/contract";
import { ChannelEventSchema, type OrderSnapshot } from "../../../connectors/events";
import type { LoggerLike } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import type { ChannelRef } from "../ledger/apply-types";
import { upsertOrders } from "../ledger/orders/upsert-order.server";
import { SNAPSHOT_TOPICS } from "./enqueue.server";
import { CHANNEL_PARSERS } from "./parsers.server";
import { parsePayloadJson } from "./payload-json.server";

// Small enough that a batch's transaction (which holds SQLite's write lock) stays short next to webhook acks.
export const INBOX_BATCH_SIZE = 50;
const DRAIN_ROUNDS = 20;

export type BatchOptions = { logger: LoggerLike; batchSize?: number; requeue: (ids: string[]) => Promise<void> };

type BatchResult = { claimed: number; applied: string[] };

async function channelWithParser(db: Db, channelId: string) {
  const channel = await db.channel.findUnique({
    where: { id: channelId },
    select: { id: true, shopId: true, kind: true, name: true },
  });
  const parser = channel ? CHANNEL_PARSERS[channel.kind] : undefined;
  return channel && parser ? { channel, parser } : null;
}

/**
 * Applies the given event together with other fresh order snapshots of the same channel waiting in the
 * inbox, in one ledger transaction. Returns false when the event is not batchable or its batch failed; the
 * caller then processes it on its own, with its retries and quarantine.
 */
export async function processSnapshotBatch(db: Db, inboxEventId: string, options: BatchOptions): Promise<boolean> {
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
  const found = await channelWithParser(db, first.channelId);
  if (!found) return false;
  const result = await claimAndApply(db, found.channel, found.parser, options, inboxEventId);
  return result.applied.includes(inboxEventId);
}

/**
 * Works through a channel's waiting order snapshots, a batch at a time. Returns true when some remain (the
 * caller queues another drain), so one job never runs unbounded.
 */
export async function drainSnapshots(db: Db, channelId: string, options: BatchOptions): Promise<boolean> {
  const found = await channelWithParser(db, channelId);
  if (!found) return false;
  const size = options.batchSize ?? INBOX_BATCH_SIZE;
  for (let round = 0; round < DRAIN_ROUNDS; round++) {
    const { claimed } = await claimAndApply(db, found.channel, found.parser, options);
    if (claimed < size) return false;
  }
  return true;
}

async function claimAndApply(
  db: Db,
  channel: ChannelRef,
  parser: WebhookParser,
  options: BatchOptions,
  include?: string,
): Promise<BatchResult> {
  const size = options.batchSize ?? INBOX_BATCH_SIZE;
  const candidates = await db.inboxEvent.findMany({
    where: {
      channelId: channel.id,
      status: "pending",
      attempts: 0,
      topic: { in: [...SNAPSHOT_TOPICS] },
      ...(include ? { id: { not: include } } : {}),
    },
    orderBy: { receivedAt: "asc" },
    take: include ? size - 1 : size,
    select: { id: true },
  });
  const ids = [...(include ? [include] : []), ...candidates.map((candidate) => candidate.id)];
  if (ids.length === 0) return { claimed: 0, applied: [] };
  const token = randomUUID();
  await db.inboxEvent.updateMany({
    where: { id: { in: ids }, status: "pending" },
    data: { status: "processing", claimToken: token, claimedAt: new Date() },
  });
  const rows = await db.inboxEvent.findMany({
    where: { claimToken: token, status: "processing" },
    select: { id: true, topic: true, payload: true },
  });

  const batch: { id: string; snapshot: OrderSnapshot }[] = [];
  const unbatchable: string[] = [];
  for (const row of rows) {
    const snapshot = readSnapshot(parser, row.topic, row.payload);
    if (snapshot) batch.push({ id: row.id, snapshot });
    else unbatchable.push(row.id);
  }
  // Anything odd (bad payload, other events) is handled one by one, with its own error and retries.
  await release(db, token, unbatchable);
  await options.requeue(unbatchable.filter((id) => id !== include));
  if (batch.length === 0) return { claimed: ids.length, applied: [] };
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
    return { claimed: ids.length, applied: batch.map((entry) => entry.id) };
  } catch (error) {
    options.logger.warn({ channelId: channel.id, events: batch.length, err: error }, "inbox batch failed; one by one");
    const failed = batch.map((entry) => entry.id);
    await release(db, token, failed);
    await options.requeue(failed.filter((id) => id !== include));
    return { claimed: ids.length, applied: [] };
  }
}

function readSnapshot(parser: WebhookParser, topic: string, payload: string): OrderSnapshot | null {
  try {
    const parsed = parser.parseWebhook(topic, parsePayloadJson(payload));
    if (!("events" in parsed) || parsed.events.length !== 1) return null;
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
