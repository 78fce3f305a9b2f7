import { describe, expect, it } from "vitest";
import { returnableQuantity } from "./returnable";

describe("returnableQuantity", () => {
  it("counts shipped units not on a live return nor restocked by a refund", () => {
    expect(returnableQuantity({ fulfilledQty: 3, restockedQty: 0 }, [])).toBe(3);
    expect(
      returnableQuantity({ fulfilledQty: 3, restockedQty: 1 }, [
        { quantity: 1, receivedQty: 1, disposition: "restock" },
      ]),
    ).toBe(2);
    expect(returnableQuantity({ fulfilledQty: 3, restockedQty: 2 }, [])).toBe(1);
    expect(
      returnableQuantity({ fulfilledQty: 1, restockedQty: 0 }, [{ quantity: 2, receivedQty: 0, disposition: null }]),
    ).toBe(0);
  });
});
