import { describe, expect, it } from "vitest";
import { shopifyFixture } from "../../test/support/shopify-fixtures";
import { parseRefundWebhook } from "./parse-refund";

// Which refund lines restock (ADR 0009): a return owns the restock of its units, so only refunds without a return do.

function restocks(restockType: string | null | undefined, refundWide?: boolean) {
  const payload = shopifyFixture("refunds-create");
  const [first] = payload.refund_line_items as Record<string, unknown>[];
  const event = parseRefundWebhook({
    ...payload,
    restock: refundWide ?? null,
    refund_line_items: [{ ...first, restock_type: restockType }],
  });
  if (event.type !== "refund.created") throw new Error(`expected a refund, got ${event.type}`);
  return event.lines[0]!.restock;
}

describe("refunds/create restock rule", () => {
  it("restocks refunds without a return, and never units that came back through one", () => {
    expect(restocks("legacy_restock")).toBe(true);
    expect(restocks("cancel")).toBe(true);
    expect(restocks("return", true)).toBe(false);
    expect(restocks("no_restock", true)).toBe(false);
  });

  it("falls back to the refund-wide flag for a line without a type, or with a type Shopify adds later", () => {
    expect(restocks(undefined, true)).toBe(true);
    expect(restocks(null, false)).toBe(false);
    expect(restocks("", true)).toBe(true);
    expect(restocks("exchange_restock", true)).toBe(true);
    expect(restocks("exchange_restock", false)).toBe(false);
  });
});
