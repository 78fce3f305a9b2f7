import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { wooFixture as fixture } from "../../test/fixtures/woocommerce/fixtures";
import type { ChannelEvent } from "../events";
import { wooParser } from "./parser";

// Orders: every WooCommerce status to the ledger's, the snapshot's fields, the completion as a shipment, and the
// payloads that must be quarantined with the field named.

function events(topic: string, payload: unknown): ChannelEvent[] {
  const parsed = wooParser.parseWebhook(topic, payload);
  if (!("events" in parsed)) throw new Error(`expected events, got ${parsed.ignored}`);
  return parsed.events;
}

function snapshot(payload: unknown, topic = "order.updated") {
  const [first] = events(topic, payload);
  if (first?.type !== "order.upserted") throw new Error(`expected order.upserted, got ${first?.type}`);
  return first.order;
}

function zodIssue(payload: unknown, topic = "order.updated") {
  try {
    wooParser.parseWebhook(topic, payload);
  } catch (error) {
    expect(error).toBeInstanceOf(ZodError);
    const [issue] = (error as ZodError).issues;
    return { path: issue!.path.join("."), message: issue!.message };
  }
  throw new Error("expected a ZodError");
}

describe("an order snapshot", () => {
  it("reads order.updated (processing) with exact money, billing as the customer and blank SKUs as none", () => {
    expect(events("order.updated", fixture("order-updated"))).toEqual([
      {
        type: "order.upserted",
        order: {
          externalId: "727",
          name: "#727",
          channelUpdatedAt: new Date("2017-03-22T19:28:08.400Z"), // processing, no refunds
          placedAt: new Date("2017-03-22T19:28:02Z"),
          status: "open",
          financialStatus: "paid",
          currency: "USD",
          totalMinor: 2935,
          customer: { name: "John Doe", email: "john.doe@example.com" },
          shippingAddress: {
            first_name: "John",
            last_name: "Doe",
            address_1: "969 Market",
            city: "San Francisco",
            state: "CA",
            postcode: "94103",
            country: "US",
          },
          lines: [
            {
              externalId: "315",
              sku: null,
              title: "Woo Single #1",
              quantity: 2,
              priceMinor: 300,
              fulfilledQuantity: 0,
              removedQuantity: 0,
            },
            {
              externalId: "316",
              sku: "Bar3",
              title: "Ship Your Idea – Color: Black, Size: M Test",
              quantity: 1,
              priceMinor: 1200,
              fulfilledQuantity: 0,
              removedQuantity: 0,
            },
          ],
        },
      },
    ]);
  });

  it("reserves a pending order: order.created is open, not yet paid", () => {
    expect(snapshot(fixture("order-created"), "order.created")).toMatchObject({
      status: "open",
      financialStatus: "pending",
      channelUpdatedAt: new Date("2017-03-22T19:28:02.100Z"), // pending
    });
  });

  it("reads a completed order as closed and shipped: every line fulfilled, and the completion as a fulfilment", () => {
    const [upserted, shipped] = events("order.updated", fixture("order-completed"));
    expect(upserted).toMatchObject({
      type: "order.upserted",
      order: {
        status: "closed",
        channelUpdatedAt: new Date("2017-03-22T19:30:35.500Z"), // completed
        lines: [
          { externalId: "315", quantity: 2, fulfilledQuantity: 2 },
          { externalId: "316", quantity: 1, fulfilledQuantity: 1 },
        ],
      },
    });
    expect(shipped).toEqual({
      type: "fulfillment.changed",
      orderExternalId: "727",
      fulfillmentExternalId: "completed:727",
      status: "success",
      lines: [
        { lineExternalId: "315", quantity: 2 },
        { lineExternalId: "316", quantity: 1 },
      ],
      updatedAt: new Date("2017-03-22T19:30:35Z"),
    });
  });

  it("reads a cancelled order with the time it changed, a registered customer and a deleted product's line", () => {
    expect(snapshot(fixture("order-cancelled"))).toMatchObject({
      externalId: "723",
      status: "cancelled",
      cancelledAt: new Date("2017-03-21T19:54:51Z"),
      customer: { externalId: "26", name: "João Silva", email: "joao.silva@example.com" },
      totalMinor: 3900,
      lines: [
        { externalId: "311", sku: "WOO-ALBUM-2" },
        { externalId: "313", sku: null },
      ],
    });
  });

  it.each([
    ["pending", "open"],
    ["on-hold", "open"],
    ["processing", "open"],
    ["completed", "closed"],
    ["cancelled", "cancelled"],
    ["failed", "cancelled"],
    ["refunded", "cancelled"],
    ["trash", "cancelled"],
  ])("maps status %s to %s", (status, ledger) => {
    const order = snapshot({ ...fixture("order-updated"), status });
    expect(order.status).toBe(ledger);
    expect(order.cancelledAt).toEqual(ledger === "cancelled" ? new Date("2017-03-22T19:28:08Z") : undefined);
    expect(order.lines.every((line) => line.fulfilledQuantity === (ledger === "closed" ? line.quantity : 0))).toBe(
      true,
    );
  });

  it.each(["checkout-draft", "wc-shipped-by-plugin", "partially-shipped"])(
    "ignores status %s, even half-filled",
    (status) => {
      expect(wooParser.parseWebhook("order.updated", { id: 900, status, line_items: "not read" })).toEqual({
        ignored: `order status "${status}" is not one the ledger acts on`,
      });
    },
  );

  it("says refunded and partly refunded as the ledger shows payments", () => {
    const partly = { ...fixture("order-updated"), refunds: [{ id: 730, reason: "", total: "-3.00" }] };
    expect(snapshot(partly).financialStatus).toBe("partially_refunded");
    expect(snapshot({ ...fixture("order-updated"), status: "refunded" }).financialStatus).toBe("refunded");
  });

  it("reads order.restored like an update: the order is back with its status", () => {
    expect(snapshot(fixture("order-updated"), "order.restored").status).toBe("open");
  });

  it("ignores an order WooCommerce could not build for the delivery (deleted meanwhile)", () => {
    const gone = { code: "woocommerce_rest_shop_order_invalid_id", message: "Invalid ID.", data: { status: 404 } };
    expect(wooParser.parseWebhook("order.updated", gone)).toEqual({
      ignored:
        "WooCommerce could not build the order for this delivery (woocommerce_rest_shop_order_invalid_id: Invalid ID.)",
    });
  });
});

describe("order.deleted", () => {
  it("ignores the bare id WooCommerce sends, saying why", () => {
    const parsed = wooParser.parseWebhook("order.deleted", fixture("order-deleted"));
    expect(parsed).toEqual({
      ignored: expect.stringMatching(/^order 727 was deleted on the store; WooCommerce sent no version/),
    });
  });

  it("cancels, versioned by the body, when the deleted order's body came whole", () => {
    const order = snapshot({ ...fixture("order-updated"), status: "trash" }, "order.deleted");
    // Trash is the last step of an order's life: newer than any other body of the same second.
    expect(order).toMatchObject({ status: "cancelled", channelUpdatedAt: new Date("2017-03-22T19:28:08.800Z") });
    expect(snapshot(fixture("order-updated"), "order.deleted").status).toBe("cancelled");
  });

  it("quarantines a deletion without an id", () => {
    expect(zodIssue({}, "order.deleted")).toEqual({ path: "id", message: "must be a numeric id" });
  });
});

describe("money", () => {
  const withLine = (price: unknown, total = "29.35", currency = "USD") => {
    const order = fixture("order-updated");
    const [line] = order.line_items as Record<string, unknown>[];
    return { ...order, currency, total, line_items: [{ ...line, price }] };
  };

  it.each([
    [12.299999999999999, 1230],
    [6.666666666666667, 667],
    [1.005, 101],
    [19.99, 1999],
    [0.1 + 0.2, 30],
    ["4.35", 435],
    [0, 0],
  ])("rounds the float price %s to %i cents", (price, minor) => {
    expect(snapshot(withLine(price)).lines[0]!.priceMinor).toBe(minor);
  });

  it("reads zero- and three-decimal currencies in their own minor units", () => {
    expect(snapshot(withLine(1500, "3000.00", "JPY"))).toMatchObject({
      totalMinor: 3000,
      lines: [{ priceMinor: 1500 }],
    });
    expect(snapshot(withLine(1.2345, "2.469", "KWD"))).toMatchObject({
      totalMinor: 2469,
      lines: [{ priceMinor: 1235 }],
    });
  });

  it("rounds a total kept in the store's finer precision to what the gateway charged", () => {
    expect(snapshot(withLine(3, "19.995")).totalMinor).toBe(2000);
  });

  it.each([
    [{ total: 29.35 }, "total", 'must be a decimal amount such as "19.99"'],
    [{ total: "29,35" }, "total", 'must be a decimal amount such as "19.99"'],
    [{ currency: "US Dollar" }, "currency", "must be an ISO 4217 code such as USD"],
  ])("quarantines %j naming %s", (change, path, message) => {
    expect(zodIssue({ ...fixture("order-updated"), ...change })).toEqual({ path, message });
  });

  it("quarantines an unusable line price naming the line", () => {
    expect(zodIssue(withLine("3 USD"))).toEqual({
      path: "line_items.0.price",
      message: 'must be a decimal amount such as "19.99"',
    });
    expect(zodIssue(withLine(null))).toEqual({ path: "line_items.0.price", message: "must be a number such as 19.99" });
    expect(zodIssue(withLine(1e20))).toEqual({
      path: "line_items.0.price",
      message: "100000000000000000000 is not a usable price",
    });
  });
});

describe("bad order payloads", () => {
  const base = () => fixture("order-updated");
  const line = (change: Record<string, unknown>) => {
    const order = base();
    const [first] = order.line_items as Record<string, unknown>[];
    return { ...order, line_items: [{ ...first, ...change }] };
  };

  it.each([
    [{ id: "abc" }, "id", "must be a numeric id"],
    [{ status: 3 }, "status", "must be the order status"],
    [{ date_modified_gmt: "22/03/2017" }, "date_modified_gmt", "must be a GMT date-time such as 2017-03-22T19:28:08"],
    [{ date_created_gmt: "2017-02-30T10:00:00" }, "date_created_gmt", "is not a real date"],
    [{ line_items: null }, "line_items", "Invalid input: expected array, received null"],
  ])("quarantines %j naming %s", (change, path, message) => {
    expect(zodIssue({ ...base(), ...change })).toEqual({ path, message });
  });

  it.each([
    [{ quantity: 1.5 }, "line_items.0.quantity", "must be a whole number"],
    [{ quantity: -1 }, "line_items.0.quantity", "must not be negative"],
    [{ id: 0 }, "line_items.0.id", "must be a numeric id"],
  ])("quarantines a line with %j", (change, path, message) => {
    expect(zodIssue(line(change))).toEqual({ path, message });
  });
});
