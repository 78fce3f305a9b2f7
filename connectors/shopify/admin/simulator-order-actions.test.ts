import { beforeEach, describe, expect, it } from "vitest";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import type { ShopHandle } from "../../../test/sim/shopify/shop-handle";
import { shopifyParser } from "../parser";
import { FULFILLMENT_TRACKING_INFO_UPDATE_MUTATION } from "./operations/fulfillment-tracking-info-update";
import { ORDER_CANCEL_MUTATION, orderCancelVariables } from "./operations/order-cancel";

// The simulated store's answers to the order actions' mutations, as the app sends them (operations/).

type Answer = { status: number; body: { data?: Record<string, any>; errors?: any[] } }; // eslint-disable-line @typescript-eslint/no-explicit-any

let sim: ShopifySim;
let shop: ShopHandle;

const gql = async (query: string, variables: Record<string, unknown>) =>
  (await sim.adminRequest(shop.domain, query, variables, { accessToken: "tok" })) as Answer;

beforeEach(() => {
  sim = createShopifySim({ apiSecret: "secret" });
  shop = sim.createShop({ domain: "actions.myshopify.com", accessToken: "tok" });
  shop.addProduct({ title: "Tee", variants: [{ sku: "TEE-S", title: "S", stock: { Warehouse: 5 } }] });
});

describe("simulated fulfillmentTrackingInfoUpdate", () => {
  it("replaces the tracking and raises fulfillments/update", async () => {
    const order = await shop.placeOrder({ lines: [{ sku: "TEE-S", quantity: 1 }] });
    const fulfillment = await shop.fulfil(order.id, { tracking: { company: "UPS", number: "1Z1" } });
    const { body } = await gql(FULFILLMENT_TRACKING_INFO_UPDATE_MUTATION, {
      fulfillmentId: `gid://shopify/Fulfillment/${fulfillment.id}`,
      trackingInfoInput: { company: "DHL", numbers: ["JD1"], url: "https://dhl.example/JD1" },
      notifyCustomer: true,
    });
    expect(body.data?.fulfillmentTrackingInfoUpdate).toEqual({
      fulfillment: { id: `gid://shopify/Fulfillment/${fulfillment.id}` },
      userErrors: [],
    });
    expect(fulfillment.tracking).toEqual({ company: "DHL", number: "JD1", url: "https://dhl.example/JD1" });
    await sim.webhooks.flush();
    const [update] = sim.webhooks.deliveries.filter((delivery) => delivery.topic === "fulfillments/update");
    expect(shopifyParser.parseWebhook("fulfillments/update", JSON.parse(update!.body))).toMatchObject({
      events: [{ type: "fulfillment.changed", status: "success", carrier: "DHL", trackingNumber: "JD1" }],
    });
  });

  it("refuses an unknown or cancelled fulfillment with userErrors", async () => {
    const order = await shop.placeOrder({ lines: [{ sku: "TEE-S", quantity: 1 }] });
    const fulfillment = await shop.fulfil(order.id);
    await shop.cancelFulfillment(fulfillment.id);
    for (const [id, message] of [
      ["gid://shopify/Fulfillment/1", "Fulfillment does not exist."],
      [`gid://shopify/Fulfillment/${fulfillment.id}`, "Tracking cannot be updated on a cancelled fulfillment."],
    ]) {
      const { body } = await gql(FULFILLMENT_TRACKING_INFO_UPDATE_MUTATION, {
        fulfillmentId: id,
        trackingInfoInput: { number: "X" },
      });
      expect(body.data?.fulfillmentTrackingInfoUpdate).toEqual({
        fulfillment: null,
        userErrors: [{ field: ["fulfillmentId"], message }],
      });
    }
  });
});

describe("simulated orderCancel", () => {
  it("takes the 2026-07 arguments and refuses a call without refundMethod", async () => {
    const order = await shop.placeOrder({ lines: [{ sku: "TEE-S", quantity: 1 }] });
    const variables = orderCancelVariables({
      orderId: `gid://shopify/Order/${order.id}`,
      reason: "inventory",
      refund: false,
      restock: true,
      notifyCustomer: false,
      idempotencyKey: "cancel-1",
    });
    const missing = await gql(
      `mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, restock: true) { job { id } } }`,
      { id: `gid://shopify/Order/${order.id}` },
    );
    expect(missing.body.errors?.[0]?.message).toBe("Field 'orderCancel' is missing required argument: refundMethod");
    expect(shop.state.orders.get(order.id)?.cancelledAt).toBeNull();

    const { body } = await gql(ORDER_CANCEL_MUTATION, variables);
    expect(body.data?.orderCancel).toMatchObject({ job: { done: false }, orderCancelUserErrors: [] });
    expect(shop.state.orders.get(order.id)).toMatchObject({ cancelReason: "inventory" });
  });
});
