export type ChannelRef = { id: string; shopId: string; kind: string; name: string };

/**
 * Where a change came from, for movements and the order timeline (e.g. "webhook:<inbox id>"), and when the inbox
 * first stored it (events that may wait for what the channel raised with them count their wait from then).
 */
export type ApplyContext = { source: string; actor?: string; receivedAt?: Date };

export type ApplyOutcome = { outcome: "applied" | "stale" | "ignored"; detail?: string };

/** An event that refers to something not imported yet: retrying later can succeed. */
export class NotYetKnownError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotYetKnownError";
  }
}
