// How the Returns screens word a return's status and its channel state, and its life as a row of steps. No I/O.

export const STATUS_LABELS: Record<string, string> = {
  requested: "Requested",
  approved: "Approved",
  declined: "Declined",
  in_transit: "In transit",
  received: "Received",
  refunded: "Refunded",
  closed: "Closed",
  cancelled: "Cancelled",
};

export type BadgeTone = "info" | "success" | "attention" | "warning" | "critical" | undefined;

export const STATUS_TONES: Record<string, BadgeTone> = {
  requested: "attention",
  approved: "info",
  declined: "critical",
  in_transit: "info",
  received: "success",
  refunded: "success",
  closed: undefined,
  cancelled: "critical",
};

export const statusLabel = (status: string) => STATUS_LABELS[status] ?? status;

/** Whether the channel has what the merchant did to this return, in the merchant's words. */
export function channelStateText(state: string, channelName: string): { text: string; tone: BadgeTone } {
  switch (state) {
    case "synced":
      return { text: `${channelName} has it`, tone: "success" };
    case "pending":
      return { text: `Waiting to reach ${channelName}`, tone: "attention" };
    case "failed":
      return { text: `${channelName} refused it (see Channels)`, tone: "critical" };
    case "not_applicable":
      return { text: `Kept in ChannelLedger only: ${channelName} takes no changes from here`, tone: undefined };
    default:
      return { text: state, tone: undefined };
  }
}

export type ProgressState = "done" | "current" | "upcoming" | "skipped";
export type ProgressStep = { key: string; label: string; state: ProgressState; at: Date | string | null };

/** A recorded step of the return: the status it left and the one it reached, when the screen moved it. */
export type StepRecord = { from: string | null; to: string | null; createdAt: Date | string };

const PATH = ["requested", "approved", "in_transit", "received", "refunded", "closed"];
/** Steps a return may pass by: approved returns can be received without being marked in transit, or never refunded. */
const OPTIONAL = new Set(["in_transit", "refunded"]);

/**
 * The return's life as steps: done, the current one, those still to come, and optional ones it went past without
 * taking. A declined or cancelled return ends there.
 */
export function returnProgress(status: string, openedAt: Date | string, records: StepRecord[]): ProgressStep[] {
  const reachedAt = new Map<string, Date | string>();
  const visited = new Set<string>([status]);
  for (const record of records) {
    if (record.from) visited.add(record.from);
    if (record.to) {
      visited.add(record.to);
      reachedAt.set(record.to, record.createdAt);
    }
  }
  const at = (key: string) => (key === "requested" ? openedAt : (reachedAt.get(key) ?? null));
  const step = (key: string, state: ProgressState): ProgressStep => ({
    key,
    label: statusLabel(key),
    state,
    at: state === "upcoming" || state === "skipped" ? null : at(key),
  });

  if (status === "declined" || status === "cancelled") {
    return [step("requested", "done"), step(status, "current")];
  }
  const current = PATH.indexOf(status);
  return PATH.map((key, index) => {
    if (index === current) return step(key, "current");
    if (index > current) return step(key, "upcoming");
    return step(key, OPTIONAL.has(key) && !visited.has(key) ? "skipped" : "done");
  });
}
