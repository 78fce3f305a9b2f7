import { createHash, timingSafeEqual } from "node:crypto";
import type { JobQueue } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { renderExposition } from "./exposition";
import { ledgerMetrics, queueMetrics } from "./ledger-metrics.server";
import { processMetrics } from "./process-metrics.server";

export { EXPOSITION_CONTENT_TYPE } from "./exposition";

/** The whole /metrics page: ledger and sync figures across shops, the job queue, the process. */
export async function renderMetrics(db: Db, queue?: JobQueue): Promise<string> {
  const [ledger, jobs, runtime] = await Promise.all([
    ledgerMetrics(db),
    queue ? queueMetrics(queue) : Promise.resolve([]),
    processMetrics(),
  ]);
  return renderExposition([...ledger, ...jobs, ...runtime]);
}

/**
 * Whether an Authorization header carries the metrics token. Both sides are hashed first, so the comparison takes
 * the same time whatever the token's length or how much of it matches.
 */
export function metricsTokenMatches(authorization: string | null, token: string): boolean {
  const given = /^Bearer +(\S+) *$/i.exec(authorization ?? "")?.[1];
  const digest = (value: string) => createHash("sha256").update(value).digest();
  const same = timingSafeEqual(digest(given ?? ""), digest(token));
  return given !== undefined && same;
}
