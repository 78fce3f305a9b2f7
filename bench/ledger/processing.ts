// Processing throughput: N fresh orders posted as fast as the app accepts them (closed loop), timed from the first
// post until every one of them is "done" in the inbox, polled with the benchmark's own database client.
import { performance } from "node:perf_hooks";
import type { Db } from "../../app/db.server.ts";
import { runClosedLoop, type ClosedLoopRun } from "../lib/closed-loop.ts";
import type { Target } from "../lib/http-client.ts";
import { sleep } from "../lib/sleep.ts";
import { inboxCounts, type InboxCounts } from "./inbox-status.ts";
import { prepareOrderWebhooks, type OrderWebhookFactory } from "./order-webhooks.ts";
import type { LedgerSettings } from "./settings.ts";

export type ProcessingFigures = {
  orders: number;
  accepted: number;
  /** First post to the last acknowledgement. */
  ackMs: number;
  /** First post to the poll that found all accepted orders done. */
  doneMs: number;
  /** After the last acknowledgement, until all were done. */
  tailMs: number;
  ordersPerSecond: number;
  ackPerSecond: number;
};

export type ProcessingRun = {
  figures: ProcessingFigures;
  complete: boolean;
  /** Inbox counts for the shop when the run ended (quarantined ones would be listed here). */
  inboxAtEnd: InboxCounts;
  ack: ClosedLoopRun;
  /** [ms since the first post, orders of this run done] at each poll. */
  timeline: [number, number][];
};

export async function measureProcessing(
  target: Target,
  db: Db,
  shopId: string,
  factory: OrderWebhookFactory,
  settings: LedgerSettings,
): Promise<ProcessingRun> {
  const { orders, connections, maxWaitMs, pollMs } = settings.processing;
  const before = await inboxCounts(db, shopId);
  const requests = prepareOrderWebhooks(factory, orders);
  let index = 0;
  const start = performance.now();
  let ack: ClosedLoopRun | undefined;
  const posting = runClosedLoop(target, {
    connections,
    durationMs: maxWaitMs,
    next: () => requests[index++],
    maxRequests: orders,
    timeoutMs: settings.requestTimeoutMs,
  }).then((result) => (ack = result));

  const timeline: [number, number][] = [];
  let counts = before;
  let doneAt = Number.NaN;
  while (performance.now() - start < maxWaitMs) {
    await sleep(pollMs);
    counts = await inboxCounts(db, shopId);
    const now = performance.now();
    const done = counts.done - before.done;
    timeline.push([Math.round(now - start), done]);
    if (ack && done >= ack.figures.ok) {
      doneAt = now;
      break;
    }
    // Nothing left to do, yet not all done: some were quarantined or ignored; the run ends here, incomplete.
    if (ack && counts.unfinished === 0) break;
  }
  const acknowledged = ack ?? (await posting);
  const complete = !Number.isNaN(doneAt);
  const endedAt = complete ? doneAt : performance.now();
  const doneCount = counts.done - before.done;
  const ackMs = acknowledged.lastAnswerAt - start;
  return {
    figures: {
      orders,
      accepted: acknowledged.figures.ok,
      ackMs,
      doneMs: endedAt - start,
      tailMs: endedAt - acknowledged.lastAnswerAt,
      ordersPerSecond: ((complete ? acknowledged.figures.ok : doneCount) * 1000) / (endedAt - start),
      ackPerSecond: (acknowledged.figures.ok * 1000) / ackMs,
    },
    complete,
    inboxAtEnd: counts,
    ack: acknowledged,
    timeline,
  };
}
