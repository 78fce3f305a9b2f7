import { describe, expect, it } from "vitest";
import { OrderActionError } from "./errors";
import { leftToShip, planFulfilment, type PlannableLine } from "./fulfil-plan";

const line = (id: string, fields: Partial<PlannableLine> = {}): PlannableLine => ({
  id,
  title: `Item ${id}`,
  itemId: `item-${id}`,
  locationId: "warehouse",
  quantity: 3,
  removedQty: 0,
  fulfilledQty: 0,
  channelFulfilledQty: 0,
  ...fields,
});

const order = (lines: PlannableLine[], status = "open") => ({ name: "#1001", status, lines });

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof OrderActionError) return { code: error.code, message: error.message, path: error.path };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("leftToShip", () => {
  it("counts what is ordered, not removed, and shipped by neither the ledger nor the channel", () => {
    expect(leftToShip({ quantity: 5, removedQty: 1, fulfilledQty: 1, channelFulfilledQty: 0 })).toBe(3);
    // The channel reported two shipped before its fulfilment reached the ledger: they are not shipped again.
    expect(leftToShip({ quantity: 5, removedQty: 0, fulfilledQty: 1, channelFulfilledQty: 2 })).toBe(3);
    expect(leftToShip({ quantity: 2, removedQty: 2, fulfilledQty: 0, channelFulfilledQty: 0 })).toBe(0);
  });
});

describe("planFulfilment", () => {
  it("ships from the location holding the lines' reservations", () => {
    const plan = planFulfilment(order([line("a"), line("b")]), {
      lines: [
        { lineId: "a", quantity: 3 },
        { lineId: "b", quantity: 1 },
      ],
    });
    expect(plan.fromLocationId).toBe("warehouse");
    expect(plan.lines.map(({ line, quantity }) => [line.id, quantity])).toEqual([
      ["a", 3],
      ["b", 1],
    ]);
  });

  it("ships lines held at several locations from the one named", () => {
    const plan = planFulfilment(order([line("a"), line("b", { locationId: "store" })]), {
      locationId: "store",
      lines: [
        { lineId: "a", quantity: 1 },
        { lineId: "b", quantity: 1 },
      ],
    });
    expect(plan.fromLocationId).toBe("store");
  });

  it.each([
    [
      "more units than are left",
      [line("a", { fulfilledQty: 2 })],
      [{ lineId: "a", quantity: 2 }],
      "invalid",
      ["lines", 0, "quantity"],
      'Line "Item a" has only 1 unit(s) left to fulfil',
    ],
    [
      "units the channel already shipped",
      [line("a", { channelFulfilledQty: 3 })],
      [{ lineId: "a", quantity: 1 }],
      "invalid",
      ["lines", 0, "quantity"],
      'Line "Item a" has nothing left to fulfil',
    ],
    [
      "a line of another order",
      [line("a")],
      [{ lineId: "x", quantity: 1 }],
      "invalid",
      ["lines", 0, "lineId"],
      "Line x is not on order #1001",
    ],
    [
      "a line given twice",
      [line("a")],
      [
        { lineId: "a", quantity: 1 },
        { lineId: "a", quantity: 1 },
      ],
      "invalid",
      ["lines", 1, "lineId"],
      'Line "Item a" is listed twice; give its units once',
    ],
    [
      "a line without an inventory item",
      [line("a", { itemId: null })],
      [{ lineId: "a", quantity: 1 }],
      "invalid",
      ["lines", 0, "lineId"],
      'Line "Item a" is not linked to an inventory item; map its SKU before fulfilling it',
    ],
    [
      "lines held at two locations",
      [line("a"), line("b", { locationId: "store" })],
      [
        { lineId: "a", quantity: 1 },
        { lineId: "b", quantity: 1 },
      ],
      "invalid",
      ["locationId"],
      expect.stringContaining("held at different locations"),
    ],
  ])("refuses %s, naming the field", (_name, lines, requested, code, path, message) => {
    expect(refusal(() => planFulfilment(order(lines), { lines: requested }))).toEqual({ code, path, message });
  });

  it("refuses a cancelled order as a conflict", () => {
    expect(
      refusal(() => planFulfilment(order([line("a")], "cancelled"), { lines: [{ lineId: "a", quantity: 1 }] })),
    ).toEqual({
      code: "conflict",
      path: [],
      message: "Order #1001 is cancelled: there is nothing to fulfil",
    });
  });
});
