import { z } from "zod";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import { getDb, type Db } from "../../db.server";
import { getLogger } from "../../logger.server";
import { RUNNING_STALE_MS, runCommand } from "./run-command.server";

export const COMMAND_JOB = "channel.command";
export const COMMAND_SWEEP_JOB = "channel.command.sweep";
export const COMMAND_SWEEP_INTERVAL_MS = 30_000;

const CommandJobPayloadSchema = z.object({ commandId: z.string().min(1) });

let sequence = 0;

/** Queues a command's next run: at once after it was recorded, or at its retry time. */
export function enqueueCommand(queue: JobQueue, commandId: string, options: { at?: Date } = {}) {
  // Aim a little past the retry time so the command is due when the job runs.
  const delayMs = options.at ? Math.max(0, options.at.getTime() - Date.now()) + 25 : 0;
  const jobId = options.at ? `command:${commandId}:retry:${Date.now()}:${++sequence}` : `command:${commandId}`;
  return queue.enqueue(COMMAND_JOB, { commandId }, { jobId, delayMs, attempts: 3, backoffMs: 1_000 });
}

/**
 * Channel commands run as jobs; a command's own retries are its state (attempts, nextAttemptAt), so a crash between
 * two attempts loses nothing: the sweep finds commands that are due, or were claimed by a process that died.
 */
export function registerCommandJobs(
  queue: JobQueue,
  options: { db?: () => Db; logger?: LoggerLike; backoffMs?: number } = {},
) {
  const db = options.db ?? getDb;
  const logger = options.logger ?? getLogger().child({ module: "commands" });

  queue.register(COMMAND_JOB, async (payload) => {
    const { commandId } = CommandJobPayloadSchema.parse(payload);
    const run = await runCommand(db(), commandId, { backoffMs: options.backoffMs });
    if (run.state === "pending") {
      logger.warn({ commandId, retryAt: run.retryAt, error: run.error }, "channel command failed; will retry");
      await enqueueCommand(queue, commandId, { at: run.retryAt });
    } else if (run.state === "dead") {
      logger.error({ commandId, error: run.error }, "channel command parked as dead");
    }
  });

  queue.register(COMMAND_SWEEP_JOB, async () => {
    const now = new Date();
    await db().channelCommand.updateMany({
      where: { state: "running", updatedAt: { lt: new Date(now.getTime() - RUNNING_STALE_MS) } },
      data: { state: "pending" },
    });
    const due = await db().channelCommand.findMany({
      where: { state: "pending", OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
      select: { id: true },
      take: 500,
    });
    for (const { id } of due) await enqueueCommand(queue, id);
  });
}
