import { beforeEach, describe, expect, it } from "vitest";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import type { ShopHandle } from "../../../test/sim/shopify/shop-handle";
import { shopifyParser } from "../parser";

// The simulated store's Admin GraphQL API (queries, cost, faults) and its webhooks, asked through its handler.

type Answer = { status: number; body: { data?: Record<string, any>; errors?: any[]; extensions?: any } }; // eslint-disable-line @typescript-eslint/no-explicit-any

let sim: ShopifySim;
let shop: ShopHandle;

async function gql(query: string, variables: Record<string, unknown> = {}, version = "2026-07"): Promise<Answer> {
  const answer = await sim.adminRequest(shop.domain, query, variables, { accessToken: "tok", apiVersion: version });
  return answer as Answer;
}

const item = (sku: string) => [...shop.state.inventoryItems.values()].find((candidate) => candidate.sku === sku)!;
const itemGid = (sku: string) => `gid://shopify/InventoryItem/${item(sku).id}`;
const locationGid = (name: string) => `gid://shopify/Location/${shop.location(name).id}`;
const webhooks = (topic: string) => sim.webhooks.deliveries.filter((delivery) => delivery.topic === topic);

beforeEach(() => {
  sim = createShopifySim({ apiSecret: "secret" });
  shop = sim.createShop({
    domain: "graphql.myshopify.com",
    accessToken: "tok",
    locations: ["Warehouse", "Storefront"],
  });
  shop.addProduct({
    title: "Tee",
    variants: ["S", "M", "L"].map((size) => ({ sku: `TEE-${size}`, title: size, stock: { Warehouse: 5 } })),
  });
});

describe("simulated Admin GraphQL: queries", () => {
  it("pages connections with cursors, variables, aliases and fragments, and reports the cost", async () => {
    const query = /* GraphQL */ `
      query Variants($first: Int = 2, $after: String) {
        page: productVariants(first: $first, after: $after) {
          edges {
            cursor
            node {
              ...VariantFields
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
      fragment VariantFields on ProductVariant {
        sku
        displayName
        __typename
      }
    `;
    const first = await gql(query);
    expect(first.body.data?.page.edges.map((edge: { node: { sku: string } }) => edge.node.sku)).toEqual([
      "TEE-S",
      "TEE-M",
    ]);
    expect(first.body.data?.page.edges[0].node).toEqual({
      sku: "TEE-S",
      displayName: "Tee - S",
      __typename: "ProductVariant",
    });
    expect(first.body.data?.page.pageInfo.hasNextPage).toBe(true);
    expect(first.body.extensions.cost).toMatchObject({
      requestedQueryCost: 4,
      actualQueryCost: 4,
      throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
    });
    const second = await gql(query, { after: first.body.data?.page.pageInfo.endCursor });
    expect(second.body.data?.page.edges.map((edge: { node: { sku: string } }) => edge.node.sku)).toEqual(["TEE-L"]);
    expect(second.body.data?.page.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
  });

  it("answers inventory levels per quantity name", async () => {
    await shop.placeOrder({ lines: [{ sku: "TEE-S", quantity: 2 }] });
    const { body } = await gql(
      `query($id: ID!, $location: ID!) { inventoryItem(id: $id) { sku inventoryLevel(locationId: $location) {
        quantities(names: ["available", "committed", "incoming", "on_hand"]) { name quantity } } } }`,
      { id: itemGid("TEE-S"), location: locationGid("Warehouse") },
    );
    expect(body.data?.inventoryItem.inventoryLevel.quantities).toEqual([
      { name: "available", quantity: 3 },
      { name: "committed", quantity: 2 },
      { name: "incoming", quantity: 0 },
      { name: "on_hand", quantity: 5 },
    ]);
  });

  it("filters orders with Shopify's search syntax", async () => {
    const old = await shop.placeOrder({ lines: [{ sku: "TEE-S", quantity: 1 }], at: new Date("2026-01-01T00:00:00Z") });
    const recent = await shop.placeOrder({ lines: [{ sku: "TEE-M", quantity: 1 }] });
    const { body } = await gql(
      `{ orders(first: 10, query: "updated_at:>='2026-02-01T00:00:00Z'") { edges { node { id } } } }`,
    );
    expect(body.data?.orders.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([
      `gid://shopify/Order/${recent.id}`,
    ]);
    const all = await gql(`{ orders(first: 10, sortKey: CREATED_AT) { edges { node { name } } } }`);
    expect(all.body.data?.orders.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual([
      old.name,
      recent.name,
    ]);
  });

  it("refuses unknown fields, missing variables and queries above the cost limit, the way Shopify does", async () => {
    expect((await gql("{ shop { id bogus } }")).body).toMatchObject({
      errors: [{ message: "Field 'bogus' doesn't exist on type 'Shop'", extensions: { code: "undefinedField" } }],
    });
    expect((await gql("query($id: ID!) { order(id: $id) { id } }")).body.errors?.[0].extensions.code).toBe(
      "INVALID_VARIABLE",
    );
    expect((await gql("{ shop { id")).body.errors?.[0].extensions.code).toBe("PARSE_ERROR");
    const costly = await gql(
      "{ orders(first: 250) { edges { node { lineItems(first: 250) { edges { node { id } } } } } } }",
    );
    expect(costly.body.errors?.[0].extensions.code).toBe("MAX_COST_EXCEEDED");
    expect(costly.body.extensions.cost.requestedQueryCost).toBeGreaterThan(1000);
  });

  it("answers THROTTLED with HTTP 200 when the configured bucket cannot pay", async () => {
    shop.bucket.configure({ maximumAvailable: 50, restoreRate: 1 });
    shop.bucket.setAvailable(3);
    const { status, body } = await gql("{ locations(first: 5) { edges { node { id } } } }");
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      expect.objectContaining({ message: "Throttled", extensions: expect.objectContaining({ code: "THROTTLED" }) }),
    ]);
    expect(body.extensions.cost).toMatchObject({
      requestedQueryCost: 7,
      actualQueryCost: null,
      throttleStatus: { currentlyAvailable: 3, maximumAvailable: 50, restoreRate: 1 },
    });
  });

  it("injects faults at configurable rates, reproducibly", async () => {
    sim.faults.set({ rate429: 0.3, rate5xx: 0.2, rateThrottled: 0.2, seed: 7 });
    const statuses = async () => {
      const out: string[] = [];
      for (let index = 0; index < 30; index++) {
        const { status, body } = await gql("{ shop { id } }");
        out.push(status === 200 && body.errors ? "THROTTLED" : String(status));
      }
      return out;
    };
    const run = await statuses();
    expect(new Set(run)).toEqual(new Set(["200", "429", "503", "THROTTLED"]));
    sim.faults.set({ rate429: 0.3, rate5xx: 0.2, rateThrottled: 0.2, seed: 7 });
    expect(await statuses()).toEqual(run);
    sim.faults.clear();
  });
});

describe("simulated store webhooks", () => {
  it("raises REST-shaped, signed webhooks that the connector's parser reads", async () => {
    const order = await shop.placeOrder({
      lines: [{ sku: "TEE-S", quantity: 2 }],
      email: "ada@example.com",
      customer: { firstName: "Ada", lastName: "L" },
    });
    await shop.editLineQuantity(order.id, order.lineItems[0]!.id, 1);
    const fulfillment = await shop.fulfil(order.id, { tracking: { company: "DHL", number: "JD1" } });
    await shop.cancelFulfillment(fulfillment.id);
    for (const delivery of sim.webhooks.deliveries) {
      expect(delivery.headers).toMatchObject({
        "x-shopify-topic": delivery.topic,
        "x-shopify-shop-domain": shop.domain,
        "x-shopify-api-version": "2026-07",
        "x-shopify-event-id": delivery.eventId,
      });
      expect(delivery.headers["x-shopify-webhook-id"]).toMatch(/.+/);
      const parsed = shopifyParser.parseWebhook(delivery.topic, JSON.parse(delivery.body));
      if ("events" in parsed) expect(parsed.events.length).toBeGreaterThan(0);
    }
    const topics = sim.webhooks.deliveries.map((delivery) => delivery.topic);
    expect(topics).toEqual(
      expect.arrayContaining([
        "orders/create",
        "orders/updated",
        "fulfillments/create",
        "fulfillments/update",
        "inventory_levels/update",
      ]),
    );
    const lastUpdate = webhooks("orders/updated").at(-1)!;
    const event = shopifyParser.parseWebhook("orders/updated", JSON.parse(lastUpdate.body));
    expect(event).toMatchObject({
      events: [
        {
          order: {
            customer: { name: "Ada L", email: "ada@example.com" },
            lines: [{ sku: "TEE-S", quantity: 2, removedQuantity: 1, fulfilledQuantity: 0 }],
          },
        },
      ],
    });
  });
});
