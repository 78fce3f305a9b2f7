import { describeDiff, stableText, type Row, type RowChange, type TableDiff } from "./support/table-snapshot.ts";

// What a drill's requests may change in the database, each change named with its reason; every other difference
// between the "before" and "after" snapshots is a partial write. Shared by drill:bad-input and drill:tenants.

export type ExpectedInbox = Map<string, "quarantined" | "ignored">;

export type Allowances = {
  /** Inbox rows the corpus's signed deliveries should leave, by `${source}|${eventId}`, with their final status. */
  inbox: ExpectedInbox;
  /** The drill's own API keys: their lastUsedAt moves (once a minute at most, api-keys.server.ts). */
  apiKeyIds: Set<string>;
};

export type ChangeVerdict = { allowed: string[]; problems: string[] };

const parseJson = (value: unknown): Record<string, unknown> => {
  if (typeof value !== "string") return (value ?? {}) as Record<string, unknown>;
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/** Keys of a JSON column that differ between two rows. */
function changedKeys(before: Row, after: Row, column: string): string[] {
  const old = parseJson(before[column]);
  const now = parseJson(after[column]);
  const keys = new Set([...Object.keys(old), ...Object.keys(now)]);
  return [...keys].filter((key) => stableText(old[key]) !== stableText(now[key]));
}

/** A channel row whose only change is the WooCommerce poller's bookkeeping (settings.poll, updatedAt). */
export function isPollOnly(change: RowChange): boolean {
  const columnsOk = change.columns.every((column) => column === "settings" || column === "updatedAt");
  const keys = change.columns.includes("settings") ? changedKeys(change.before, change.after, "settings") : [];
  return columnsOk && keys.every((key) => key === "poll");
}

function judgeInbox(diff: TableDiff, expected: ExpectedInbox, allowed: string[]): string[] {
  const unexplained: string[] = [];
  let stored = 0;
  for (const row of diff.added) {
    const want = expected.get(`${String(row.source)}|${String(row.eventId)}`);
    const what = `${String(row.source)} ${String(row.eventId)} (${String(row.topic)})`;
    if (!want) unexplained.push(`new inbox row ${what}`);
    else if (row.status !== want) unexplained.push(`inbox row ${what} is ${String(row.status)}, not ${want}`);
    else stored += 1;
  }
  for (const change of diff.changed) unexplained.push(`inbox row ${change.key} changed ${change.columns.join(",")}`);
  if (stored > 0) allowed.push(`InboxEvent +${stored}: signed deliveries stored and quarantined or ignored (ADR 0007)`);
  return unexplained;
}

function judgeApiKeys(diff: TableDiff, keys: Set<string>, allowed: string[]): string[] {
  const unexplained: string[] = [];
  let touched = 0;
  for (const change of diff.changed) {
    const onlyLastUsed = change.columns.every((column) => column === "lastUsedAt");
    if (onlyLastUsed && keys.has(change.key)) touched += 1;
    else unexplained.push(`api key ${change.key} changed ${change.columns.join(",")}`);
  }
  for (const row of diff.added) unexplained.push(`new api key ${String(row.name)}`);
  if (touched > 0) allowed.push(`ApiKey ~${touched}: the drill's keys' lastUsedAt (recorded once a minute per key)`);
  return unexplained;
}

function judgeChannels(diff: TableDiff, allowed: string[]): string[] {
  const unexplained: string[] = [];
  let polled = 0;
  for (const change of diff.changed) {
    if (isPollOnly(change)) polled += 1;
    else unexplained.push(`channel ${change.key} changed ${change.columns.join(",")}`);
  }
  for (const row of diff.added) unexplained.push(`new channel ${String(row.id)}`);
  if (polled > 0) allowed.push(`Channel ~${polled}: settings.poll of WooCommerce channels (the poller's bookkeeping)`);
  return unexplained;
}

export function judgeChanges(diffs: TableDiff[], allowances: Allowances): ChangeVerdict {
  const allowed: string[] = [];
  const problems: string[] = [];
  for (const diff of diffs) {
    let unexplained: string[];
    if (diff.table === "InboxEvent") unexplained = judgeInbox(diff, allowances.inbox, allowed);
    else if (diff.table === "ApiKey") unexplained = judgeApiKeys(diff, allowances.apiKeyIds, allowed);
    else if (diff.table === "Channel") unexplained = judgeChannels(diff, allowed);
    else {
      problems.push(`${describeDiff(diff)}: ${sampleRows(diff)}`);
      continue;
    }
    for (const row of diff.removed) unexplained.push(`row ${String(row.id)} removed`);
    problems.push(...unexplained.map((line) => `${diff.table}: ${line}`));
  }
  return { allowed, problems };
}

function sampleRows(diff: TableDiff): string {
  const rows = [
    ...diff.added.slice(0, 2).map((row) => `+${stableText(row).slice(0, 200)}`),
    ...diff.changed.slice(0, 2).map((change) => `~${change.key} ${change.columns.join(",")}`),
  ];
  return rows.join(" ; ");
}
