import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sellableQuantity } from "./sellable";

const NONE = { safetyStock: 0, percentOfAvailable: 100, maxQuantity: null, minQuantity: 0 };

describe("sellableQuantity", () => {
  it.each([
    ["no rules", 10, NONE, 10],
    ["negative available shows 0", -3, NONE, 0],
    ["safety stock", 10, { ...NONE, safetyStock: 3 }, 7],
    ["safety stock above available", 2, { ...NONE, safetyStock: 3 }, 0],
    ["percentage rounds down", 10, { ...NONE, percentOfAvailable: 33 }, 3],
    ["percentage of what is left after safety stock", 10, { ...NONE, safetyStock: 2, percentOfAvailable: 50 }, 4],
    ["maximum", 100, { ...NONE, maxQuantity: 25 }, 25],
    ["minimum: below it the channel shows 0", 4, { ...NONE, minQuantity: 5 }, 0],
    ["minimum met", 5, { ...NONE, minQuantity: 5 }, 5],
    ["all rules", 40, { safetyStock: 4, percentOfAvailable: 50, maxQuantity: 15, minQuantity: 3 }, 15],
    ["0% share", 40, { ...NONE, percentOfAvailable: 0 }, 0],
  ])("%s: %i available → %i", (_label, available, rules, expected) => {
    expect(sellableQuantity(available, rules)).toBe(expected);
  });

  it("is never negative and never above available", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.record({
          safetyStock: fc.integer({ min: 0, max: 100 }),
          percentOfAvailable: fc.integer({ min: 0, max: 100 }),
          maxQuantity: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
          minQuantity: fc.integer({ min: 0, max: 50 }),
        }),
        (available, rules) => {
          const sellable = sellableQuantity(available, rules);
          expect(sellable).toBeGreaterThanOrEqual(0);
          expect(sellable).toBeLessThanOrEqual(Math.max(0, available));
        },
      ),
    );
  });
});
