// The shop's inbox by status, read with the benchmark's own database client (an index-only count on
// InboxEvent(shopId, status), cheap enough to poll every 100 ms while the app works). Only done, ignored and
// quarantined are final; any other status (pending, processing, or one added later) is work still to do.
import { performance } from "node:perf_hooks";
import type { Db } from "../../app/db.server.ts";
import { sleep } from "../lib/sleep.ts";

const FINAL = ["done", "ignored", "quarantined"] as const;

export type InboxCounts = {
  done: number;
  ignored: number;
  quarantined: number;
  /** Not final yet, whatever the status. */
  unfinished: number;
  total: number;
  byStatus: Record<string, number>;
};

export async function inboxCounts(db: Db, shopId: string): Promise<InboxCounts> {
  const groups = await db.inboxEvent.groupBy({ by: ["status"], where: { shopId }, _count: { _all: true } });
  const byStatus = Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
  const total = groups.reduce((sum, group) => sum + group._count._all, 0);
  const [done, ignored, quarantined] = FINAL.map((status) => byStatus[status] ?? 0) as [number, number, number];
  return { done, ignored, quarantined, unfinished: total - done - ignored - quarantined, total, byStatus };
}

export type DrainResult = { drained: boolean; waitedMs: number; counts: InboxCounts };

const QUIET_MS = 1_000;
const POLL_MS = 200;

/**
 * Waits, at most timeoutMs, until the app is quiet: no unfinished inbox event, and no new one for QUIET_MS (an
 * aborted load run can leave requests the app is still storing after the client gave up on them).
 */
export async function waitForDrain(db: Db, shopId: string, timeoutMs: number): Promise<DrainResult> {
  const start = performance.now();
  let lastTotal = -1;
  let quietSince = start;
  for (;;) {
    const counts = await inboxCounts(db, shopId);
    const now = performance.now();
    if (counts.total !== lastTotal || counts.unfinished > 0) quietSince = now;
    lastTotal = counts.total;
    const waitedMs = now - start;
    if (counts.unfinished === 0 && now - quietSince >= QUIET_MS) return { drained: true, waitedMs, counts };
    if (waitedMs >= timeoutMs) return { drained: false, waitedMs, counts };
    await sleep(POLL_MS);
  }
}
