import { afterAll, describe, expect, it } from "vitest";
import { startWooSimMsw } from "../../test/sim/woocommerce/msw";
import { createWooSim } from "../../test/sim/woocommerce/sim";
import { webhookReceiver } from "../../test/sim/woocommerce/test-kit";
import { wooFixture as fixture, wooFixtureNames } from "../../test/fixtures/woocommerce/fixtures";
import { CHANNEL_PARSERS } from "../../app/services/inbox/parsers.server";
import { ChannelEventSchema } from "../events";
import { wooEventKey } from "./event-key";
import { WOO_PARSED_TOPICS, wooParser } from "./parser";
import { verifyWooWebhook } from "./webhook";

// The parser as a whole: every fixture reads into valid ledger events (or a reason), every topic is routed, and what
// the simulated store really delivers reads the same way, end to end through signature and event key.

const TOPIC_OF_FIXTURE: Record<string, string> = {
  "order-created": "order.created",
  "order-updated": "order.updated",
  "order-completed": "order.updated",
  "order-cancelled": "order.updated",
  "order-deleted": "order.deleted",
  "product-simple": "product.updated",
  "product-variable": "product.updated",
  "product-variation": "product.updated",
  "product-variation-parent": "product.updated",
  "product-deleted": "product.deleted",
};

describe("the WooCommerce webhook parser", () => {
  it("is the inbox's parser for woocommerce channels", () => {
    expect(CHANNEL_PARSERS.woocommerce).toBe(wooParser);
  });

  it("has a fixture for every topic it subscribes to, each naming its source and reading into valid events", () => {
    expect(wooFixtureNames().sort()).toEqual(Object.keys(TOPIC_OF_FIXTURE).sort());
    for (const [name, topic] of Object.entries(TOPIC_OF_FIXTURE)) {
      const payload = fixture(name);
      expect(payload._source, name).toMatch(/woocommerce/);
      expect(WOO_PARSED_TOPICS).toContain(topic);
      const parsed = wooParser.parseWebhook(topic, payload);
      if (name === "order-deleted") {
        expect(parsed, name).toHaveProperty("ignored");
        continue;
      }
      expect(parsed, name).toHaveProperty("events");
      for (const event of "events" in parsed ? parsed.events : [])
        expect(ChannelEventSchema.parse(event)).toEqual(event);
    }
  });

  it.each(["coupon.updated", "customer.created", "action.woocommerce_order_status_completed", "orders/create", ""])(
    "ignores topic %j",
    (topic) => {
      expect(wooParser.parseWebhook(topic, fixture("order-updated"))).toEqual({ ignored: `unknown topic ${topic}` });
    },
  );

  it("does not mistake an object's inherited keys for topics", () => {
    expect(wooParser.parseWebhook("constructor", {})).toEqual({ ignored: "unknown topic constructor" });
  });
});

describe("deliveries from the simulated store", () => {
  const RECEIVER = "https://ledger.example/webhooks/woocommerce/ch_parse";
  const SECRET = "Zk3mQ8rT1vW6yB0cE5gH";
  const sim = createWooSim({ webhooks: { auto: false } });
  const store = sim.createStore({ url: "https://parse-shop.example" });
  const receiver = webhookReceiver(RECEIVER);
  const server = startWooSimMsw(sim, { extraHandlers: [receiver.handler], onUnhandledRequest: "error" });
  afterAll(() => server.close());

  it("verify, key and parse into the events the fixtures promise", async () => {
    for (const topic of ["order.created", "order.updated", "product.created", "product.updated", "product.deleted"])
      await store.addWebhook({ topic, delivery_url: RECEIVER, secret: SECRET, ping: false });
    const tote = store.addProduct({
      type: "variable",
      name: "Tote",
      sku: "TOTE",
      stock: 6,
      variations: [{ sku: "TOTE-NAT", price: "24.00", attributes: { Colour: "Natural" } }],
    });
    await store.flush();
    const variation = store.variation("TOTE-NAT");
    const order = store.placeOrder({ lines: [{ sku: "TOTE-NAT", quantity: 2 }] });
    store.completeOrder(order.id);
    store.deleteProduct("TOTE");
    await store.flush();

    const parsed = receiver.received.map(({ raw, headers }) => {
      const verdict = verifyWooWebhook(Buffer.from(raw), headers, SECRET);
      if (verdict.kind !== "delivery") throw new Error(`not a delivery: ${JSON.stringify(verdict)}`);
      return {
        topic: verdict.topic,
        key: wooEventKey(verdict.topic, verdict.payload),
        ...wooParser.parseWebhook(verdict.topic, verdict.payload),
      };
    });
    const completed = parsed.find(
      (entry) => entry.key?.startsWith(`order:${order.id}:`) && "events" in entry && entry.events.length === 2,
    );
    expect(completed).toMatchObject({
      events: [
        {
          type: "order.upserted",
          order: { status: "closed", lines: [{ sku: "TOTE-NAT", quantity: 2, fulfilledQuantity: 2 }] },
        },
        { type: "fulfillment.changed", fulfillmentExternalId: `completed:${order.id}` },
      ],
    });
    const deliveredVariation = parsed.find(
      (entry) => entry.topic === "product.created" && entry.key?.startsWith(`product:${variation.id}:`),
    );
    expect(deliveredVariation).toMatchObject({
      events: [
        {
          listings: [
            {
              externalProductId: String(tote.id),
              externalVariantId: String(variation.id),
              externalInventoryItemId: `product:${tote.id}`,
            },
          ],
        },
        {
          type: "inventory_level.changed",
          externalInventoryItemId: `product:${tote.id}`,
          locationExternalId: "default",
        },
      ],
    });
    expect(parsed).toContainEqual(
      expect.objectContaining({
        topic: "product.deleted",
        key: `product:${tote.id}:deleted`,
        events: [
          {
            type: "listing.changed",
            listings: [expect.objectContaining({ externalProductId: String(tote.id), deleted: true })],
          },
        ],
      }),
    );
  });
});
