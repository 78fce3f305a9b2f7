import type { Cluster } from "./support/cluster.ts";

// What the app's processes said, read from their JSON logs (pino) while a drill runs. Some outcomes live only there:
// how many stored inbox events were applied, found stale or ignored, and how many calls to a channel failed. Each
// process's output is re-read every 250 ms and each line kept once (its text and process are its key), so the
// output buffer's trimming loses nothing as long as a process logs less than half the buffer in 250 ms.

export type LogLine = { msg?: string; time?: number; [field: string]: unknown };

export type AppLogs = { lines(): LogLine[]; stop(): void };

export function watchAppLogs(cluster: Cluster): AppLogs {
  const seen = new Set<string>();
  const lines: LogLine[] = [];
  const read = () => {
    for (const process of cluster.processes) {
      for (const text of process.output().split("\n")) {
        if (!text.startsWith("{")) continue;
        const key = `${process.name}\n${text}`;
        if (seen.has(key)) continue;
        try {
          lines.push(JSON.parse(text) as LogLine);
          seen.add(key);
        } catch {
          // A line cut by the buffer's trimming, or still being written: read whole next time, or counted before.
        }
      }
    }
  };
  const timer = setInterval(read, 250);
  timer.unref();
  return {
    lines() {
      read();
      return lines;
    },
    stop: () => clearInterval(timer),
  };
}

/** Lines logged from `since` (epoch ms) on, optionally until `until`. */
export function between(lines: LogLine[], since: number, until = Number.POSITIVE_INFINITY) {
  return lines.filter((line) => typeof line.time === "number" && line.time >= since && line.time <= until);
}

export type InboxTally = {
  /** Ledger outcomes of the events applied: applied, stale, or ignored (an echo, already applied, ...). */
  applied: number;
  stale: number;
  ignoredByLedger: number;
  /** Events the connector does not use (a topic or body it ignores). */
  ignoredByParser: number;
  retried: number;
  quarantined: number;
  /** Webhook deliveries the inbox already held (answered "Already received"). */
  duplicateDeliveries: number;
};

export function inboxTally(lines: LogLine[]): InboxTally {
  const tally: InboxTally = {
    applied: 0,
    stale: 0,
    ignoredByLedger: 0,
    ignoredByParser: 0,
    retried: 0,
    quarantined: 0,
    duplicateDeliveries: 0,
  };
  for (const line of lines) {
    switch (line.msg) {
      case "inbox event applied":
        for (const outcome of Array.isArray(line.outcomes) ? line.outcomes : []) {
          if (outcome === "applied") tally.applied += 1;
          else if (outcome === "stale") tally.stale += 1;
          else tally.ignoredByLedger += 1;
        }
        break;
      case "inbox batch applied": {
        const applied = Number(line.applied ?? 0);
        tally.applied += applied;
        tally.stale += Number(line.events ?? 0) - applied;
        break;
      }
      case "inbox event ignored":
        tally.ignoredByParser += 1;
        break;
      case "inbox event failed; it will be retried":
        tally.retried += 1;
        break;
      case "inbox event quarantined":
        tally.quarantined += 1;
        break;
      case "Shopify webhook received":
      case "WooCommerce webhook received":
        if (line.duplicate === true) tally.duplicateDeliveries += 1;
        break;
    }
  }
  return tally;
}
