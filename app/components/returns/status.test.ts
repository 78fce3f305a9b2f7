import { describe, expect, it } from "vitest";
import { channelStateText, returnProgress } from "./status";

const opened = "2026-01-01T00:00:00.000Z";
const states = (steps: ReturnType<typeof returnProgress>) => steps.map((step) => `${step.key}:${step.state}`);

describe("returnProgress", () => {
  it("shows a fresh request with everything still to come", () => {
    expect(states(returnProgress("requested", opened, []))).toEqual([
      "requested:current",
      "approved:upcoming",
      "in_transit:upcoming",
      "received:upcoming",
      "refunded:upcoming",
      "closed:upcoming",
    ]);
  });

  it("marks the optional steps a return went past as skipped, and those it took as done with their time", () => {
    const steps = returnProgress("closed", opened, [
      { from: "approved", to: "in_transit", createdAt: "2026-01-02T00:00:00.000Z" },
      { from: "received", to: "closed", createdAt: "2026-01-05T00:00:00.000Z" },
    ]);
    expect(states(steps)).toEqual([
      "requested:done",
      "approved:done",
      "in_transit:done",
      "received:done",
      "refunded:skipped",
      "closed:current",
    ]);
    expect(steps.find((step) => step.key === "in_transit")?.at).toBe("2026-01-02T00:00:00.000Z");
    expect(steps.find((step) => step.key === "requested")?.at).toBe(opened);
    expect(steps.find((step) => step.key === "refunded")?.at).toBeNull();
  });

  it("counts a refund known only from the status it was closed from", () => {
    const steps = returnProgress("closed", opened, [
      { from: "refunded", to: "closed", createdAt: "2026-01-05T00:00:00.000Z" },
    ]);
    expect(states(steps)).toContain("refunded:done");
    expect(states(steps)).toContain("in_transit:skipped");
  });

  it("ends a declined or cancelled return where it stopped", () => {
    expect(states(returnProgress("declined", opened, []))).toEqual(["requested:done", "declined:current"]);
    expect(states(returnProgress("cancelled", opened, []))).toEqual(["requested:done", "cancelled:current"]);
  });
});

describe("channelStateText", () => {
  it("says whether the channel has the return", () => {
    expect(channelStateText("synced", "Shopify")).toEqual({ text: "Shopify has it", tone: "success" });
    expect(channelStateText("failed", "Shopify").tone).toBe("critical");
    expect(channelStateText("not_applicable", "Demo").text).toContain("ChannelLedger only");
  });
});
