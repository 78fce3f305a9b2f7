import { describe, expect, it } from "vitest";
import type { ShopifyFulfillmentOrder } from "../../../../connectors/shopify/admin/operations/order-fulfillment-orders";
import { CommandRefusedError } from "../../commands/commanders";
import { allocateFulfilment } from "./allocate";

const fo = (id: number, location: number, status: string, items: [item: number, line: number, remaining: number][]) =>
  ({
    id: `gid://shopify/FulfillmentOrder/${id}`,
    status,
    assignedLocation: { location: { id: `gid://shopify/Location/${location}` } },
    lineItems: {
      nodes: items.map(([item, line, remaining]) => ({
        id: `gid://shopify/FulfillmentOrderLineItem/${item}`,
        remainingQuantity: remaining,
        lineItem: { id: `gid://shopify/LineItem/${line}` },
      })),
      pageInfo: { hasNextPage: false, endCursor: null },
    },
  }) satisfies ShopifyFulfillmentOrder;

const WAREHOUSE = { id: "1", name: "Warehouse" };

describe("allocateFulfilment", () => {
  it("takes a line's units off the open fulfillment orders at the location, splitting when one has too few", () => {
    const orders = [
      fo(10, 1, "IN_PROGRESS", [[100, 7, 1]]),
      fo(11, 2, "OPEN", [[110, 7, 5]]),
      fo(12, 1, "OPEN", [
        [120, 7, 4],
        [121, 8, 2],
      ]),
    ];
    expect(
      allocateFulfilment(orders, WAREHOUSE, [
        { lineItemId: "7", title: "Tee", quantity: 3 },
        { lineItemId: "8", title: "Cap", quantity: 2 },
      ]),
    ).toEqual([
      {
        fulfillmentOrderId: "gid://shopify/FulfillmentOrder/10",
        fulfillmentOrderLineItems: [{ id: "gid://shopify/FulfillmentOrderLineItem/100", quantity: 1 }],
      },
      {
        fulfillmentOrderId: "gid://shopify/FulfillmentOrder/12",
        fulfillmentOrderLineItems: [
          { id: "gid://shopify/FulfillmentOrderLineItem/120", quantity: 2 },
          { id: "gid://shopify/FulfillmentOrderLineItem/121", quantity: 2 },
        ],
      },
    ]);
  });

  it("refuses units Shopify does not have open there, saying what it has", () => {
    const orders = [fo(10, 1, "OPEN", [[100, 7, 1]]), fo(11, 1, "ON_HOLD", [[110, 7, 4]])];
    const allocate = () => allocateFulfilment(orders, WAREHOUSE, [{ lineItemId: "7", title: "Tee", quantity: 2 }]);
    expect(allocate).toThrow(CommandRefusedError);
    expect(allocate).toThrow(
      'Cannot fulfil 2 unit(s) of "Tee": Shopify has only 1 unit(s) of it open at Warehouse (fulfillment orders there that cannot take it: on_hold)',
    );
    expect(() =>
      allocateFulfilment(orders, { id: "9", name: "Back room" }, [{ lineItemId: "7", title: "Tee", quantity: 1 }]),
    ).toThrow('Cannot fulfil 1 unit(s) of "Tee": Shopify expects nothing of this order from Back room');
  });
});
