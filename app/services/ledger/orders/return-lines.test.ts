import { describe, expect, it } from "vitest";
import { nextReturnStatus, planReturnLines, type StoredReturnLine } from "./return-lines";

// How a stored return's lines follow what the channel says now, without undoing what was received.

const stored = (id: string, line: Partial<StoredReturnLine>): StoredReturnLine => ({
  id,
  orderLineId: "L1",
  disposition: null,
  quantity: 1,
  receivedQty: 0,
  reason: null,
  condition: null,
  ...line,
});

describe("return lines", () => {
  it("creates the lines of a return seen for the first time, summed per order line and disposition", () => {
    expect(
      planReturnLines(
        [],
        [
          { orderLineId: "L1", disposition: null, quantity: 1, reason: "too small" },
          { orderLineId: "L1", disposition: null, quantity: 2 },
          { orderLineId: "L2", disposition: "dispose", quantity: 1 },
        ],
      ),
    ).toEqual({
      create: [
        { orderLineId: "L1", disposition: null, quantity: 3, reason: "too small", condition: null },
        { orderLineId: "L2", disposition: "dispose", quantity: 1, reason: null, condition: null },
      ],
      update: [],
      delete: [],
    });
  });

  it("changes nothing when the channel says the same again", () => {
    const lines = [
      stored("a", { quantity: 2, reason: "too small" }),
      stored("b", { disposition: "restock", receivedQty: 1 }),
    ];
    expect(
      planReturnLines(lines, [
        { orderLineId: "L1", disposition: null, quantity: 2, reason: "too small" },
        { orderLineId: "L1", disposition: "restock", quantity: 1 },
      ]),
    ).toEqual({ create: [], update: [], delete: [] });
  });

  it("moves units from undecided to restocked and disposed as the channel processes them", () => {
    const plan = planReturnLines(
      [stored("a", { quantity: 3, reason: "too small" })],
      [
        { orderLineId: "L1", disposition: "restock", quantity: 1, reason: "too small" },
        { orderLineId: "L1", disposition: "dispose", quantity: 1, reason: "too small" },
        { orderLineId: "L1", disposition: null, quantity: 1, reason: "too small" },
      ],
    );
    expect(plan).toEqual({
      create: [
        { orderLineId: "L1", disposition: "restock", quantity: 1, reason: "too small", condition: null },
        { orderLineId: "L1", disposition: "dispose", quantity: 1, reason: "too small", condition: null },
      ],
      update: [{ id: "a", quantity: 1, reason: "too small", condition: null }],
      delete: [],
    });
  });

  it("drops lines with nothing left and nothing received, but never below what was received", () => {
    const plan = planReturnLines(
      [
        stored("undecided", { quantity: 2 }),
        stored("restocked", { disposition: "restock", quantity: 2, receivedQty: 2, condition: "as new" }),
      ],
      [{ orderLineId: "L1", disposition: "restock", quantity: 1 }],
    );
    expect(plan).toEqual({ create: [], update: [], delete: ["undecided"] });
  });

  it("keeps a condition and a reason only the ledger knows, and takes the channel's reason when it gives one", () => {
    const lines = [stored("a", { quantity: 1, reason: "merchant's words", condition: "torn" })];
    expect(planReturnLines(lines, [{ orderLineId: "L1", disposition: null, quantity: 2 }]).update).toEqual([
      { id: "a", quantity: 2, reason: "merchant's words", condition: "torn" },
    ]);
    expect(
      planReturnLines(lines, [{ orderLineId: "L1", disposition: null, quantity: 1, reason: "unwanted" }]).update,
    ).toEqual([{ id: "a", quantity: 1, reason: "unwanted", condition: "torn" }]);
  });

  it("spreads a wanted quantity over duplicate stored lines: received units first, the rest on the first line", () => {
    const plan = planReturnLines(
      [
        stored("b", { disposition: "restock", quantity: 1, receivedQty: 1 }),
        stored("a", { disposition: "restock", quantity: 2 }),
      ],
      [{ orderLineId: "L1", disposition: "restock", quantity: 4 }],
    );
    expect(plan).toEqual({
      create: [],
      update: [{ id: "b", quantity: 4, reason: null, condition: null }],
      delete: ["a"],
    });
  });

  it("keeps a refunded return refunded when the channel reports it received", () => {
    expect(nextReturnStatus("refunded", "received")).toBe("refunded");
    expect(nextReturnStatus("refunded", "closed")).toBe("closed");
    expect(nextReturnStatus("approved", "received")).toBe("received");
  });
});
