import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serveBulkOutput } from "./bulk-http";
import { bulkOperationsOf } from "./bulk-operations";
import { startShopifySimServer, type SimServer } from "./http-server";
import type { ShopHandle } from "./shop-handle";
import { createShopifySim, type ShopifySim } from "./sim";

// Bulk query operations of the simulated store: the query checks, the lifecycle on the simulator's clock, the JSONL
// and its signed download link, the per-version concurrency limit, failures and cancellation.

type Body = { data?: Record<string, any>; errors?: any[]; extensions?: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const LEVELS_QUERY = /* GraphQL */ `
  {
    locations {
      edges {
        node {
          id
          inventoryLevels {
            edges {
              node {
                id
                quantities(names: ["available"]) {
                  name
                  quantity
                }
              }
            }
          }
        }
      }
    }
  }
`;

const RUN = /* GraphQL */ `
  mutation Run($query: String!, $group: Boolean) {
    bulkOperationRunQuery(query: $query, groupObjects: $group) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

const STATUS = /* GraphQL */ `
  query Status($id: ID!) {
    node(id: $id) {
      ... on BulkOperation {
        id
        status
        errorCode
        objectCount
        rootObjectCount
        fileSize
        url
        partialDataUrl
      }
    }
  }
`;

let clock: number;
let sim: ShopifySim;
let shop: ShopHandle;

async function gql(query: string, variables: Record<string, unknown> = {}, version = "2026-07") {
  const answer = await sim.adminRequest(shop.domain, query, variables, { accessToken: "tok", apiVersion: version });
  return answer.body as Body;
}

async function run(query = LEVELS_QUERY, options: { version?: string; group?: boolean } = {}) {
  const body = await gql(RUN, { query, group: options.group }, options.version);
  type UserError = { field: string[] | null; message: string; code: string | null };
  return body.data!.bulkOperationRunQuery as {
    bulkOperation: { id: string; status: string } | null;
    userErrors: UserError[];
  };
}

async function status(id: string) {
  return (await gql(STATUS, { id })).data!.node as Record<string, string | null>;
}

async function download(url: string) {
  const response = serveBulkOutput(sim, new Request(url))!;
  expect(response.status).toBe(200);
  return (await response.text())
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeEach(() => {
  clock = Date.parse("2026-11-26T12:00:00Z");
  sim = createShopifySim({ now: () => clock });
  shop = sim.createShop({ domain: "bulk.myshopify.com", accessToken: "tok", locations: ["Warehouse", "Storefront"] });
  // 300 items at Warehouse (more than one page of 250), the first 10 also at Storefront.
  for (let start = 0; start < 300; start += 100) {
    shop.addProduct({
      title: `Batch ${start}`,
      variants: Array.from({ length: 100 }, (_, n) => {
        const index = start + n;
        const stock: Record<string, number> = index < 10 ? { Warehouse: index, Storefront: 1 } : { Warehouse: index };
        return { sku: `SKU-${index}`, title: `SKU-${index}`, stock };
      }),
    });
  }
});

describe("simulated bulk query operations", () => {
  it("moves CREATED → RUNNING → COMPLETED and serves the JSONL Shopify writes, every level of every location", async () => {
    bulkOperationsOf(shop.ctx).configure({ startMs: 100, runMs: 400 });
    const started = await run();
    expect(started.userErrors).toEqual([]);
    expect(started.bulkOperation).toMatchObject({ id: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\/\d+$/) });
    expect(started.bulkOperation!.status).toBe("CREATED");
    const id = started.bulkOperation!.id;
    expect(await status(id)).toMatchObject({ status: "CREATED", url: null, objectCount: "0" });
    clock += 100;
    expect(await status(id)).toMatchObject({ status: "RUNNING", url: null });
    clock += 400;
    const done = await status(id);
    expect(done).toMatchObject({ status: "COMPLETED", errorCode: null, objectCount: "312", rootObjectCount: "2" });
    // A signed, expiring link on the origin the request came in on.
    const url = new URL(done.url!);
    expect(url.origin).toBe("https://bulk.myshopify.com");
    expect(url.pathname).toMatch(/^\/bulk-operation-outputs\/bulk\.myshopify\.com\/\d+-final\.jsonl$/);
    expect(url.searchParams.get("Signature")).toBeTruthy();
    expect(Number(url.searchParams.get("Expires"))).toBe(Math.floor((clock + 7 * 24 * 3600 * 1000) / 1000));
    expect((await gql(`{ currentBulkOperation { id status } }`)).data!.currentBulkOperation).toEqual({
      id,
      status: "COMPLETED",
    });
    expect((await gql(`query($id: ID!) { bulkOperation(id: $id) { id } }`, { id })).data!.bulkOperation).toEqual({
      id,
    });

    const lines = await download(done.url!);
    expect(lines).toHaveLength(312);
    expect(Number(done.fileSize)).toBeGreaterThan(0);
    const warehouse = `gid://shopify/Location/${shop.location("Warehouse").id}`;
    const storefront = `gid://shopify/Location/${shop.location("Storefront").id}`;
    // Ungrouped (the default from 2026-01): the roots first here, their levels after them.
    expect(lines.slice(0, 2)).toEqual([{ id: warehouse }, { id: storefront }]);
    const levels = lines.slice(2);
    expect(levels.filter((line) => line.__parentId === warehouse)).toHaveLength(300);
    expect(levels.filter((line) => line.__parentId === storefront)).toHaveLength(10);
    const item = [...shop.state.inventoryItems.values()].find((candidate) => candidate.sku === "SKU-7")!;
    expect(levels).toContainEqual({
      id: expect.stringMatching(new RegExp(`^gid://shopify/InventoryLevel/\\d+\\?inventory_item_id=${item.id}$`)),
      quantities: [{ name: "available", quantity: 7 }],
      __parentId: warehouse,
    });
  });

  it("writes each parent right before its children when objects are grouped", async () => {
    bulkOperationsOf(shop.ctx).configure({ startMs: 0, runMs: 0 });
    const { bulkOperation } = await run(LEVELS_QUERY, { group: true });
    const lines = await download((await status(bulkOperation!.id)).url!);
    const storefront = `gid://shopify/Location/${shop.location("Storefront").id}`;
    const at = lines.findIndex((line) => line.id === storefront);
    expect(at).toBe(301);
    expect(lines.slice(at + 1).every((line) => line.__parentId === storefront)).toBe(true);
  });

  it("charges the mutation a mutation's cost and the status query a point", async () => {
    const body = await gql(RUN, { query: LEVELS_QUERY });
    expect(body.extensions.cost.requestedQueryCost).toBe(10);
    const id = body.data!.bulkOperationRunQuery.bulkOperation.id;
    expect((await gql(STATUS, { id })).extensions.cost.actualQueryCost).toBe(1);
  });

  it("refuses queries Shopify would not run in bulk", async () => {
    const refused = async (query: string) => (await run(query)).userErrors;
    expect(await refused(`{ shop { id } }`)).toEqual([
      { field: ["query"], code: "INVALID", message: "Bulk queries must contain at least one connection." },
    ]);
    const deep = `{ products { edges { node { id variants { edges { node { id inventoryItem {
      inventoryLevels { edges { node { id } } } } } } } } } } }`;
    expect((await refused(deep))[0]!.message).toContain("nesting depth greater than 2");
    const noId = `{ locations { edges { node { name inventoryLevels { edges { node { id } } } } } } }`;
    expect((await refused(noId))[0]!.message).toContain("Connection fields without 'id': inventoryLevels");
    expect((await refused(`{ locations { edges { node { id colour } } } }`))[0]!.message).toContain(
      "Field 'colour' doesn't exist on type 'Location'",
    );
    expect(await refused("{ locations { edges")).toMatchObject([{ code: "INVALID", field: ["query"] }]);
  });

  it("runs one bulk query at a time before 2026-01 and five from 2026-01", async () => {
    bulkOperationsOf(shop.ctx).configure({ startMs: 1_000, runMs: 10_000 });
    const first = await run(LEVELS_QUERY, { version: "2025-10" });
    const second = await run(LEVELS_QUERY, { version: "2025-10" });
    expect(second).toEqual({
      bulkOperation: null,
      userErrors: [
        {
          field: null,
          code: "OPERATION_IN_PROGRESS",
          message: `A bulk query operation for this app and shop is already in progress: ${first.bulkOperation!.id}.`,
        },
      ],
    });
    for (let n = 0; n < 4; n++) expect((await run()).userErrors).toEqual([]);
    expect((await run()).userErrors).toEqual([
      { field: null, code: "LIMIT_REACHED", message: "Bulk operations limit reached. Please try again later." },
    ]);
    clock += 11_000;
    expect((await run(LEVELS_QUERY, { version: "2025-10" })).userErrors).toEqual([]);
  });

  it("fails an operation on demand, with Shopify's error code and its partial data", async () => {
    const operations = bulkOperationsOf(shop.ctx);
    operations.configure({ startMs: 0, runMs: 50 });
    operations.failNext({ errorCode: "INTERNAL_SERVER_ERROR", partialData: true });
    const { bulkOperation } = await run();
    clock += 50;
    const failed = await status(bulkOperation!.id);
    expect(failed).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null });
    expect(await download(failed.partialDataUrl!)).toHaveLength(156);

    const next = await run();
    operations.fail(Number(next.bulkOperation!.id.split("/").pop()), { errorCode: "TIMEOUT" });
    expect(await status(next.bulkOperation!.id)).toMatchObject({
      status: "FAILED",
      errorCode: "TIMEOUT",
      partialDataUrl: null,
    });
  });

  it("cancels a running operation", async () => {
    bulkOperationsOf(shop.ctx).configure({ startMs: 0, runMs: 10_000 });
    const { bulkOperation } = await run();
    const cancel = `mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }`;
    expect((await gql(cancel, { id: bulkOperation!.id })).data!.bulkOperationCancel).toEqual({
      bulkOperation: { status: "CANCELING" },
      userErrors: [],
    });
    clock += 1;
    expect(await status(bulkOperation!.id)).toMatchObject({ status: "CANCELED", url: null });
    expect((await gql(cancel, { id: bulkOperation!.id })).data!.bulkOperationCancel.userErrors).toEqual([
      { message: "A bulk operation cannot be canceled when it is canceled" },
    ]);
  });

  it("refuses a tampered link and an expired one", async () => {
    bulkOperationsOf(shop.ctx).configure({ startMs: 0, runMs: 0 });
    const { bulkOperation } = await run();
    const url = (await status(bulkOperation!.id)).url!;
    const tampered = url.replace(/Signature=[^&]+/, "Signature=forged");
    expect(serveBulkOutput(sim, new Request(tampered))!.status).toBe(403);
    clock += 7 * 24 * 3600 * 1000;
    expect(serveBulkOutput(sim, new Request(url))!.status).toBe(400);
    expect(await status(bulkOperation!.id)).toMatchObject({ status: "EXPIRED", url: null });
    expect(serveBulkOutput(sim, new Request("https://bulk.myshopify.com/admin/other"))).toBeNull();
  });
});

describe("simulated bulk query operations over HTTP", () => {
  let server: SimServer;
  afterEach(async () => {
    await server?.close();
  });

  it("hands out a link on the server's own origin and serves the file there", async () => {
    sim = createShopifySim();
    shop = sim.createShop({ domain: "bulk-http.myshopify.com", accessToken: "tok-http" });
    shop.addProduct({ title: "Tee", variants: [{ sku: "TEE", title: "TEE", stock: { Warehouse: 3 } }] });
    bulkOperationsOf(shop.ctx).configure({ startMs: 0, runMs: 0 });
    server = await startShopifySimServer(sim);
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`${server.url}/admin/api/2026-07/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": "tok-http" },
        body: JSON.stringify({ query, variables }),
      });
      return ((await response.json()) as Body).data!;
    };
    const { bulkOperationRunQuery } = await post(RUN, { query: LEVELS_QUERY });
    const { node } = await post(STATUS, { id: bulkOperationRunQuery.bulkOperation.id });
    expect(node.url.startsWith(`${server.url}/bulk-operation-outputs/`)).toBe(true);
    const response = await fetch(node.url);
    expect(response.headers.get("content-type")).toBe("application/jsonl");
    const lines = (await response.text()).trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toMatchObject({ quantities: [{ name: "available", quantity: 3 }] });
  });
});
