import { describe, expect, it } from "vitest";
import type { PushItem } from "../sync/pushers";
import { idempotencyKey } from "./inventory-calls.server";

// The push's idempotency key names one intent: a lost answer's retry gets Shopify's replay, anything else is new.

const item = (listingId: string) => ({ listingId }) as PushItem;
const entry = (listingId: string, from: number, to: number, baseVersion: string) => ({
  item: item(listingId),
  locationId: "7700",
  changeFromQuantity: from,
  quantity: to,
  baseVersion,
});

describe("the inventory push's idempotency key", () => {
  it("is the same for a retry of the same intent", () => {
    const call = [entry("a", 20, 18, "1000/-"), entry("b", 5, 4, "1000/-")];
    expect(idempotencyKey("ch", call)).toBe(idempotencyKey("ch", [...call]));
  });

  it("differs when the same change is made again from a base learnt later", () => {
    // 20 -> 18, back to 20, then 18 again: the third push must be applied, not answered with the first one's result.
    expect(idempotencyKey("ch", [entry("a", 20, 18, "1000/-")])).not.toBe(
      idempotencyKey("ch", [entry("a", 20, 18, "3000/-")]),
    );
  });

  it("follows the order the quantities are sent in, since Shopify refuses a key reused with other arguments", () => {
    const first = entry("a", 20, 18, "1000/-");
    const second = entry("b", 5, 4, "1000/-");
    expect(idempotencyKey("ch", [first, second])).not.toBe(idempotencyKey("ch", [second, first]));
  });
});
