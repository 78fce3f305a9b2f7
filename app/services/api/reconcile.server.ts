import type { JobQueue } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { enqueueReconcile, reconcileJobId } from "../sync/reconcile-jobs.server";
import { readReconcileReport } from "../sync/reconcile-report.server";
import { whyNotReconcilable } from "../sync/reconcile.server";
import type { ApiAuth } from "./auth.server";
import { ApiError, notFound } from "./errors.server";
import {
  toApiReconcileReport,
  type ReconcileAcceptedResponse,
  type ReconcileStatusResponse,
} from "./reconcile-schemas";

// Reconciliation through the REST API: queued as the channel's own job (a whole store takes tens of seconds to read,
// longer than a request should wait), and its last report read back. A key only reaches its own shop's channels.

async function requireChannel(db: Db, auth: ApiAuth, channelId: string) {
  const channel = await db.channel.findFirst({
    where: { id: channelId, shopId: auth.shopId },
    select: { id: true, name: true, kind: true, status: true, settings: true },
  });
  if (!channel) throw notFound("Channel");
  return channel;
}

const lastReport = (settings: unknown) => {
  const report = readReconcileReport(settings);
  return report ? toApiReconcileReport(report) : null;
};

export async function queueApiReconcile(
  db: Db,
  queue: JobQueue,
  auth: ApiAuth,
  channelId: string,
): Promise<ReconcileAcceptedResponse> {
  const channel = await requireChannel(db, auth, channelId);
  const refusal = whyNotReconcilable(channel);
  if (refusal) throw new ApiError(409, "channel_state_conflict", `The channel cannot be reconciled now: ${refusal}`);
  await enqueueReconcile(queue, channel.id);
  return {
    data: {
      channel_id: channel.id,
      job_id: reconcileJobId(channel.id),
      status: "queued",
      last_report: lastReport(channel.settings),
    },
  };
}

export async function getApiReconcile(db: Db, auth: ApiAuth, channelId: string): Promise<ReconcileStatusResponse> {
  const channel = await requireChannel(db, auth, channelId);
  return { data: { channel_id: channel.id, last_report: lastReport(channel.settings) } };
}
