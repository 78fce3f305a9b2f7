import { describe, expect, it } from "vitest";
import { mapShopifyReturn } from "./map-return";
import type { ShopifyReturn } from "./read-return";

// A Shopify return in the ledger's words: its status, and its units told apart by what became of them.

const at = new Date("2026-11-26T12:00:00Z");
const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

function line(id: number, lineItemId: number, fulfillmentLineItemId: number, quantity: number, processed = 0) {
  return {
    id: gid("ReturnLineItem", id),
    quantity,
    processedQuantity: processed,
    returnReason: "SIZE_TOO_SMALL",
    returnReasonNote: "",
    fulfillmentLineItem: {
      id: gid("FulfillmentLineItem", fulfillmentLineItemId),
      lineItem: { id: gid("LineItem", lineItemId) },
    },
  };
}

function reverse(id: number, fulfillmentLineItemId: number, dispositions: [string, number][]) {
  return {
    id: gid("ReverseFulfillmentOrderLineItem", id),
    reverseOrderId: gid("ReverseFulfillmentOrder", 1),
    fulfillmentLineItem: { id: gid("FulfillmentLineItem", fulfillmentLineItemId) },
    dispositions: dispositions.map(([type, quantity]) => ({ type, quantity })),
  };
}

const found = (patch: Partial<ShopifyReturn>): ShopifyReturn => ({
  id: "900",
  name: "#1001-R1",
  status: "OPEN",
  orderId: "1001",
  lines: [line(1, 11, 21, 2)],
  reverseLines: [reverse(31, 21, [])],
  ...patch,
});

describe("mapping a Shopify return", () => {
  it("names each status in the ledger's words: open is approved until something is processed", () => {
    const status = (patch: Partial<ShopifyReturn>) => mapShopifyReturn(found(patch), at).status;
    expect(status({ status: "REQUESTED" })).toBe("requested");
    expect(status({ status: "OPEN" })).toBe("approved");
    expect(status({ status: "OPEN", lines: [line(1, 11, 21, 2, 1)] })).toBe("received");
    expect(status({ status: "CLOSED" })).toBe("closed");
    expect(status({ status: "DECLINED" })).toBe("declined");
    expect(status({ status: "CANCELED" })).toBe("cancelled");
  });

  it("splits a line into restocked, disposed and undecided units, and sums lines of one order line", () => {
    const mapped = mapShopifyReturn(
      found({
        lines: [line(1, 11, 21, 3, 3), line(2, 11, 22, 2, 1), line(3, 12, 23, 1, 1)],
        reverseLines: [
          reverse(31, 21, [
            ["RESTOCKED", 1],
            ["MISSING", 1],
            ["PROCESSING_REQUIRED", 1],
          ]),
          reverse(32, 22, [["RESTOCKED", 1]]),
          reverse(33, 23, [["NOT_RESTOCKED", 1]]),
        ],
      }),
      at,
    );
    expect(mapped).toEqual({
      type: "return.changed",
      orderExternalId: "1001",
      returnExternalId: "900",
      status: "received",
      lines: [
        { lineExternalId: "11", quantity: 2, disposition: "restock", reason: "size too small" },
        { lineExternalId: "11", quantity: 1, disposition: "dispose", reason: "size too small" },
        { lineExternalId: "11", quantity: 2, disposition: undefined, reason: "size too small" },
        { lineExternalId: "12", quantity: 1, disposition: "dispose", reason: "size too small" },
      ],
      updatedAt: at,
    });
  });

  it("shares a fulfillment line item's dispositions among the return lines that name it, never counting one twice", () => {
    const mapped = mapShopifyReturn(
      found({
        lines: [line(1, 11, 21, 1, 1), line(2, 11, 21, 1, 1)],
        reverseLines: [reverse(31, 21, [["RESTOCKED", 1]])],
      }),
      at,
    );
    expect(mapped.lines.map((entry) => [entry.quantity, entry.disposition])).toEqual([
      [1, "restock"],
      [1, undefined],
    ]);
  });

  it("prefers the merchant's note as the reason, leaves out an unknown reason, and skips unverified lines", () => {
    const noted = { ...line(1, 11, 21, 1), returnReasonNote: "  Wrong colour  " };
    const unknown = { ...line(2, 12, 22, 1), returnReason: "UNKNOWN" };
    const unverified = { id: gid("UnverifiedReturnLineItem", 3), quantity: 1, processedQuantity: 0 };
    const mapped = mapShopifyReturn(found({ lines: [noted, unknown, unverified], reverseLines: [] }), at);
    expect(mapped.lines).toEqual([
      { lineExternalId: "11", quantity: 1, disposition: undefined, reason: "Wrong colour" },
      { lineExternalId: "12", quantity: 1, disposition: undefined },
    ]);
  });
});
