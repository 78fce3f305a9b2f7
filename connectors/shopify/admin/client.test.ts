import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startShopifySimMsw } from "../../../test/sim/shopify/msw";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import { createShopifyAdmin, type ShopifyAdminOptions } from "./client";
import { CostBuckets } from "./cost-bucket";
import { ShopifyGraphqlError, ShopifyHttpError, ShopifyRetriesExhaustedError } from "./errors";
import { LOCATIONS_QUERY, LocationsResponseSchema } from "./operations/locations";
import { UserErrorSchema } from "./operations/common";

// The client against the simulated store through msw: every wait is taken on a fake clock that the simulator's
// bucket shares, so the tests check the exact waits without spending them.

const ONE_LOCATION = /* GraphQL */ `
  query OneLocation {
    locations(first: 1) {
      edges {
        node {
          id
        }
      }
    }
  }
`;
const OneLocationSchema = z.object({
  locations: z.object({ edges: z.array(z.object({ node: z.object({ id: z.string() }) })) }),
});

const SET_AVAILABLE = (key?: string) => /* GraphQL */ `
  mutation SetAvailable($input: InventorySetQuantitiesInput!) {
    inventorySetQuantities(input: $input)${key ? ` @idempotent(key: "${key}")` : ""} {
      inventoryAdjustmentGroup {
        id
        changes {
          name
          delta
          quantityAfterChange
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
const SetAvailableSchema = z.object({
  inventorySetQuantities: z.object({
    inventoryAdjustmentGroup: z
      .object({
        id: z.string(),
        changes: z.array(z.object({ name: z.string(), delta: z.number(), quantityAfterChange: z.number() })),
      })
      .nullable(),
    userErrors: z.array(UserErrorSchema),
  }),
});

let time = Date.parse("2026-05-01T00:00:00Z");
const sleeps: number[] = [];
const fakeClock = {
  now: () => time,
  sleep: async (ms: number) => {
    sleeps.push(ms);
    time += ms;
  },
};

let sim: ShopifySim;
let server: ReturnType<typeof startShopifySimMsw>;
let shopCount = 0;

beforeAll(() => {
  sim = createShopifySim({ now: () => time });
  server = startShopifySimMsw(sim, { origins: ["http://shopify-sim.test"] });
});
afterAll(() => server.close());
afterEach(() => {
  sim.faults.clear();
  sleeps.length = 0;
});

function setup(bucket = { maximumAvailable: 2000, restoreRate: 100 }, options: Partial<ShopifyAdminOptions> = {}) {
  shopCount += 1;
  const shop = sim.createShop({
    domain: `client-${shopCount}.myshopify.com`,
    accessToken: `token-${shopCount}`,
    bucket,
  });
  const admin = createShopifyAdmin({
    shopDomain: shop.domain,
    accessToken: `token-${shopCount}`,
    buckets: new CostBuckets(),
    random: () => 1,
    ...fakeClock,
    ...options,
  });
  const requests = () => sim.requests.filter((request) => request.shop === shop.domain);
  return { shop, admin, requests };
}

describe("Shopify Admin client", () => {
  it("posts to the shop's 2026-07 endpoint with the token and answers validated data with its cost", async () => {
    const { admin, shop } = setup();
    expect(admin.endpoint).toBe(`https://${shop.domain}/admin/api/2026-07/graphql.json`);
    const result = await admin.request(
      LOCATIONS_QUERY,
      { first: 250, after: null },
      { schema: LocationsResponseSchema },
    );
    expect(result.data.locations.edges.map((edge) => edge.node.name)).toEqual(["Warehouse"]);
    expect(result.attempts).toBe(1);
    expect(result.cost).toMatchObject({ requestedQueryCost: 252, actualQueryCost: 3 });
    expect(result.cost?.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
  });

  it("waits before sending when the requested cost would not fit the bucket, so it is never THROTTLED", async () => {
    const { admin, requests } = setup({ maximumAvailable: 10, restoreRate: 1 });
    // Each request costs 3: 10 → 7 → 4 → 1, and the fourth must wait two seconds for 3 points.
    for (let index = 0; index < 4; index++) await admin.request(ONE_LOCATION, {}, { schema: OneLocationSchema });
    expect(sleeps).toEqual([2000]);
    expect(requests().map((request) => request.throttled)).toEqual([false, false, false, false]);
  });

  it("shares what it learnt of query costs with the next client of the shop, which waits rather than being THROTTLED", async () => {
    const buckets = new CostBuckets();
    const { admin, shop, requests } = setup({ maximumAvailable: 10, restoreRate: 1 }, { buckets });
    for (let index = 0; index < 3; index++) await admin.request(ONE_LOCATION, {}, { schema: OneLocationSchema });
    // A push or a backfill page makes a client of its own.
    const next = createShopifyAdmin({
      shopDomain: shop.domain,
      accessToken: `token-${shopCount}`,
      buckets,
      random: () => 1,
      ...fakeClock,
    });
    await next.request(ONE_LOCATION, {}, { schema: OneLocationSchema });
    expect(sleeps).toEqual([2000]);
    expect(requests().map((request) => request.throttled)).toEqual([false, false, false, false]);
  });

  it("retries a THROTTLED answer (HTTP 200) after the wait the reported bucket needs", async () => {
    const { admin, shop, requests } = setup({ maximumAvailable: 10, restoreRate: 1 });
    // Another app has just emptied the bucket this client knows nothing about yet.
    shop.bucket.setAvailable(0);
    const result = await admin.request(ONE_LOCATION, {}, { schema: OneLocationSchema });
    expect(result.attempts).toBe(2);
    expect(sleeps).toEqual([3000]);
    expect(requests().map((request) => request.throttled)).toEqual([true, false]);
  });

  it("honours Retry-After on a 429", async () => {
    const { admin } = setup();
    sim.faults.queue({ kind: "http429", retryAfterSeconds: 2 });
    const result = await admin.request(ONE_LOCATION, {}, { schema: OneLocationSchema });
    expect(result.attempts).toBe(2);
    expect(sleeps).toEqual([2000]);
  });

  it("backs off exponentially on 5xx and succeeds when the store recovers", async () => {
    const { admin } = setup();
    sim.faults.queue({ kind: "http5xx", status: 503 }, { kind: "http5xx", status: 502 });
    const result = await admin.request(ONE_LOCATION, {}, { schema: OneLocationSchema });
    expect(result.attempts).toBe(3);
    // random() = 1 takes the full step: 500 ms, then 1000 ms.
    expect(sleeps).toEqual([500, 1000]);
  });

  it("retries network errors and timeouts", async () => {
    const { admin } = setup(undefined, { timeoutMs: 100 });
    sim.faults.queue({ kind: "network" }, { kind: "delay", ms: 400 });
    const result = await admin.request(ONE_LOCATION, {}, { schema: OneLocationSchema });
    expect(result.attempts).toBe(3);
  });

  it("gives up after the last attempt with a typed error", async () => {
    const { admin, requests } = setup(undefined, { retry: { maxAttempts: 3 } });
    sim.faults.queue(...Array.from({ length: 3 }, () => ({ kind: "http5xx" as const, status: 503 })));
    const failure = await admin.request(ONE_LOCATION, {}, { schema: OneLocationSchema }).catch((error) => error);
    expect(failure).toBeInstanceOf(ShopifyRetriesExhaustedError);
    expect(failure).toMatchObject({ attempts: 3, lastFailure: "HTTP 503" });
    expect(requests()).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it("returns userErrors to the caller instead of throwing", async () => {
    const { admin, shop } = setup();
    shop.addProduct({ title: "Tee", variants: [{ sku: "TEE-1", stock: { Warehouse: 5 } }] });
    const item = [...shop.state.inventoryItems.values()][0]!;
    const location = shop.location("Warehouse");
    const input = {
      name: "available",
      reason: "correction",
      referenceDocumentUri: "gid://channel-ledger/Push/1",
      quantities: [
        {
          inventoryItemId: `gid://shopify/InventoryItem/${item.id}`,
          locationId: `gid://shopify/Location/${location.id}`,
          quantity: 8,
          changeFromQuantity: 4,
        },
      ],
    };
    const { data } = await admin.request(SET_AVAILABLE(), { input }, { schema: SetAvailableSchema });
    expect(data.inventorySetQuantities.inventoryAdjustmentGroup).toBeNull();
    expect(data.inventorySetQuantities.userErrors).toEqual([
      {
        code: "CHANGE_FROM_QUANTITY_STALE",
        field: ["input", "quantities", "0", "changeFromQuantity"],
        message: "The changeFromQuantity value does not match persisted value.",
      },
    ]);
    expect(shop.levels("TEE-1").Warehouse?.available).toBe(5);
  });

  it("retries an @idempotent mutation whose answer was lost and gets the first result, applied once", async () => {
    const { admin, shop } = setup();
    shop.addProduct({ title: "Mug", variants: [{ sku: "MUG-1", stock: { Warehouse: 5 } }] });
    const item = [...shop.state.inventoryItems.values()][0]!;
    const input = {
      name: "available",
      reason: "correction",
      quantities: [
        {
          inventoryItemId: `gid://shopify/InventoryItem/${item.id}`,
          locationId: `gid://shopify/Location/${shop.location("Warehouse").id}`,
          quantity: 9,
          changeFromQuantity: 5,
        },
      ],
    };
    sim.faults.queue({ kind: "http5xx", status: 502, afterExecution: true });
    const { data, attempts } = await admin.request(SET_AVAILABLE("push-1"), { input }, { schema: SetAvailableSchema });
    expect(attempts).toBe(2);
    // The replay is the first answer: the change from 5 to 9, not a stale compare against the new 9.
    expect(data.inventorySetQuantities.userErrors).toEqual([]);
    expect(data.inventorySetQuantities.inventoryAdjustmentGroup?.changes).toContainEqual({
      name: "available",
      delta: 4,
      quantityAfterChange: 9,
    });
    expect(shop.levels("MUG-1").Warehouse?.available).toBe(9);
  });

  it("does not retry a plain mutation after a 5xx: it may have run", async () => {
    const { admin, requests } = setup();
    sim.faults.queue({ kind: "http5xx", status: 503 });
    const input = { name: "available", reason: "correction", quantities: [] };
    const failure = await admin.request(SET_AVAILABLE(), { input }, { schema: SetAvailableSchema }).catch((e) => e);
    expect(failure).toBeInstanceOf(ShopifyRetriesExhaustedError);
    expect(requests()).toHaveLength(1);
  });

  it("turns GraphQL errors into a typed error naming their codes", async () => {
    const { admin } = setup();
    const failure = await admin
      .request("query { shop { id nonsense } }", {}, { schema: z.unknown() })
      .catch((error) => error);
    expect(failure).toBeInstanceOf(ShopifyGraphqlError);
    expect(failure.codes).toEqual(["undefinedField"]);
    const tooCostly = await admin
      .request(
        "query { productVariants(first: 250) { edges { node { id product { id } inventoryItem { id inventoryLevels(first: 10) { edges { node { id } } } } } } } }",
        {},
        { schema: z.unknown() },
      )
      .catch((error) => error);
    expect(tooCostly).toBeInstanceOf(ShopifyGraphqlError);
    expect(tooCostly.codes).toEqual(["MAX_COST_EXCEEDED"]);
  });

  it("does not retry a refused token", async () => {
    const { shop } = setup();
    const admin = createShopifyAdmin({
      shopDomain: shop.domain,
      accessToken: "wrong",
      buckets: new CostBuckets(),
      ...fakeClock,
    });
    const failure = await admin.request(ONE_LOCATION, {}, { schema: OneLocationSchema }).catch((error) => error);
    expect(failure).toBeInstanceOf(ShopifyHttpError);
    expect(failure.status).toBe(401);
    expect(sleeps).toEqual([]);
  });

  it("sends to the origin when one is set, keeping the shop in X-Forwarded-Host", async () => {
    const { shop } = setup();
    const seen: string[] = [];
    const admin = createShopifyAdmin({
      shopDomain: shop.domain,
      accessToken: `token-${shopCount}`,
      origin: "http://shopify-sim.test",
      buckets: new CostBuckets(),
      fetch: async (input, init) => {
        seen.push(`${String(input)} ${new Headers(init?.headers).get("x-forwarded-host")}`);
        return fetch(input, init);
      },
      ...fakeClock,
    });
    expect(admin.endpoint).toBe("http://shopify-sim.test/admin/api/2026-07/graphql.json");
    const { data } = await admin.request(ONE_LOCATION, {}, { schema: OneLocationSchema });
    expect(data.locations.edges).toHaveLength(1);
    expect(seen).toEqual([`http://shopify-sim.test/admin/api/2026-07/graphql.json ${shop.domain}`]);
  });

  it("asks a token function before every attempt", async () => {
    const { shop } = setup();
    let calls = 0;
    const admin = createShopifyAdmin({
      shopDomain: shop.domain,
      accessToken: async () => {
        calls += 1;
        return `token-${shopCount}`;
      },
      buckets: new CostBuckets(),
      random: () => 1,
      ...fakeClock,
    });
    sim.faults.queue({ kind: "http429", retryAfterSeconds: 1 });
    await admin.request(ONE_LOCATION, {}, { schema: OneLocationSchema });
    expect(calls).toBe(2);
  });
});
