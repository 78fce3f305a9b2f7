import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./backoff.ts";

describe("retryDelayMs", () => {
  it("doubles the ceiling with every failed attempt and draws from its upper half", () => {
    expect([1, 2, 3, 4].map((failed) => retryDelayMs(1000, failed, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((failed) => retryDelayMs(1000, failed, () => 0.999999))).toEqual([1000, 2000, 4000, 8000]);
  });

  it("stays within bounds for random draws", () => {
    for (let i = 0; i < 200; i += 1) {
      const delay = retryDelayMs(100, 3);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });

  it("caps the delay at fifteen minutes and treats a zero base as an immediate retry", () => {
    expect(retryDelayMs(1000, 40, () => 1)).toBe(15 * 60_000);
    expect(retryDelayMs(0, 3)).toBe(0);
  });
});
