import type { JobQueue } from "../../../jobs/queue";
import { getLogger } from "../../logger.server";
import { getQueue } from "../../queue.server";
import { enqueueCommand } from "../commands/jobs.server";

/** Where a merchant action came from and who did it; `queue: null` leaves recorded commands to the sweep. */
export type OrderActionOptions = {
  /** Who: "user:<id>", "api-key:<id>"... kept on movements and the timeline. */
  actor: string;
  /** Where: "ui", "api" or "cli"; "ui" by default. */
  source?: string;
  /** The queue that runs the recorded command; the process queue by default. */
  queue?: JobQueue | null;
};

/**
 * Queues a command recorded by a committed transaction. The ledger change is already done and the sweep finds
 * pending commands anyway, so a queue that cannot be reached costs a delay, not the merchant's action.
 */
export async function enqueueRecorded(
  options: OrderActionOptions,
  command: { id: string; state: "pending" | "skipped" } | null,
) {
  if (!command || command.state !== "pending" || options.queue === null) return;
  try {
    await enqueueCommand(options.queue ?? getQueue(), command.id);
  } catch (error) {
    getLogger().warn({ err: error, commandId: command.id }, "could not queue a channel command; the sweep will");
  }
}
