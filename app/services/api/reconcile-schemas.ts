import { z } from "zod";
import type { ReconcileReport } from "../sync/reconcile-report.server";
import { responseSchemas } from "./schemas";

// The REST shape of a channel's reconciliation: queued on demand (202), and its last report (see
// app/services/sync/reconcile-report.server.ts), in the API's snake_case.

const count = z.number().int().min(0);

export const ApiReconcileReportSchema = z
  .object({
    status: z.enum(["done", "failed"]),
    started_at: z.iso.datetime(),
    finished_at: z.iso.datetime(),
    listings: count.meta({ description: "Every listing of the channel." }),
    read: count.meta({ description: "Stock figures the channel returned." }),
    matched: count.meta({ description: "Listings whose figures are what the ledger wants the channel to show." }),
    drifted: count.meta({
      description: "Listings showing something else; each has a drift record with its likely cause.",
    }),
    missing: count.meta({ description: "Listings the channel no longer has at any of its sellable locations; kept." }),
    skipped: count.meta({ description: "Listings being pushed or planned while the channel was read." }),
    unlinked: count.meta({ description: "Listings not linked to a channel record: nothing to read." }),
    queued: count.meta({ description: "Ledger as stock master: drifted listings queued to be set back." }),
    imported: count.meta({ description: "Channel as stock master: drifted figures imported as adjustments." }),
    duration_ms: count,
    calls: count.meta({ description: "Calls made to the channel." }),
    missing_sample: z
      .array(z.object({ listing_id: z.string(), external_inventory_item_id: z.string() }))
      .meta({ description: "Up to 20 of the missing listings." }),
    error: z.string().nullable().meta({ description: "Why a failed reconciliation stopped." }),
  })
  .register(responseSchemas, { id: "ReconcileReport" });
export type ApiReconcileReport = z.infer<typeof ApiReconcileReportSchema>;

export const ReconcileAcceptedResponseSchema = z
  .object({
    data: z.object({
      channel_id: z.string(),
      job_id: z
        .string()
        .meta({ description: "One per channel: asking again while it waits or runs queues nothing more." }),
      status: z.literal("queued"),
      last_report: ApiReconcileReportSchema.nullable(),
    }),
  })
  .register(responseSchemas, { id: "ReconcileAccepted" });
export type ReconcileAcceptedResponse = z.infer<typeof ReconcileAcceptedResponseSchema>;

export const ReconcileStatusResponseSchema = z
  .object({ data: z.object({ channel_id: z.string(), last_report: ApiReconcileReportSchema.nullable() }) })
  .register(responseSchemas, { id: "ReconcileStatus" });
export type ReconcileStatusResponse = z.infer<typeof ReconcileStatusResponseSchema>;

export function toApiReconcileReport(report: ReconcileReport): ApiReconcileReport {
  return {
    status: report.status,
    started_at: report.startedAt,
    finished_at: report.finishedAt,
    listings: report.listings,
    read: report.read,
    matched: report.matched,
    drifted: report.drifted,
    missing: report.missing,
    skipped: report.skipped,
    unlinked: report.unlinked,
    queued: report.queued,
    imported: report.imported,
    duration_ms: report.durationMs,
    calls: report.calls,
    missing_sample: report.missingSample.map((entry) => ({
      listing_id: entry.listingId,
      external_inventory_item_id: entry.ref,
    })),
    error: report.error,
  };
}
