import { describe, expect, it } from "vitest";
import type { ShopifyFulfillment } from "../admin/operations/order-fulfillments";
import { ShopifyOrderSchema, type ShopifyLineItem } from "../admin/operations/orders";
import { fulfillmentEventsFromAdmin, orderSnapshotFromAdmin, type CompleteOrder } from "./map-order";

const line = (
  id: number,
  sku: string | null,
  quantity: number,
  current: number,
  amount = "19.99",
): ShopifyLineItem => ({
  id: `gid://shopify/LineItem/${id}`,
  sku,
  name: `Line ${id}`,
  title: "Line",
  quantity,
  currentQuantity: current,
  originalUnitPriceSet: { shopMoney: { amount, currencyCode: "USD" } },
});

function order(overrides: Record<string, unknown> = {}) {
  return ShopifyOrderSchema.parse({
    id: "gid://shopify/Order/5512003100001",
    name: "#2041",
    email: "mira@example.com",
    createdAt: "2026-03-02T14:14:05Z",
    processedAt: "2026-03-02T14:14:03Z",
    updatedAt: "2026-03-03T16:29:02Z",
    cancelledAt: null,
    closedAt: null,
    displayFinancialStatus: "PARTIALLY_REFUNDED",
    displayFulfillmentStatus: "PARTIALLY_FULFILLED",
    currencyCode: "USD",
    totalPriceSet: { shopMoney: { amount: "66.97", currencyCode: "USD" } },
    customer: { id: "gid://shopify/Customer/7120440200001", firstName: "Mira", lastName: "Lind" },
    shippingAddress: { name: "Mira Lind", address1: "14 Harbour Lane", countryCodeV2: "US", company: null },
    lineItems: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
    ...overrides,
  });
}

type Shipped = { fulfillment: ShopifyFulfillment; lines: [number, number][] };

const fulfillment = (id: number, status: string, lines: [number, number][]): Shipped => ({
  fulfillment: {
    id: `gid://shopify/Fulfillment/${id}`,
    status,
    createdAt: new Date("2026-03-03T16:29:00Z"),
    updatedAt: new Date("2026-03-03T16:29:02Z"),
    location: { id: "gid://shopify/Location/7700100200001" },
    trackingInfo: [{ company: "UPS", number: "1Z999", url: "" }],
    fulfillmentLineItems: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
  },
  lines,
});

function complete(shipped?: Shipped[], overrides: Record<string, unknown> = {}): CompleteOrder {
  return {
    order: order(overrides),
    lines: [line(1, "TEE-BLK-M", 2, 1), line(2, "", 1, 1, "21.99")],
    fulfillments: shipped?.map((entry) => entry.fulfillment),
    fulfillmentLines: new Map(
      (shipped ?? []).map((entry) => [
        entry.fulfillment.id,
        entry.lines.map(([lineId, quantity]) => ({ lineItemId: String(lineId), quantity })),
      ]),
    ),
  };
}

describe("orders from the Admin API as ledger snapshots", () => {
  it("maps like the orders webhook: numeric ids, blank SKU as none, removed and fulfilled units", () => {
    const snapshot = orderSnapshotFromAdmin(
      complete([fulfillment(61, "SUCCESS", [[1, 1]]), fulfillment(62, "CANCELLED", [[2, 1]])]),
    );
    expect(snapshot).toEqual({
      externalId: "5512003100001",
      name: "#2041",
      channelUpdatedAt: new Date("2026-03-03T16:29:02Z"),
      placedAt: new Date("2026-03-02T14:14:03Z"),
      status: "open",
      financialStatus: "partially_refunded",
      currency: "USD",
      totalMinor: 6697,
      customer: { externalId: "7120440200001", name: "Mira Lind", email: "mira@example.com" },
      shippingAddress: { name: "Mira Lind", address1: "14 Harbour Lane", country_code: "US" },
      lines: [
        {
          externalId: "1",
          sku: "TEE-BLK-M",
          title: "Line 1",
          quantity: 2,
          priceMinor: 1999,
          fulfilledQuantity: 1,
          removedQuantity: 1,
        },
        {
          externalId: "2",
          sku: null,
          title: "Line 2",
          quantity: 1,
          priceMinor: 2199,
          fulfilledQuantity: 0,
          removedQuantity: 0,
        },
      ],
    });
  });

  it("marks cancelled and closed orders, and converts money in the currency's own precision", () => {
    expect(orderSnapshotFromAdmin(complete(undefined, { cancelledAt: "2026-03-04T10:00:00Z" }))).toMatchObject({
      status: "cancelled",
      cancelledAt: new Date("2026-03-04T10:00:00Z"),
    });
    expect(orderSnapshotFromAdmin(complete(undefined, { closedAt: "2026-03-05T10:00:00Z" })).status).toBe("closed");
    const yen = complete(undefined, {
      currencyCode: "JPY",
      totalPriceSet: { shopMoney: { amount: "3000", currencyCode: "JPY" } },
    });
    yen.lines = [line(1, "TEE", 1, 1, "3000")];
    expect(orderSnapshotFromAdmin(yen)).toMatchObject({
      currency: "JPY",
      totalMinor: 3000,
      lines: [{ priceMinor: 3000 }],
    });
  });

  it("turns shipped and cancelled fulfillments into events, and leaves pending ones out", () => {
    const events = fulfillmentEventsFromAdmin(
      complete([
        fulfillment(61, "SUCCESS", [[1, 1]]),
        fulfillment(62, "CANCELLED", [[2, 1]]),
        fulfillment(63, "OPEN", [[1, 1]]),
      ]),
    );
    expect(events).toEqual([
      {
        type: "fulfillment.changed",
        orderExternalId: "5512003100001",
        fulfillmentExternalId: "61",
        status: "success",
        locationExternalId: "7700100200001",
        carrier: "UPS",
        trackingNumber: "1Z999",
        trackingUrl: undefined,
        lines: [{ lineExternalId: "1", quantity: 1 }],
        updatedAt: new Date("2026-03-03T16:29:02Z"),
      },
      expect.objectContaining({
        fulfillmentExternalId: "62",
        status: "cancelled",
        lines: [{ lineExternalId: "2", quantity: 1 }],
      }),
    ]);
    expect(fulfillmentEventsFromAdmin(complete(undefined))).toEqual([]);
  });
});
