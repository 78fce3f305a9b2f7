import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planReservation, planShipment, restockable, targetReservation } from "./line-plan";

describe("targetReservation", () => {
  it.each([
    [{ quantity: 3, removedQty: 0, fulfilledQty: 0, channelFulfilledQty: 0 }, "open", 3],
    [{ quantity: 3, removedQty: 1, fulfilledQty: 0, channelFulfilledQty: 0 }, "open", 2],
    [{ quantity: 3, removedQty: 0, fulfilledQty: 2, channelFulfilledQty: 0 }, "open", 1],
    [{ quantity: 3, removedQty: 0, fulfilledQty: 0, channelFulfilledQty: 3 }, "open", 0],
    [{ quantity: 3, removedQty: 0, fulfilledQty: 1, channelFulfilledQty: 2 }, "closed", 1],
    [{ quantity: 3, removedQty: 2, fulfilledQty: 2, channelFulfilledQty: 0 }, "open", 0],
    [{ quantity: 3, removedQty: 0, fulfilledQty: 0, channelFulfilledQty: 0 }, "cancelled", 0],
  ] as const)("%o while %s holds %i", (line, status, expected) => {
    expect(targetReservation(line, status)).toBe(expected);
  });
});

describe("planReservation", () => {
  it.each([
    [
      { target: 5, reserved: 0, available: 10, allowBackorder: false },
      { reserve: 5, release: 0, short: 0 },
    ],
    [
      { target: 5, reserved: 0, available: 3, allowBackorder: false },
      { reserve: 3, release: 0, short: 2 },
    ],
    [
      { target: 5, reserved: 0, available: -4, allowBackorder: false },
      { reserve: 0, release: 0, short: 5 },
    ],
    [
      { target: 5, reserved: 0, available: 3, allowBackorder: true },
      { reserve: 5, release: 0, short: 0 },
    ],
    [
      { target: 5, reserved: 2, available: 1, allowBackorder: false },
      { reserve: 1, release: 0, short: 2 },
    ],
    [
      { target: 1, reserved: 4, available: 0, allowBackorder: false },
      { reserve: 0, release: 3, short: 0 },
    ],
    [
      { target: 2, reserved: 2, available: 0, allowBackorder: false },
      { reserve: 0, release: 0, short: 0 },
    ],
  ])("%o → %o", (input, expected) => {
    expect(planReservation(input)).toEqual(expected);
  });

  it("never takes available below zero without backorders, and always accounts for every unit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: -20, max: 50 }),
        fc.boolean(),
        (target, reserved, available, allowBackorder) => {
          const plan = planReservation({ target, reserved, available, allowBackorder });
          expect(plan.reserve >= 0 && plan.release >= 0 && plan.short >= 0).toBe(true);
          expect(reserved + plan.reserve - plan.release + plan.short).toBe(Math.max(target, reserved - plan.release));
          if (!allowBackorder && plan.reserve > 0) expect(available - plan.reserve).toBeGreaterThanOrEqual(0);
          if (allowBackorder) expect(plan.short).toBe(0);
        },
      ),
    );
  });
});

describe("shipments and restocks", () => {
  it("a shipment consumes at most the reservation", () => {
    expect(planShipment(3, 5)).toEqual({ onHandDelta: -3, committedDelta: -3 });
    expect(planShipment(3, 1)).toEqual({ onHandDelta: -3, committedDelta: -1 });
  });

  it("restocks no more than was shipped and not yet restocked", () => {
    expect(restockable(2, { fulfilledQty: 3, restockedQty: 0 })).toBe(2);
    expect(restockable(5, { fulfilledQty: 3, restockedQty: 2 })).toBe(1);
    expect(restockable(1, { fulfilledQty: 0, restockedQty: 0 })).toBe(0);
  });
});
