import { randomUUID } from "node:crypto";
import type { Db } from "../../db.server";
import { providerOf } from "../ledger/bulk-insert.server";

export type InboxRow = {
  shopId: string;
  channelId: string;
  source: string;
  eventId: string;
  topic: string;
  payload: string;
  headers: Record<string, string>;
};

type Waiter = {
  row: InboxRow;
  resolve: (result: { inboxEventId: string; duplicate: boolean }) => void;
  reject: (error: unknown) => void;
};

const MAX_GROUP = 200;
const BUSY = /SQLITE_BUSY|database is locked|Operation has timed out/i;

/**
 * Group commit for webhook acknowledgements: deliveries that arrive within the same moment are stored with one
 * multi-row INSERT, and each is acknowledged only after that INSERT committed. Under a burst the database does one
 * write (and SQLite takes its write lock once) per group instead of one per delivery. A duplicate (same source and
 * event id) is skipped by ON CONFLICT and answered with the stored event's id.
 */
class InboxWriter {
  private waiting: Waiter[] = [];
  private flushing = false;

  constructor(private readonly db: Db) {}

  add(row: InboxRow) {
    return new Promise<{ inboxEventId: string; duplicate: boolean }>((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush() {
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        // Everything that arrived while the previous group was being written forms the next group.
        const group = this.waiting.splice(0, MAX_GROUP);
        try {
          const results = await insertGroup(
            this.db,
            group.map((waiter) => waiter.row),
          );
          group.forEach((waiter, index) => waiter.resolve(results[index]!));
        } catch (error) {
          for (const waiter of group) waiter.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

async function insertGroup(db: Db, rows: InboxRow[]) {
  const provider = providerOf(db as never);
  const params: unknown[] = [];
  const mark = (json = false) => (provider === "sqlite" ? "?" : `$${params.length}${json ? "::jsonb" : ""}`);
  const receivedAt = provider === "postgresql" ? new Date().toISOString() : new Date();
  const ids = rows.map(() => randomUUID());
  const tuples = rows.map((row, index) => {
    const values: [unknown, boolean][] = [
      [ids[index], false],
      [row.shopId, false],
      [row.channelId, false],
      [row.source, false],
      [row.eventId, false],
      [row.topic, false],
      [row.payload, false],
      [JSON.stringify(row.headers), true],
      ["pending", false],
      [0, false],
      [receivedAt, false],
    ];
    return `(${values.map(([value, json]) => (params.push(value), mark(json))).join(", ")})`;
  });
  const sql =
    `INSERT INTO "InboxEvent" ("id", "shopId", "channelId", "source", "eventId", "topic", "payload", "headers", ` +
    `"status", "attempts", "receivedAt") VALUES ${tuples.join(", ")} ` +
    `ON CONFLICT ("source", "eventId") DO NOTHING RETURNING "id"`;
  const inserted = new Set(
    (await whenNotBusy(() => db.$queryRawUnsafe<{ id: string }[]>(sql, ...params))).map((r) => r.id),
  );
  const duplicates = rows.filter((_, index) => !inserted.has(ids[index]!));
  const existing = duplicates.length
    ? await db.inboxEvent.findMany({
        where: { OR: duplicates.map((row) => ({ source: row.source, eventId: row.eventId })) },
        select: { id: true, source: true, eventId: true },
      })
    : [];
  const existingId = new Map(existing.map((event) => [`${event.source}\u0000${event.eventId}`, event.id]));
  return rows.map((row, index) =>
    inserted.has(ids[index]!)
      ? { inboxEventId: ids[index]!, duplicate: false }
      : { inboxEventId: existingId.get(`${row.source}\u0000${row.eventId}`) ?? "", duplicate: true },
  );
}

/** Waits out SQLite's write lock without blocking the thread: up to about 5 s in short async steps. */
export async function whenNotBusy<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const busy =
        error instanceof Error && (BUSY.test(error.message) || (error as { code?: string }).code === "P1008");
      if (attempt >= 60 || !busy) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt * 2, 100)));
    }
  }
}

const writers = new WeakMap<Db, InboxWriter>();

export function storeInboxRow(db: Db, row: InboxRow) {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new InboxWriter(db)));
  return writer.add(row);
}
