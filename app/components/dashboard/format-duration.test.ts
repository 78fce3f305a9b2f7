import { describe, expect, it } from "vitest";
import { formatDuration, formatPercent } from "./format-duration";

const MINUTE = 60_000;

describe("formatDuration", () => {
  it("says minutes under an hour, hours and minutes under a day, then days and hours", () => {
    expect(formatDuration(0)).toBe("0 min");
    expect(formatDuration(45 * MINUTE)).toBe("45 min");
    expect(formatDuration(200 * MINUTE)).toBe("3 h 20 min");
    expect(formatDuration(6 * 60 * MINUTE)).toBe("6 h");
    expect(formatDuration((52 * 60 + 10) * MINUTE)).toBe("2 d 4 h");
    expect(formatDuration(48 * 60 * MINUTE)).toBe("2 d");
  });

  it("rounds up to the next unit rather than saying 60 min or 24 h", () => {
    expect(formatDuration((2 * 60 + 59.8) * MINUTE)).toBe("3 h");
    expect(formatDuration((47 * 60 + 50) * MINUTE)).toBe("2 d");
  });
});

describe("formatPercent", () => {
  it("keeps a decimal for small rates", () => {
    expect(formatPercent(0.2)).toBe("20%");
    expect(formatPercent(0.034)).toBe("3.4%");
    expect(formatPercent(0)).toBe("0%");
  });
});
