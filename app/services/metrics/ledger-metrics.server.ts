import type { JobQueue } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { withTimeout } from "../health.server";
import { lagMs, LISTING_STATES, readListingFigures } from "../sync/status-figures.server";
import type { Metric, Sample } from "./exposition";

// The operator's view across every shop, read from the database at scrape time (so every web process answers the
// same) with grouped queries. Labels carry channel and shop ids and fixed words, never names or customer data.

const INBOX_STATUSES = ["pending", "processing", "done", "ignored", "quarantined"];
const COMMAND_STATES = ["pending", "running", "done", "dead", "skipped"];
const QUEUE_STATES = ["waiting", "active", "delayed"] as const;

/** One sample per known value (zero when absent, so an alert on a series does not go blind), plus any unknown. */
function byValue(label: string, known: string[], counts: Map<string, number>): Sample[] {
  const values = [...new Set([...known, ...counts.keys()])];
  return values.map((value) => ({ labels: { [label]: value }, value: counts.get(value) ?? 0 }));
}

const seconds = (date: Date) => date.getTime() / 1000;

export async function ledgerMetrics(db: Db, now = new Date()): Promise<Metric[]> {
  const [channels, figures, drift, inbox, commands, oversells] = await Promise.all([
    db.channel.findMany({
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, shopId: true, kind: true, status: true },
    }),
    readListingFigures(db),
    db.syncDrift.groupBy({ by: ["channelId", "cause", "action"], _count: { _all: true } }),
    db.inboxEvent.groupBy({ by: ["status"], _count: { _all: true } }),
    db.channelCommand.groupBy({ by: ["state"], _count: { _all: true } }),
    db.oversell.count({ where: { resolvedAt: null } }),
  ]);
  const kinds = new Map(channels.map((channel) => [channel.id, channel.kind]));

  return [
    {
      name: "channelledger_channel_info",
      help: "Every channel, with its shop, kind and connection status (value 1).",
      type: "gauge",
      samples: channels.map((channel) => ({
        labels: { channel: channel.id, shop: channel.shopId, kind: channel.kind, status: channel.status },
        value: 1,
      })),
    },
    {
      name: "channelledger_listings",
      help: "Channel listings by sync state (pending, queued, ok, failed, dead).",
      type: "gauge",
      samples: channels.flatMap((channel) =>
        LISTING_STATES.map((state) => ({
          labels: { channel: channel.id, kind: channel.kind, state },
          value: figures.get(channel.id)?.counts[state] ?? 0,
        })),
      ),
    },
    {
      name: "channelledger_push_last_success_timestamp_seconds",
      help: "When a stock push to the channel last landed (unix seconds); absent if none ever did.",
      type: "gauge",
      samples: channels.flatMap((channel) => {
        const last = figures.get(channel.id)?.lastPushAt;
        return last ? [{ labels: { channel: channel.id }, value: seconds(last) }] : [];
      }),
    },
    {
      name: "channelledger_push_lag_seconds",
      help: "How long the oldest listing still to push (pending, queued or failed) has waited; 0 when none waits.",
      type: "gauge",
      samples: channels.map((channel) => ({
        labels: { channel: channel.id },
        value: lagMs(figures.get(channel.id), now) / 1000,
      })),
    },
    {
      name: "channelledger_drift_total",
      help: "Times a channel showed another quantity than the ledger expected, by cause and action taken.",
      type: "counter",
      samples: drift
        .filter((group) => kinds.has(group.channelId))
        .map((group) => ({
          labels: { channel: group.channelId, cause: group.cause, action: group.action },
          value: group._count._all,
        })),
    },
    {
      name: "channelledger_inbox_events",
      help: "Webhook inbox events by status.",
      type: "gauge",
      samples: byValue("status", INBOX_STATUSES, new Map(inbox.map((group) => [group.status, group._count._all]))),
    },
    {
      name: "channelledger_channel_commands",
      help: "Channel commands (the outbox of fulfilments, returns, cancellations) by state.",
      type: "gauge",
      samples: byValue("state", COMMAND_STATES, new Map(commands.map((group) => [group.state, group._count._all]))),
    },
    {
      name: "channelledger_oversells_open",
      help: "Reservations stock could not cover, not yet resolved.",
      type: "gauge",
      samples: [{ value: oversells }],
    },
  ];
}

/**
 * The job queue's own counts as this process sees them: BullMQ's are shared by every process; the in-process
 * driver's are this process's alone. Left out when the queue does not answer in time (Redis down).
 */
export async function queueMetrics(queue: JobQueue): Promise<Metric[]> {
  const stats = await withTimeout(queue.stats(), 2_000).catch(() => null);
  if (!stats) return [];
  return [
    {
      name: "channelledger_job_queue_jobs",
      help: "Jobs in the queue by state (waiting, active, delayed).",
      type: "gauge",
      samples: QUEUE_STATES.map((state) => ({ labels: { driver: queue.driver, state }, value: stats[state] })),
    },
  ];
}
