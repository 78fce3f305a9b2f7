import { beforeEach, describe, expect, it } from "vitest";
import { createShopifySim, type ShopifySim } from "../../test/sim/shopify/sim";
import type { ShopHandle } from "../../test/sim/shopify/shop-handle";
import { SimUserError } from "../../test/sim/shopify/context";
import { shopifyFixture } from "../../test/support/shopify-fixtures";
import type { ChannelEvent } from "../events";
import { shopifyParser } from "./parser";

// The simulated store raises the returns/* and products/update webhooks Shopify raises, shaped like the fixtures, and
// the connector reads every one of them.

let sim: ShopifySim;
let shop: ShopHandle;

const deliveries = (topic: string) => sim.webhooks.deliveries.filter((delivery) => delivery.topic === topic);
const body = (topic: string) => JSON.parse(deliveries(topic).at(-1)!.body) as Record<string, unknown>;
const topicsSince = (count: number) => sim.webhooks.deliveries.slice(count).map((delivery) => delivery.topic);

function events(topic: string): ChannelEvent[] {
  const parsed = shopifyParser.parseWebhook(topic, body(topic));
  if (!("events" in parsed)) throw new Error(`expected events, got ${parsed.ignored}`);
  return parsed.events;
}

/** A shipped order of two tees: what a customer can send back. */
async function shippedOrder() {
  const order = await shop.placeOrder({ lines: [{ sku: "TEE-M", quantity: 2 }] });
  const fulfillment = await shop.fulfil(order.id);
  return { order, line: fulfillment.lineItems[0]!.id };
}

beforeEach(() => {
  sim = createShopifySim({ apiSecret: "secret" });
  shop = sim.createShop({ domain: "returns.myshopify.com", accessToken: "tok", locations: ["Warehouse"] });
  shop.addProduct({ title: "Tee", variants: [{ sku: "TEE-M", title: "M", stock: { Warehouse: 5 } }] });
});

describe("simulated Shopify: returns webhooks", () => {
  it("walks a customer's request through approval, processing, closing and reopening", async () => {
    const { order, line } = await shippedOrder();
    const record = await shop.requestReturn(order.id, [{ fulfillmentLineItemId: line, quantity: 1, reason: "SIZE" }]);
    const notice = (status: string) => ({
      type: "return.noticed",
      orderExternalId: String(order.id),
      returnExternalId: String(record.id),
      status,
      noticedAt: expect.any(Date),
    });
    expect(record.status).toBe("REQUESTED");
    expect(events("returns/request")).toEqual([notice("requested")]);
    expect(body("returns/request")).toMatchObject({ status: "requested", total_return_line_items: 1 });

    await shop.approveReturn(record.id);
    expect(events("returns/approve")).toEqual([notice("approved")]);

    const before = sim.webhooks.deliveries.length;
    await shop.processReturn(record.id, [{ returnLineItemId: record.lineItems[0]!.id, quantity: 1 }]);
    expect(topicsSince(before)).toEqual(["refunds/create", "orders/updated", "returns/process", "returns/close"]);
    expect(events("returns/process")).toEqual([notice("received")]);
    expect(events("returns/close")).toEqual([notice("closed")]);

    await shop.reopenReturn(record.id);
    expect(shop.state.returns.get(record.id)?.status).toBe("OPEN");
    expect(events("returns/reopen")).toEqual([notice("approved")]);
  });

  it("announces a merchant's return as approved at once", async () => {
    const { order, line } = await shippedOrder();
    const record = await shop.createReturn(order.id, [{ fulfillmentLineItemId: line, quantity: 2 }]);
    expect(record.status).toBe("OPEN");
    expect(deliveries("returns/request")).toEqual([]);
    expect(body("returns/approve")).toMatchObject({ id: record.id, status: "open", order: { id: order.id } });
  });

  it("declines a request with its reason, and frees its units for another return", async () => {
    const { order, line } = await shippedOrder();
    const record = await shop.requestReturn(order.id, [{ fulfillmentLineItemId: line, quantity: 2 }]);
    await shop.declineReturn(record.id, "return_period_ended", "Thirty days have passed.");
    expect(body("returns/decline")).toMatchObject({
      status: "declined",
      decline: { reason: "return_period_ended", note: "Thirty days have passed." },
    });
    expect(events("returns/decline")).toMatchObject([{ status: "declined", returnExternalId: String(record.id) }]);
    await expect(shop.approveReturn(record.id)).rejects.toThrow(SimUserError);
    expect((await shop.requestReturn(order.id, [{ fulfillmentLineItemId: line, quantity: 2 }])).status).toBe(
      "REQUESTED",
    );
  });

  it("cancels a return nobody has worked on, and refuses once units are processed", async () => {
    const { order, line } = await shippedOrder();
    const untouched = await shop.createReturn(order.id, [{ fulfillmentLineItemId: line, quantity: 1 }]);
    await shop.cancelReturn(untouched.id);
    expect(body("returns/cancel")).toEqual({
      id: untouched.id,
      admin_graphql_api_id: `gid://shopify/Return/${untouched.id}`,
      order_id: order.id,
      status: "canceled",
    });
    expect(events("returns/cancel")).toMatchObject([{ status: "cancelled" }]);

    const worked = await shop.createReturn(order.id, [{ fulfillmentLineItemId: line, quantity: 2 }]);
    await shop.processReturn(worked.id, [{ returnLineItemId: worked.lineItems[0]!.id, quantity: 1 }]);
    expect(deliveries("returns/close")).toEqual([]);
    await expect(shop.cancelReturn(worked.id)).rejects.toThrow("Return has processed items and cannot be cancelled.");
  });

  it("shapes every returns payload like its fixture", async () => {
    const { order, line } = await shippedOrder();
    const first = await shop.requestReturn(order.id, [{ fulfillmentLineItemId: line, quantity: 1 }]);
    await shop.approveReturn(first.id);
    await shop.processReturn(first.id, [{ returnLineItemId: first.lineItems[0]!.id, quantity: 1 }]);
    await shop.reopenReturn(first.id);
    await shop.declineReturn((await shop.requestReturn(order.id, [{ fulfillmentLineItemId: line, quantity: 1 }])).id);
    const third = await shop.createReturn(order.id, [{ fulfillmentLineItemId: line, quantity: 1 }]);
    await shop.cancelReturn(third.id);
    for (const action of ["request", "approve", "decline", "process", "cancel", "close", "reopen"]) {
      const { _source, ...expected } = shopifyFixture(`returns-${action}`);
      expect(Object.keys(body(`returns/${action}`)).sort(), action).toEqual(Object.keys(expected).sort());
    }
  });
});

describe("simulated Shopify: products/update", () => {
  it("announces a new product with every variant, which the connector lists", () => {
    const product = shop.addProduct({
      title: "Cap",
      variants: [
        { sku: "CAP-NVY", title: "Navy", stock: { Warehouse: 3 } },
        { sku: null, title: "Red" },
      ],
    });
    const [event] = events("products/update");
    expect(event).toMatchObject({
      type: "listing.changed",
      listings: [
        { externalProductId: String(product.id), sku: "CAP-NVY", title: "Cap - Navy", deleted: false },
        { externalProductId: String(product.id), sku: null, title: "Cap - Red" },
      ],
    });
    const variant = shop.state.variants.get(product.variantIds[0]!)!;
    expect(body("products/update")).toMatchObject({
      variants: [{ id: variant.id, inventory_item_id: variant.inventoryItemId, inventory_quantity: 3 }, {}],
    });
  });
});
