import { describe, expect, it } from "vitest";
import type { ApiErrorBody } from "../services/api/schemas.ts";
import {
  CancelRequestSchema,
  FulfillmentRequestSchema,
  ReceiveReturnRequestSchema,
  ReturnRequestSchema,
  TrackingRequestSchema,
} from "../services/api/order-action-schemas.ts";
import { AdjustmentRequestSchema } from "../services/api/schemas.ts";
import { apiRequest, readJson, routeArgs } from "../services/api/test-support.ts";
import * as openapi from "./api.v1.openapi[.]json.ts";

type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean; schema: object }[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, object>;
  security?: unknown[];
};
type Document = {
  openapi: string;
  info: { title: string; version: string };
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { type?: string; properties?: Record<string, object>; required?: string[] }>;
    responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
  };
};

async function fetchDocument() {
  // No API key: integrators read the contract before they have one.
  const response = await openapi.loader();
  const { status, body } = await readJson<Document>(response);
  expect(status).toBe(200);
  return body;
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === "$ref" && typeof inner === "string" ? [inner] : refsIn(inner),
  );
}

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document with the bearer scheme", async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.apiKeyHeader).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "X-API-Key",
    });
    expect(doc.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
  });

  it("documents every endpoint with its parameters, bodies and answers", async () => {
    const doc = await fetchDocument();
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/api/v1/inventory",
        "/api/v1/inventory/adjustments",
        "/api/v1/openapi.json",
        "/api/v1/orders",
        "/api/v1/orders/{id}",
        "/api/v1/orders/{id}/cancel",
        "/api/v1/orders/{id}/fulfillments",
        "/api/v1/orders/{id}/returns",
        "/api/v1/returns/{id}/receive",
        "/api/v1/fulfillments/{id}/tracking",
        "/api/v1/channels/{id}/reconcile",
      ].sort(),
    );
    const listOrders = doc.paths["/api/v1/orders"]?.get;
    expect(listOrders?.parameters?.map((parameter) => parameter.name)).toEqual([
      "channel",
      "status",
      "updated_since",
      "limit",
      "cursor",
    ]);
    expect(listOrders?.parameters?.find((parameter) => parameter.name === "limit")?.schema).toMatchObject({
      type: "integer",
      minimum: 1,
      maximum: 100,
      default: 50,
    });
    expect(doc.paths["/api/v1/orders/{id}"]?.get?.parameters).toEqual([
      expect.objectContaining({ name: "id", in: "path", required: true }),
    ]);
    expect(doc.paths["/api/v1/inventory"]?.get?.parameters?.map((parameter) => parameter.name)).toEqual([
      "sku",
      "limit",
      "cursor",
    ]);

    const adjust = doc.paths["/api/v1/inventory/adjustments"]?.post;
    expect(adjust?.requestBody?.content["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/AdjustmentRequest",
    });
    expect(adjust?.parameters).toEqual([expect.objectContaining({ name: "Idempotency-Key", in: "header" })]);
    expect(Object.keys(adjust?.responses ?? {})).toEqual(
      expect.arrayContaining(["201", "400", "401", "409", "413", "415", "422"]),
    );
    expect(doc.paths["/api/v1/openapi.json"]?.get?.security).toEqual([]);
    const reconcile = doc.paths["/api/v1/channels/{id}/reconcile"];
    expect(reconcile?.post?.responses["202"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/ReconcileAccepted" } } },
    });
    expect(reconcile?.get?.responses["200"]).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/ReconcileStatus" } } },
    });
    expect(Object.keys(reconcile?.post?.responses ?? {})).toEqual(expect.arrayContaining(["202", "401", "404", "409"]));

    for (const [path, body, success, answer] of [
      ["/api/v1/orders/{id}/fulfillments", "FulfillmentRequest", "201", "FulfillmentResponse"],
      ["/api/v1/orders/{id}/cancel", "CancelRequest", "200", "OrderResponse"],
      ["/api/v1/orders/{id}/returns", "ReturnRequest", "201", "ReturnResponse"],
      ["/api/v1/returns/{id}/receive", "ReceiveReturnRequest", "200", "ReturnResponse"],
      ["/api/v1/fulfillments/{id}/tracking", "TrackingRequest", "200", "FulfillmentResponse"],
    ] as const) {
      const operation = doc.paths[path]?.post;
      expect(operation?.requestBody?.content["application/json"]?.schema).toEqual({
        $ref: `#/components/schemas/${body}`,
      });
      expect(operation?.responses[success]).toMatchObject({
        content: { "application/json": { schema: { $ref: `#/components/schemas/${answer}` } } },
      });
      expect(operation?.parameters?.map((parameter) => [parameter.name, parameter.in])).toEqual([
        ["id", "path"],
        ["Idempotency-Key", "header"],
      ]);
      expect(Object.keys(operation?.responses ?? {})).toEqual(
        expect.arrayContaining([success, "400", "401", "404", "409", "415", "422"]),
      );
    }
  });

  it("generates component schemas from the zod schemas, including the error envelope", async () => {
    const doc = await fetchDocument();
    const error = doc.components.schemas.Error;
    expect(error).toMatchObject({ type: "object", required: ["error"] });
    expect(error?.properties?.error).toMatchObject({ required: ["code", "message", "details"] });
    for (const response of Object.values(doc.components.responses)) {
      expect(response.content["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/Error" });
    }
    const adjustment = doc.components.schemas.AdjustmentRequest;
    expect(Object.keys(adjustment?.properties ?? {}).sort()).toEqual(Object.keys(AdjustmentRequestSchema.shape).sort());
    expect(adjustment?.required).toEqual(["sku", "location_id", "reason"]);
    const fulfillment = doc.components.schemas.FulfillmentRequest;
    expect(Object.keys(fulfillment?.properties ?? {}).sort()).toEqual(
      Object.keys(FulfillmentRequestSchema.shape).sort(),
    );
    expect(fulfillment?.required).toEqual(["lines"]);
    const cancel = doc.components.schemas.CancelRequest;
    expect(Object.keys(cancel?.properties ?? {}).sort()).toEqual(Object.keys(CancelRequestSchema.shape).sort());
    expect(cancel?.required).toEqual(["reason", "restock", "refund"]);
    for (const [name, schema, required] of [
      ["ReturnRequest", ReturnRequestSchema, ["lines"]],
      ["ReceiveReturnRequest", ReceiveReturnRequestSchema, ["lines", "refund"]],
      ["TrackingRequest", TrackingRequestSchema, undefined],
    ] as const) {
      const component = doc.components.schemas[name];
      expect(Object.keys(component?.properties ?? {}).sort(), name).toEqual(Object.keys(schema.shape).sort());
      expect(component?.required, name).toEqual(required);
    }
    expect(doc.components.schemas.ReceiveReturnRequest?.properties?.lines).toMatchObject({
      items: {
        required: ["return_line_id", "quantity", "disposition"],
        properties: { disposition: { enum: ["restock", "dispose"] } },
      },
    });
    expect(doc.components.schemas.Return?.properties?.lines).toMatchObject({
      items: { required: expect.arrayContaining(["id", "order_line_id", "received_quantity"]) },
    });
    expect(doc.components.schemas.Fulfillment?.properties).toHaveProperty("channel_sync_state");
    for (const name of [
      "Order",
      "OrderDetail",
      "OrderList",
      "InventoryItem",
      "InventoryList",
      "AdjustmentResponse",
      "FulfillmentResponse",
      "Return",
      "ReturnResponse",
      "ReconcileReport",
      "ReconcileAccepted",
    ]) {
      expect(doc.components.schemas[name]).toMatchObject({ type: "object" });
    }
  });

  it("resolves every $ref inside the document", async () => {
    const doc = await fetchDocument();
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) {
      const [, section, name] = /^#\/components\/(schemas|responses)\/(.+)$/.exec(ref) ?? [];
      expect(section, ref).toBeDefined();
      const table = section === "schemas" ? doc.components.schemas : doc.components.responses;
      expect(table[name ?? ""], ref).toBeDefined();
    }
  });

  it("answers 405 in the error envelope for other methods", async () => {
    const response = await openapi.action(routeArgs(apiRequest("/api/v1/openapi.json", { method: "POST" })));
    const { status, body } = await readJson<ApiErrorBody>(response);
    expect(status).toBe(405);
    expect(body.error.code).toBe("method_not_allowed");
  });
});
