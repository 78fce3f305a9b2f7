import { beforeEach, describe, expect, it } from "vitest";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import type { ShopHandle } from "../../../test/sim/shopify/shop-handle";
import { shopifyParser } from "../parser";

// The simulated store's Admin GraphQL mutations: inventory (compare-and-set, @idempotent), fulfillments, cancels, returns.

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

const SET = /* GraphQL */ `
  mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup {
        reason
        changes {
          name
          delta
          quantityAfterChange
          location {
            name
          }
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

describe("simulated Admin GraphQL: inventory mutations", () => {
  const input = (quantity: number, changeFromQuantity?: number | null) => ({
    name: "available",
    reason: "correction",
    referenceDocumentUri: "gid://channel-ledger/Push/1",
    quantities: [
      {
        inventoryItemId: itemGid("TEE-S"),
        locationId: locationGid("Warehouse"),
        quantity,
        ...(changeFromQuantity === undefined ? {} : { changeFromQuantity }),
      },
    ],
  });

  it("sets available with compare-and-set, and refuses a stale compare without changing anything", async () => {
    const done = await gql(SET, { input: input(8, 5), key: "a" });
    expect(done.body.data?.inventorySetQuantities).toMatchObject({
      userErrors: [],
      inventoryAdjustmentGroup: {
        reason: "correction",
        changes: expect.arrayContaining([
          { name: "available", delta: 3, quantityAfterChange: 8, location: { name: "Warehouse" } },
        ]),
      },
    });
    expect(webhooks("inventory_levels/update").at(-1)?.body).toContain('"available":8');
    const stale = await gql(SET, { input: input(2, 5), key: "b" });
    expect(stale.body.data?.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [
        {
          code: "CHANGE_FROM_QUANTITY_STALE",
          field: ["input", "quantities", "0", "changeFromQuantity"],
          message: "The changeFromQuantity value does not match persisted value.",
        },
      ],
    });
    expect(shop.levels("TEE-S").Warehouse?.available).toBe(8);
    // An explicit null opts out of the check.
    expect((await gql(SET, { input: input(2, null), key: "c" })).body.data?.inventorySetQuantities.userErrors).toEqual(
      [],
    );
    expect(shop.levels("TEE-S").Warehouse?.available).toBe(2);
  });

  it("requires changeFromQuantity from 2026-04 and not before", async () => {
    const missing = await gql(SET, { input: input(4), key: "d" });
    expect(missing.body.errors?.[0].message).toMatch(/changeFromQuantity is required/);
    expect(shop.levels("TEE-S").Warehouse?.available).toBe(5);
    const older = await gql(SET, { input: input(4), key: "e" }, "2026-01");
    expect(older.body.data?.inventorySetQuantities.userErrors).toEqual([]);
  });

  it("replays an @idempotent key with the first result and refuses it with other arguments", async () => {
    const first = await gql(SET, { input: input(7, 5), key: "same" });
    const again = await gql(SET, { input: input(7, 5), key: "same" });
    expect(again.body.data).toEqual(first.body.data);
    expect(shop.levels("TEE-S").Warehouse?.available).toBe(7);
    expect(webhooks("inventory_levels/update")).toHaveLength(1);
    const other = await gql(SET, { input: input(9, 7), key: "same" });
    expect(other.body.data?.inventorySetQuantities.userErrors[0].code).toBe("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
    expect(shop.levels("TEE-S").Warehouse?.available).toBe(7);
  });

  it("requires @idempotent on inventoryAdjustQuantities", async () => {
    const adjust = (directive: string) => /* GraphQL */ `
      mutation($input: InventoryAdjustQuantitiesInput!) {
        inventoryAdjustQuantities(input: $input) ${directive} { inventoryAdjustmentGroup { changes { name delta } } userErrors { code } }
      }`;
    const changes = {
      name: "available",
      reason: "received",
      changes: [{ delta: 3, inventoryItemId: itemGid("TEE-M"), locationId: locationGid("Warehouse") }],
    };
    expect((await gql(adjust(""), { input: changes })).body.errors?.[0].message).toMatch(
      /@idempotent directive is required/,
    );
    const done = await gql(adjust('@idempotent(key: "adj-1")'), { input: changes });
    expect(done.body.data?.inventoryAdjustQuantities.inventoryAdjustmentGroup.changes).toEqual([
      { name: "available", delta: 3 },
      { name: "on_hand", delta: 3 },
    ]);
    expect(shop.levels("TEE-M").Warehouse).toMatchObject({ available: 8, on_hand: 8 });
  });
});

describe("simulated Admin GraphQL: orders, fulfillments and returns", () => {
  const FULFILLMENT_ORDERS = `query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { edges { node { id status
    assignedLocation { location { name } } lineItems(first: 10) { edges { node { id remainingQuantity lineItem { sku } } } } } } } } }`;

  it("creates a fulfillment from fulfillment orders, moves committed stock and raises the webhooks", async () => {
    const order = await shop.placeOrder({
      lines: [
        { sku: "TEE-S", quantity: 2 },
        { sku: "TEE-M", quantity: 1 },
      ],
    });
    const { body } = await gql(FULFILLMENT_ORDERS, { id: `gid://shopify/Order/${order.id}` });
    const fo = body.data?.order.fulfillmentOrders.edges[0].node;
    expect(fo).toMatchObject({ status: "OPEN", assignedLocation: { location: { name: "Warehouse" } } });
    const teeLine = fo.lineItems.edges.find(
      (edge: { node: { lineItem: { sku: string } } }) => edge.node.lineItem.sku === "TEE-S",
    ).node;
    const created = await gql(
      `mutation($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) {
        fulfillment { id status trackingInfo(first: 1) { number } fulfillmentLineItems(first: 5) { edges { node { quantity lineItem { sku } } } } }
        userErrors { field message } } }`,
      {
        fulfillment: {
          lineItemsByFulfillmentOrder: [
            { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: teeLine.id, quantity: 2 }] },
          ],
          trackingInfo: { company: "UPS", number: "1Z1" },
        },
      },
    );
    expect(created.body.data?.fulfillmentCreate).toMatchObject({
      userErrors: [],
      fulfillment: {
        status: "SUCCESS",
        trackingInfo: [{ number: "1Z1" }],
        fulfillmentLineItems: { edges: [{ node: { quantity: 2, lineItem: { sku: "TEE-S" } } }] },
      },
    });
    expect(shop.levels("TEE-S").Warehouse).toMatchObject({ available: 3, committed: 0, on_hand: 3 });
    const after = await gql(FULFILLMENT_ORDERS, { id: `gid://shopify/Order/${order.id}` });
    expect(after.body.data?.order.fulfillmentOrders.edges[0].node.status).toBe("IN_PROGRESS");
    await sim.webhooks.flush();
    const [fulfillmentHook] = webhooks("fulfillments/create");
    expect(shopifyParser.parseWebhook("fulfillments/create", JSON.parse(fulfillmentHook!.body))).toMatchObject({
      events: [
        { type: "fulfillment.changed", orderExternalId: String(order.id), status: "success", trackingNumber: "1Z1" },
      ],
    });
    const tooMany = await gql(
      `mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { field message } } }`,
      {
        f: {
          lineItemsByFulfillmentOrder: [
            { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: teeLine.id, quantity: 1 }] },
          ],
        },
      },
    );
    expect(tooMany.body.data?.fulfillmentCreate.userErrors[0].message).toMatch(/exceeds/);
  });

  it("cancels an order as a job, restocking what was committed", async () => {
    const order = await shop.placeOrder({ lines: [{ sku: "TEE-L", quantity: 3 }] });
    const cancel = `mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, restock: true, refundMethod: { originalPaymentMethodsRefund: true }, notifyCustomer: false) {
      job { id done } orderCancelUserErrors { code field message } } }`;
    const { body } = await gql(cancel, { id: `gid://shopify/Order/${order.id}` });
    expect(body.data?.orderCancel).toMatchObject({ job: { done: false }, orderCancelUserErrors: [] });
    const job = await gql(`query($id: ID!) { job(id: $id) { done } }`, { id: body.data?.orderCancel.job.id });
    expect(job.body.data?.job.done).toBe(true);
    expect(shop.levels("TEE-L").Warehouse).toMatchObject({ available: 5, committed: 0 });
    const again = await gql(cancel, { id: `gid://shopify/Order/${order.id}` });
    expect(again.body.data?.orderCancel.orderCancelUserErrors[0].code).toBe("INVALID");
    await sim.webhooks.flush();
    expect(
      shopifyParser.parseWebhook("orders/cancelled", JSON.parse(webhooks("orders/cancelled")[0]!.body)),
    ).toMatchObject({
      events: [{ type: "order.upserted", order: { externalId: String(order.id), status: "cancelled" } }],
    });
  });

  it("creates and processes a return, restocking and refunding", async () => {
    const order = await shop.placeOrder({ lines: [{ sku: "TEE-M", quantity: 2 }] });
    const fulfillment = await shop.fulfil(order.id);
    const created = await gql(
      `mutation($input: ReturnInput!) { returnCreate(returnInput: $input) { return { id status
        returnLineItems(first: 5) { edges { node { id ... on ReturnLineItem { quantity fulfillmentLineItem { id } } } } } }
        userErrors { code field message } } }`,
      {
        input: {
          orderId: `gid://shopify/Order/${order.id}`,
          returnLineItems: [
            {
              fulfillmentLineItemId: `gid://shopify/FulfillmentLineItem/${fulfillment.lineItems[0]!.id}`,
              quantity: 1,
              returnReason: "SIZE_TOO_SMALL",
            },
          ],
        },
      },
    );
    const record = created.body.data?.returnCreate.return;
    expect(record).toMatchObject({ status: "OPEN", returnLineItems: { edges: [{ node: { quantity: 1 } }] } });
    const processed = await gql(
      `mutation($input: ReturnProcessInput!) { returnProcess(input: $input) { return { id status } userErrors { code field message } } }`,
      {
        input: {
          returnId: record.id,
          returnLineItems: [
            {
              id: record.returnLineItems.edges[0].node.id,
              quantity: 1,
              dispositions: [{ quantity: 1, dispositionType: "RESTOCKED", locationId: locationGid("Warehouse") }],
            },
          ],
          financialTransfer: { issueRefund: { allowOverRefunding: false } },
        },
      },
    );
    expect(processed.body.data?.returnProcess).toEqual({ return: { id: record.id, status: "CLOSED" }, userErrors: [] });
    expect(shop.levels("TEE-M").Warehouse).toMatchObject({ available: 4, on_hand: 4 });
    await sim.webhooks.flush();
    expect(shopifyParser.parseWebhook("refunds/create", JSON.parse(webhooks("refunds/create")[0]!.body))).toMatchObject(
      {
        events: [
          {
            type: "refund.created",
            orderExternalId: String(order.id),
            amountMinor: 1000,
            // restock_type "return": the return restocks these units, not its refund (ADR 0009).
            lines: [{ quantity: 1, restock: false }],
          },
        ],
      },
    );
  });
});
