import { describe, expect, it } from "vitest";
import { DRIFT_DEGRADED_PER_DAY, LAG_DEGRADED_MS, LAG_FAILING_MS, syncHealth, type HealthInput } from "./status-health";

const calm: HealthInput = {
  status: "connected",
  waiting: 0,
  failed: 0,
  dead: 0,
  lagMs: 0,
  drift24h: 0,
  reconcileError: null,
  lastPushAt: new Date("2026-11-20T12:00:00Z"),
};

describe("sync health", () => {
  it("is healthy while everything pushes in time", () => {
    expect(syncHealth(calm)).toEqual({ level: "healthy", reason: "The channel shows the ledger's quantities" });
    expect(syncHealth({ ...calm, waiting: 3, lagMs: 2_000 })).toEqual({
      level: "healthy",
      reason: "Pushing 3 changes",
    });
    expect(syncHealth({ ...calm, lastPushAt: null }).reason).toBe("Nothing to push yet");
  });

  it("is degraded by failures being retried, lag, a failed reconciliation or a lot of drift", () => {
    expect(syncHealth({ ...calm, failed: 1 })).toEqual({
      level: "degraded",
      reason: "1 listing failed to push and will be retried",
    });
    expect(syncHealth({ ...calm, waiting: 1, lagMs: LAG_DEGRADED_MS + 60_000 })).toEqual({
      level: "degraded",
      reason: "Pushes are running behind: a change has waited 6 minutes",
    });
    expect(syncHealth({ ...calm, reconcileError: "HTTP 503" }).level).toBe("degraded");
    expect(syncHealth({ ...calm, drift24h: DRIFT_DEGRADED_PER_DAY - 1 }).level).toBe("healthy");
    expect(syncHealth({ ...calm, drift24h: DRIFT_DEGRADED_PER_DAY }).reason).toBe(
      "10 drifts in 24 hours: stock keeps being changed on the channel",
    );
  });

  it("is failing with dead letters or when nothing gets through", () => {
    expect(syncHealth({ ...calm, failed: 4, dead: 1 })).toEqual({
      level: "failing",
      reason: "1 listing parked after failed pushes: retry them",
    });
    expect(syncHealth({ ...calm, failed: 4, lagMs: 3 * 60 * 60_000 })).toEqual({
      level: "failing",
      reason: "Pushes are not getting through: a change has waited 3 hours",
    });
    expect(syncHealth({ ...calm, lagMs: LAG_FAILING_MS }).level).toBe("failing");
  });

  it("says why a channel that is not connected is not pushed, without alarming on its queue", () => {
    const stuck = { failed: 2, lagMs: LAG_FAILING_MS * 10, dead: 3 };
    expect(syncHealth({ ...calm, ...stuck, status: "demo" }).level).toBe("healthy");
    expect(syncHealth({ ...calm, ...stuck, status: "disconnected" })).toEqual({
      level: "degraded",
      reason: "Disconnected: stock is not pushed",
    });
    expect(syncHealth({ ...calm, ...stuck, status: "error" }).level).toBe("failing");
  });
});
