// One word for a channel's sync, with the reason a merchant can act on. Pure, so the thresholds are tested alone.

export type SyncHealthLevel = "healthy" | "degraded" | "failing";
export type SyncHealth = { level: SyncHealthLevel; reason: string };

/** A change waiting this long means pushes run behind (a push normally lands within seconds). */
export const LAG_DEGRADED_MS = 5 * 60_000;
/** ... and this long that they are not getting through at all. */
export const LAG_FAILING_MS = 30 * 60_000;
/** Drift is normal now and then (a merchant edits stock on the channel); this many a day is a habit to look at. */
export const DRIFT_DEGRADED_PER_DAY = 10;

export type HealthInput = {
  /** Channel.status: connected | disconnected | error | demo. */
  status: string;
  /** Listings pending or queued. */
  waiting: number;
  failed: number;
  dead: number;
  /** Age of the oldest listing still to push (waiting or failed); 0 when there is none. */
  lagMs: number;
  drift24h: number;
  reconcileError: string | null;
  lastPushAt: Date | null;
};

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function minutes(ms: number): string {
  const total = Math.floor(ms / 60_000);
  return total < 120 ? plural(total, "minute") : plural(Math.floor(total / 60), "hour");
}

export function syncHealth(input: HealthInput): SyncHealth {
  // A channel we do not push to has no lag or failures worth alarming about: its state says why.
  if (input.status === "error") return { level: "failing", reason: "The channel is in error: connect it again" };
  if (input.status === "disconnected") return { level: "degraded", reason: "Disconnected: stock is not pushed" };
  if (input.status === "demo") return { level: "healthy", reason: "Demo channel: stock is not pushed anywhere" };

  if (input.dead > 0) {
    return { level: "failing", reason: `${plural(input.dead, "listing")} parked after failed pushes: retry them` };
  }
  if (input.lagMs >= LAG_FAILING_MS) {
    return { level: "failing", reason: `Pushes are not getting through: a change has waited ${minutes(input.lagMs)}` };
  }
  if (input.failed > 0) {
    return { level: "degraded", reason: `${plural(input.failed, "listing")} failed to push and will be retried` };
  }
  if (input.lagMs >= LAG_DEGRADED_MS) {
    return { level: "degraded", reason: `Pushes are running behind: a change has waited ${minutes(input.lagMs)}` };
  }
  if (input.reconcileError) {
    return { level: "degraded", reason: `The last reconciliation failed: ${input.reconcileError}` };
  }
  if (input.drift24h >= DRIFT_DEGRADED_PER_DAY) {
    return {
      level: "degraded",
      reason: `${plural(input.drift24h, "drift")} in 24 hours: stock keeps being changed on the channel`,
    };
  }
  if (input.waiting > 0) return { level: "healthy", reason: `Pushing ${plural(input.waiting, "change")}` };
  if (!input.lastPushAt) return { level: "healthy", reason: "Nothing to push yet" };
  return { level: "healthy", reason: "The channel shows the ledger's quantities" };
}
