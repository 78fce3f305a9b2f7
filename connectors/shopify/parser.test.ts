import { describe, expect, it } from "vitest";
import { shopifyFixture as fixture, shopifyFixtureNames } from "../../test/support/shopify-fixtures";
import { ChannelEventSchema, type ChannelEvent } from "../events";
import { SHOPIFY_WEBHOOK_TOPICS, shopifyParser } from "./parser";

function events(topic: string, payload: unknown): ChannelEvent[] {
  const parsed = shopifyParser.parseWebhook(topic, payload);
  if (!("events" in parsed)) throw new Error(`expected events, got ${parsed.ignored}`);
  return parsed.events;
}

function only<T extends ChannelEvent["type"]>(topic: string, payload: unknown, type: T) {
  const [event, ...rest] = events(topic, payload);
  expect(rest).toEqual([]);
  expect(event?.type).toBe(type);
  return event as Extract<ChannelEvent, { type: T }>;
}

const TOPIC_OF_FIXTURE: Record<string, string> = {
  "orders-create": "orders/create",
  "orders-updated": "orders/updated",
  "orders-cancelled": "orders/cancelled",
  "refunds-create": "refunds/create",
  "fulfillments-create": "fulfillments/create",
  "fulfillments-update": "fulfillments/update",
  "returns-request": "returns/request",
  "returns-approve": "returns/approve",
  "returns-decline": "returns/decline",
  "returns-process": "returns/process",
  "returns-cancel": "returns/cancel",
  "returns-close": "returns/close",
  "returns-reopen": "returns/reopen",
  "inventory_levels-update": "inventory_levels/update",
  "products-update": "products/update",
  "products-delete": "products/delete",
  "app-scopes_update": "app/scopes_update",
  "app-uninstalled": "app/uninstalled",
  "customers-data_request": "customers/data_request",
  "customers-redact": "customers/redact",
  "shop-redact": "shop/redact",
};

describe("the Shopify webhook parser", () => {
  it("has a fixture for every topic it reads, and every fixture parses into valid ledger events", () => {
    const files = shopifyFixtureNames();
    expect(files.sort()).toEqual(Object.keys(TOPIC_OF_FIXTURE).sort());
    expect(Object.values(TOPIC_OF_FIXTURE).sort()).toEqual([...SHOPIFY_WEBHOOK_TOPICS].sort());
    for (const name of files) {
      const payload = fixture(name);
      expect(payload._source, name).toMatch(/shopify\.dev/);
      const parsed = shopifyParser.parseWebhook(TOPIC_OF_FIXTURE[name]!, payload);
      expect(parsed, name).toHaveProperty("events");
      for (const event of "events" in parsed ? parsed.events : [])
        expect(ChannelEventSchema.parse(event)).toEqual(event);
    }
  });

  it("reads orders/create into an open order snapshot with exact money and blank SKUs as none", () => {
    const { order } = only("orders/create", fixture("orders-create"), "order.upserted");
    expect(order).toEqual({
      externalId: "5512003100001",
      name: "#2041",
      channelUpdatedAt: new Date("2026-03-02T14:14:07Z"),
      placedAt: new Date("2026-03-02T14:14:03Z"),
      status: "open",
      financialStatus: "paid",
      currency: "USD",
      totalMinor: 6697,
      customer: { externalId: "7120440200001", name: "Mira Lind", email: "mira.lind@example.com" },
      shippingAddress: expect.objectContaining({ name: "Mira Lind", city: "Portland", zip: "04101" }),
      cancelledAt: undefined,
      lines: [
        {
          externalId: "14001200300001",
          sku: "TEE-BLK-M",
          title: "Harbour Tee - Black / M",
          quantity: 2,
          priceMinor: 1999,
          fulfilledQuantity: 0,
          removedQuantity: 0,
        },
        {
          externalId: "14001200300002",
          sku: null,
          title: "Gift wrap",
          quantity: 1,
          priceMinor: 2199,
          fulfilledQuantity: 0,
          removedQuantity: 0,
        },
      ],
    });
    expect(order.shippingAddress).not.toHaveProperty("company");
  });

  it("reads orders/updated: shipped units from successful fulfillments, removed units from current_quantity", () => {
    const { order } = only("orders/updated", fixture("orders-updated"), "order.upserted");
    expect(order.channelUpdatedAt).toEqual(new Date("2026-03-03T16:30:00Z"));
    expect(order.lines).toEqual([
      expect.objectContaining({ externalId: "14001200300001", fulfilledQuantity: 1, removedQuantity: 0 }),
      expect.objectContaining({ externalId: "14001200300002", sku: null, fulfilledQuantity: 0, removedQuantity: 1 }),
    ]);
  });

  it("falls back to the line's fulfillment status and fulfillable quantity without a fulfillments list", () => {
    const payload = fixture("orders-updated");
    delete payload.fulfillments;
    const { order } = only("orders/updated", payload, "order.upserted");
    expect(order.lines.map((line) => line.fulfilledQuantity)).toEqual([1, 0]);

    const lines = payload.line_items as Array<Record<string, unknown>>;
    lines[0] = { ...lines[0], fulfillment_status: "fulfilled", fulfillable_quantity: 0 };
    expect(only("orders/updated", payload, "order.upserted").order.lines[0]?.fulfilledQuantity).toBe(2);
  });

  it("reads orders/cancelled as a cancelled snapshot, version-safe like any other", () => {
    const { order } = only("orders/cancelled", fixture("orders-cancelled"), "order.upserted");
    expect(order).toMatchObject({
      externalId: "5512003100002",
      status: "cancelled",
      currency: "EUR",
      totalMinor: 3450,
      cancelledAt: new Date("2026-03-04T09:45:10Z"),
      channelUpdatedAt: new Date("2026-03-04T09:45:12Z"),
      customer: undefined,
    });
    expect(order.lines).toEqual([expect.objectContaining({ priceMinor: 1725, quantity: 2, removedQuantity: 2 })]);

    const withoutTimestamp = { ...fixture("orders-cancelled"), cancelled_at: null, closed_at: null };
    const cancelled = only("orders/cancelled", withoutTimestamp, "order.upserted").order;
    expect(cancelled).toMatchObject({ status: "cancelled", cancelledAt: new Date("2026-03-04T09:45:12Z") });
    expect(only("orders/updated", withoutTimestamp, "order.upserted").order.status).toBe("open");
  });

  it("marks a closed order closed", () => {
    const payload = { ...fixture("orders-create"), closed_at: "2026-03-09T10:00:00Z" };
    expect(only("orders/updated", payload, "order.upserted").order.status).toBe("closed");
  });

  it.each([
    ["USD", "19.99", 1999],
    ["JPY", "1999", 1999],
    ["KWD", "1.999", 1999],
  ])("converts %s prices exactly to minor units", (currency, price, minor) => {
    const payload = fixture("orders-create");
    const lines = payload.line_items as Array<Record<string, unknown>>;
    const order = {
      ...payload,
      currency,
      total_price: price,
      line_items: [{ ...lines[0], price }],
    };
    const parsed = only("orders/create", order, "order.upserted").order;
    expect(parsed.currency).toBe(currency);
    expect(parsed.totalMinor).toBe(minor);
    expect(parsed.lines[0]?.priceMinor).toBe(minor);
  });

  it("reads refunds/create: successful refund transactions, restock per line, and the location", () => {
    const refund = only("refunds/create", fixture("refunds-create"), "refund.created");
    expect(refund).toEqual({
      type: "refund.created",
      orderExternalId: "5512003100001",
      refundExternalId: "9300100200001",
      amountMinor: 3698,
      currency: "USD",
      lines: [
        // restock_type "return": the return restocks these units, not the refund (ADR 0009).
        { lineExternalId: "14001200300001", quantity: 1, restock: false, locationExternalId: "7700100200001" },
        { lineExternalId: "14001200300002", quantity: 1, restock: false, locationExternalId: undefined },
      ],
      createdAt: new Date("2026-03-05T19:02:01Z"),
    });
  });

  it("uses the refund-wide restock flag for lines without a restock type, and a line's currency without money", () => {
    const payload = fixture("refunds-create");
    const lines = payload.refund_line_items as Array<Record<string, unknown>>;
    const refund = only(
      "refunds/create",
      { ...payload, transactions: [], refund_line_items: lines.map(({ restock_type: _dropped, ...line }) => line) },
      "refund.created",
    );
    expect(refund).toMatchObject({ amountMinor: 0, currency: "USD" });
    expect(refund.lines.map((line) => line.restock)).toEqual([true, true]);
  });

  it("reads fulfillments/create and fulfillments/update", () => {
    expect(only("fulfillments/create", fixture("fulfillments-create"), "fulfillment.changed")).toEqual({
      type: "fulfillment.changed",
      orderExternalId: "5512003100001",
      fulfillmentExternalId: "6100200300001",
      status: "success",
      locationExternalId: "7700100200001",
      carrier: "UPS",
      trackingNumber: "1Z999AA10123456784",
      trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
      lines: [{ lineExternalId: "14001200300001", quantity: 1 }],
      updatedAt: new Date("2026-03-03T16:29:02Z"),
    });
    const cancelled = only("fulfillments/update", fixture("fulfillments-update"), "fulfillment.changed");
    expect(cancelled).toMatchObject({ status: "cancelled", carrier: undefined, trackingNumber: undefined });
  });

  it.each(["pending", "open"])("ignores a %s fulfillment: nothing has shipped", (status) => {
    const parsed = shopifyParser.parseWebhook("fulfillments/create", { ...fixture("fulfillments-create"), status });
    expect(parsed).toEqual({ ignored: `fulfillment 6100200300001 is ${status}: nothing has shipped yet` });
  });

  it("reads app/uninstalled and the privacy topics", () => {
    expect(events("app/uninstalled", fixture("app-uninstalled"))).toEqual([{ type: "channel.uninstalled" }]);
    expect(only("customers/data_request", fixture("customers-data_request"), "privacy.customer_data_request")).toEqual({
      type: "privacy.customer_data_request",
      customer: { externalId: "7120440200001", email: "mira.lind@example.com" },
      orderExternalIds: ["5512003100001", "5512003100002"],
      requestId: "4410",
    });
    expect(only("customers/redact", fixture("customers-redact"), "privacy.customer_redact")).toEqual({
      type: "privacy.customer_redact",
      customer: { externalId: "7120440200001", email: "mira.lind@example.com" },
      orderExternalIds: ["5512003100001"],
    });
    expect(events("shop/redact", fixture("shop-redact"))).toEqual([{ type: "privacy.shop_redact" }]);
  });

  it("accepts ids sent as digit strings (too large for a JSON number)", () => {
    const payload = { ...fixture("orders-create"), id: "820982911946154508" };
    expect(only("orders/create", payload, "order.upserted").order.externalId).toBe("820982911946154508");
  });

  it("ignores topics it does not read", () => {
    expect(shopifyParser.parseWebhook("collections/update", { id: 1 })).toEqual({
      ignored: "unknown topic collections/update",
    });
    expect(shopifyParser.parseWebhook("toString", {})).toEqual({ ignored: "unknown topic toString" });
  });
});
