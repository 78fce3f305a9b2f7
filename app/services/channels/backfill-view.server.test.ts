import { describe, expect, it } from "vitest";
import { newBackfillProgress } from "../shopify/backfill-progress.server";
import { backfillView } from "./backfill-view.server";

describe("backfill progress on the channels screen", () => {
  const started = newBackfillProgress(30, new Date("2026-11-01T00:00:00Z"));

  it("shows nothing for a channel that never backfilled", () => {
    expect(backfillView(null)).toBeNull();
    expect(backfillView({ backfill: { status: "nonsense" } })).toBeNull();
  });

  it("grows with the phases and reads 100 % when done", () => {
    expect(backfillView({ backfill: started })).toMatchObject({ status: "running", percent: 0, days: 30 });
    const orders = backfillView({ backfill: { ...started, phase: "orders", processed: 50, total: 100 } });
    expect(orders).toMatchObject({ label: "Importing orders", percent: 70 });
    const done = backfillView({ backfill: { ...started, phase: "done", status: "done" } });
    expect(done).toMatchObject({ label: "Done", percent: 100 });
  });

  it("says where a failed run stopped and why", () => {
    const failed = backfillView({ backfill: { ...started, phase: "stock", status: "failed", error: "HTTP 503" } });
    expect(failed).toMatchObject({ label: "Stopped while reading stock levels", error: "HTTP 503", percent: 40 });
  });
});
