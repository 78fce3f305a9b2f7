import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sellableQuantity } from "./sellable";
import { splitByLocation } from "./split-by-location";

const NONE = { safetyStock: 0, percentOfAvailable: 100, maxQuantity: null, minQuantity: 0 };

describe("splitByLocation", () => {
  it.each([
    ["one location", 9, [9], [9]],
    ["one location, rules reduce it", 7, [9], [7]],
    ["no locations", 5, [], []],
    ["two locations: each its own available", 53, [45, 8], [45, 8]],
    ["two locations: the reduction comes off the largest", 48, [45, 8], [40, 8]],
    ["the largest may be second in line", 48, [8, 45], [8, 40]],
    ["a reduction larger than the largest empties it, then the next", 5, [6, 4], [1, 4]],
    ["a reduction down to 0", 0, [45, 8], [0, 0]],
    ["zero stock everywhere", 0, [0, 0], [0, 0]],
    ["a tie: the earlier location gives first", 6, [4, 4], [2, 4]],
    ["negative available counts as 0", 10, [-3, 13], [0, 10]],
    ["negative everywhere", 0, [-2, -5], [0, 0]],
    ["a quantity above the sum: the rest goes to the location with the most", 12, [3, 7], [3, 9]],
    ["a quantity above the sum, nothing anywhere: the first location", 2, [0, 0], [2, 0]],
    ["a negative quantity shows nothing", -4, [3, 1], [0, 0]],
    ["three locations, the reduction spans two", 10, [5, 9, 7], [5, 0, 5]],
  ])("%s: %i over %j → %j", (_label, quantity, available, expected) => {
    expect(splitByLocation(quantity, available)).toEqual(expected);
  });

  it.each([
    ["safety stock", { ...NONE, safetyStock: 5 }, [40, 8]],
    ["percentage", { ...NONE, percentOfAvailable: 50 }, [18, 8]],
    ["maximum", { ...NONE, maxQuantity: 10 }, [2, 8]],
    ["minimum not met", { ...NONE, minQuantity: 60 }, [0, 0]],
  ])("the channel's rules (%s) come off the largest location: 45 + 8", (_label, rules, expected) => {
    expect(splitByLocation(sellableQuantity(45 + 8, rules), [45, 8])).toEqual(expected);
  });

  it("sums to the quantity, never goes negative, and never gives a location more than it has when reducing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.integer({ min: -50, max: 500 }), { minLength: 1, maxLength: 6 }),
        (quantity, available) => {
          const shares = splitByLocation(quantity, available);
          expect(shares).toHaveLength(available.length);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(quantity);
          for (const share of shares) expect(share).toBeGreaterThanOrEqual(0);
          const sum = available.reduce((total, units) => total + Math.max(0, units), 0);
          if (quantity <= sum) {
            for (const [index, share] of shares.entries())
              expect(share).toBeLessThanOrEqual(Math.max(0, available[index]!));
          }
        },
      ),
    );
  });
});
