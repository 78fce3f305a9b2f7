import type { Db } from "../../db.server";
import { commandHandlerFor, CommandRefusedError, type RunnableCommand } from "./commanders";
import { CommandPayloadSchemas, isCommandKind } from "./kinds";

export const COMMAND_MAX_ATTEMPTS = 8;
const COMMAND_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 15 * 60_000;
/** A command claimed longer ago than this belongs to a process that died; the sweep hands it out again. */
export const RUNNING_STALE_MS = 5 * 60_000;

export type CommandRun =
  | { state: "done"; result: Record<string, unknown> }
  | { state: "pending"; retryAt: Date; error: string }
  | { state: "dead" | "skipped"; error: string }
  | { state: "not_due" };

/**
 * The idempotency key sent with every attempt of a command: stable across retries and processes. A merchant's retry
 * of a parked command is a new intent (the channel refused the old one and would replay that refusal), so it gets the
 * next generation's key.
 */
export const commandKey = (commandId: string, generation = 0) =>
  generation === 0 ? `channelledger-command-${commandId}` : `channelledger-command-${commandId}-retry-${generation}`;

/**
 * Runs one command: claims it (so two workers never run it at once), asks the channel's handler, and records the
 * answer. Failures wait with exponential backoff and jitter; a refusal, or the last failed attempt, parks the
 * command as dead (the dead-letter list) with the reason, and its subject says the channel is not in step.
 */
export async function runCommand(
  db: Db,
  commandId: string,
  options: { now?: Date; backoffMs?: number } = {},
): Promise<CommandRun> {
  const now = options.now ?? new Date();
  const claimed = await db.channelCommand.updateMany({
    where: {
      id: commandId,
      state: "pending",
      OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
    },
    data: { state: "running", attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return { state: "not_due" };
  const row = await db.channelCommand.findUniqueOrThrow({
    where: { id: commandId },
    include: {
      channel: { select: { id: true, shopId: true, kind: true, name: true, externalRef: true, status: true } },
    },
  });

  const finish = async (state: "dead" | "skipped", error: string): Promise<CommandRun> => {
    await db.channelCommand.update({
      where: { id: commandId },
      data: { state, lastError: error, completedAt: now, nextAttemptAt: null },
    });
    await markSubject(db, row.kind, row.subjectId, state === "dead" ? "failed" : "not_applicable");
    return { state, error };
  };

  if (!isCommandKind(row.kind)) return finish("dead", `unknown command kind ${row.kind}`);
  if (row.channel.status !== "connected") return finish("skipped", `the channel is ${row.channel.status}`);
  const handler = commandHandlerFor(row.channel.kind, row.kind);
  if (!handler) return finish("skipped", `${row.channel.kind} channels do not take ${row.kind}`);
  const payload = CommandPayloadSchemas[row.kind].safeParse(row.payload);
  if (!payload.success) return finish("dead", `the command's payload is invalid: ${payload.error.message}`);

  const command: RunnableCommand = {
    id: row.id,
    kind: row.kind,
    orderId: row.orderId,
    subjectId: row.subjectId,
    payload: payload.data,
    attempts: row.attempts,
  };
  try {
    const result = await handler({
      db,
      channel: row.channel,
      command,
      idempotencyKey: commandKey(row.id, row.keyGeneration),
    });
    await db.channelCommand.update({
      where: { id: commandId },
      data: { state: "done", result: result as object, lastError: null, completedAt: new Date(), nextAttemptAt: null },
    });
    await markSubject(db, row.kind, row.subjectId, "synced");
    return { state: "done", result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CommandRefusedError || row.attempts >= COMMAND_MAX_ATTEMPTS) {
      return finish("dead", message);
    }
    const base = options.backoffMs ?? COMMAND_BACKOFF_MS;
    const delay = Math.min(MAX_BACKOFF_MS, base * 2 ** (row.attempts - 1)) * (0.5 + Math.random() / 2);
    const retryAt = new Date(now.getTime() + delay);
    await db.channelCommand.update({
      where: { id: commandId },
      data: { state: "pending", lastError: message, nextAttemptAt: retryAt },
    });
    return { state: "pending", retryAt, error: message };
  }
}

/**
 * A dead command goes back to the queue with a fresh set of attempts and a new idempotency key (the merchant's retry
 * action); what its first attempt planned is dropped, so the retry plans against the channel as it is now.
 */
export async function retryDeadCommand(db: Db, shopId: string, commandId: string): Promise<boolean> {
  const { count } = await db.channelCommand.updateMany({
    where: { id: commandId, shopId, state: "dead" },
    data: {
      state: "pending",
      attempts: 0,
      nextAttemptAt: null,
      completedAt: null,
      result: {},
      keyGeneration: { increment: 1 },
    },
  });
  if (count > 0) {
    const row = await db.channelCommand.findUniqueOrThrow({
      where: { id: commandId },
      select: { kind: true, subjectId: true },
    });
    await markSubject(db, row.kind, row.subjectId, "pending");
  }
  return count > 0;
}

/** Fulfilments and returns show whether the channel has their change: pending, synced, failed or not_applicable. */
async function markSubject(db: Db, kind: string, subjectId: string, channelSyncState: string) {
  if (kind.startsWith("fulfillment.")) {
    await db.fulfillment.updateMany({ where: { id: subjectId }, data: { channelSyncState } });
  } else if (kind.startsWith("return.")) {
    await db.return.updateMany({ where: { id: subjectId }, data: { channelSyncState } });
  }
}
