import { afterAll, describe, expect, it } from "vitest";
import { startWooSimMsw } from "../../test/sim/woocommerce/msw";
import { createWooSim } from "../../test/sim/woocommerce/sim";
import { webhookReceiver } from "../../test/sim/woocommerce/test-kit";
import { createWooClient } from "./client/client";
import { wooEventKey } from "./event-key";

// One change, one key: whether it came by webhook or by the polling safety net, and whichever topic carried it.

const KEYS = { consumerKey: "ck_event_key_test_0123456789", consumerSecret: "cs_event_key_test_0123456789" };
const SHOP = "https://keys-shop.example";
const RECEIVER = "https://ledger.example/webhooks/woocommerce/ch_keys";

let now = Date.parse("2026-11-26T08:00:00Z");
const sim = createWooSim({ now: () => now, webhooks: { auto: false } });
const store = sim.createStore({ url: SHOP, keys: [KEYS] });
const receiver = webhookReceiver(RECEIVER);
const server = startWooSimMsw(sim, { extraHandlers: [receiver.handler], onUnhandledRequest: "error" });
afterAll(() => server.close());

describe("wooEventKey", () => {
  it("gives a delivered and a polled copy of the same version the same key, and a newer version a new one", async () => {
    await store.addWebhook({ topic: "order.updated", delivery_url: RECEIVER, secret: "alnumSecret1", ping: false });
    store.addProduct({ name: "Mug", sku: "MUG", price: "12.30", stock: 10 });
    const order = store.placeOrder({ lines: [{ sku: "MUG", quantity: 1 }], status: "on-hold" });
    now += 5_000;
    store.setOrderStatus(order.id, "processing");
    await store.flush();
    const delivered = JSON.parse(receiver.received.at(-1)!.raw) as Record<string, unknown>;
    const [polled] = (await createWooClient({ url: SHOP, ...KEYS }).listOrders({ page: 1 })).items;
    const key = wooEventKey("order.updated", delivered);
    expect(key).toBe(`order:${order.id}:2026-11-26T08:00:05.400`);
    expect(wooEventKey("order.updated", polled!.raw)).toBe(key);
    expect(wooEventKey("order.created", delivered)).toBe(key);
    now += 1_000;
    store.completeOrder(order.id);
    expect(wooEventKey("order.updated", store.order(order.id))).toBe(`order:${order.id}:2026-11-26T08:00:06.500`);
  });

  it("tells apart two versions of an order saved within the same second", async () => {
    const order = store.placeOrder({ lines: [{ sku: "MUG", quantity: 1 }] });
    const paid = wooEventKey("order.updated", store.order(order.id));
    store.refundOrder(order.id, { amount: "1.00", refundPayment: false });
    const refunded = wooEventKey("order.updated", store.order(order.id));
    store.setOrderStatus(order.id, "cancelled");
    const cancelled = wooEventKey("order.updated", store.order(order.id));
    expect(new Set([paid, refunded, cancelled]).size).toBe(3);
    expect([paid, refunded, cancelled].map((key) => key!.slice(-3))).toEqual(["400", "401", "601"]);
  });

  it("keys a variation's body as a product, by its own id", () => {
    const body = { id: 733, type: "variation", parent_id: 22, date_modified_gmt: "2017-03-23T03:53:11" };
    expect(wooEventKey("product.updated", body)).toBe("product:733:2017-03-23T03:53:11");
  });

  it("keys a deletion by the id alone, the only thing WooCommerce sends", () => {
    expect(wooEventKey("order.deleted", { id: 727 })).toBe("order:727:deleted");
    expect(wooEventKey("product.deleted", { id: "794" })).toBe("product:794:deleted");
  });

  it("has no key for a body it cannot version", () => {
    expect(wooEventKey("order.updated", { id: 727 })).toBeNull();
    expect(
      wooEventKey("product.updated", { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID." }),
    ).toBeNull();
    expect(wooEventKey("order.updated", { id: 0, date_modified_gmt: "2017-03-22T19:28:08" })).toBeNull();
    expect(wooEventKey("order.updated", { id: 727, date_modified_gmt: null })).toBeNull();
    expect(wooEventKey("action.woocommerce_order_status_completed", { id: 727 })).toBeNull();
    expect(wooEventKey("order.updated", "webhook_id=3")).toBeNull();
    expect(wooEventKey("order.updated", [{ id: 1 }])).toBeNull();
  });
});
