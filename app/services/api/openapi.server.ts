import { z } from "zod";
import { MAX_BODY_BYTES } from "./body.server";
// Registers the order actions' bodies and the reconciliation answers with the schemas below.
import "./order-action-schemas";
import "./reconcile-schemas";
import {
  ApiInventoryQuerySchema,
  ApiOrderListQuerySchema,
  IdempotencyKeySchema,
  requestSchemas,
  responseSchemas,
} from "./schemas";

type JsonSchema = z.core.JSONSchema.BaseSchema;
type Io = "input" | "output";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const errorResponseRef = (name: string) => ({ $ref: `#/components/responses/${name}` });
const jsonContent = (schema: unknown) => ({ "application/json": { schema } });

// Shared error answers; each names the codes a client can branch on.
const ERROR_RESPONSES: Record<string, { status: string; description: string }> = {
  BadRequest: { status: "400", description: "invalid_request: malformed JSON or a parameter failed validation." },
  Unauthorized: { status: "401", description: "unauthenticated: the API key is missing, unknown or revoked." },
  NotFound: { status: "404", description: "not_found: no such resource in this key's shop." },
  MethodNotAllowed: { status: "405", description: "method_not_allowed: see the Allow header." },
  Conflict: {
    status: "409",
    description:
      "idempotency_conflict (key reused with another body), idempotency_in_progress, or order_state_conflict (the " +
      "state does not allow it: order cancelled or already shipped, return line received already, fulfilment " +
      "cancelled), or channel_state_conflict (the channel is disconnected or still being backfilled).",
  },
  PayloadTooLarge: { status: "413", description: `payload_too_large: the body exceeds ${MAX_BODY_BYTES} bytes.` },
  UnsupportedMediaType: { status: "415", description: "unsupported_media_type: send Content-Type: application/json." },
  Unprocessable: {
    status: "422",
    description:
      "unknown_sku, unknown_location, quantity_out_of_range or invalid_order_action (unknown line, more units than " +
      "are left to ship, return or receive, lines at several locations): the ledger refuses the request; " +
      "details.issues names the field.",
  },
  InternalError: { status: "500", description: "internal_error: our fault; retry later." },
};

function errors(...names: (keyof typeof ERROR_RESPONSES)[]) {
  return Object.fromEntries(
    names.map((name) => [ERROR_RESPONSES[name]?.status ?? "500", errorResponseRef(String(name))]),
  );
}

// Draft 2020-12 is OpenAPI 3.1's schema dialect; these edits only drop noise and keep responses open.
function cleanUp(io: Io) {
  return ({ jsonSchema }: { jsonSchema: JsonSchema }) => {
    if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    // New response fields must not break clients that validate with the document.
    if (io === "output" && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
  };
}

function componentSchemas(registry: typeof requestSchemas, io: Io): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, {
    io,
    uri: (id) => `#/components/schemas/${id}`,
    override: cleanUp(io),
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema;
      return [id, rest];
    }),
  );
}

function inlineSchema(schema: z.ZodType, io: Io): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, override: cleanUp(io) });
  return rest;
}

function queryParameters(schema: z.ZodObject) {
  const json = inlineSchema(schema, "input");
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = typeof property === "boolean" ? {} : property;
    return { name, in: "query", required: required.has(name), description, schema: propertySchema };
  });
}

const orderIdParameter = { name: "id", in: "path", required: true, schema: { type: "string" } };
const pathId = (description: string) => ({ ...orderIdParameter, description });

// What every POST that honours Idempotency-Key shares: the header and the replay marker on its answer.
function idempotencyKeyParameter() {
  const { description, ...schema } = inlineSchema(IdempotencyKeySchema, "input");
  return { name: "Idempotency-Key", in: "header", required: false, description, schema };
}
const replayedHeader = {
  "Idempotent-Replayed": {
    description: "`true` when this is the stored answer of an earlier request with the same key.",
    schema: { type: "string", enum: ["true"] },
  },
};
const POST_ERRORS = [
  "BadRequest",
  "Unauthorized",
  "MethodNotAllowed",
  "Conflict",
  "PayloadTooLarge",
  "UnsupportedMediaType",
  "Unprocessable",
  "InternalError",
] as const;

function build() {
  return {
    openapi: "3.1.0",
    info: {
      title: "ChannelLedger REST API",
      version: "1.0.0",
      description:
        "Orders and stock of every sales channel, for ERPs, WMSs and 3PLs. Every request is scoped to the shop of " +
        "its API key. Money is integer minor units plus a currency code. Errors are " +
        '`{"error":{"code","message","details"}}`.',
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    paths: {
      "/api/v1/orders": {
        get: {
          operationId: "listOrders",
          summary: "Orders, oldest change first, cursor-paginated on (updated_at, id)",
          tags: ["Orders"],
          parameters: queryParameters(ApiOrderListQuerySchema),
          responses: {
            "200": { description: "A page of orders.", content: jsonContent(ref("OrderList")) },
            ...errors("BadRequest", "Unauthorized", "MethodNotAllowed", "InternalError"),
          },
        },
      },
      "/api/v1/orders/{id}": {
        get: {
          operationId: "getOrder",
          summary: "An order with its lines, fulfillments, returns and timeline",
          tags: ["Orders"],
          parameters: [orderIdParameter],
          responses: {
            "200": { description: "The order.", content: jsonContent(ref("OrderResponse")) },
            ...errors("Unauthorized", "NotFound", "MethodNotAllowed", "InternalError"),
          },
        },
      },
      "/api/v1/orders/{id}/fulfillments": {
        post: {
          operationId: "createFulfillment",
          summary:
            "Ship units of an order: moves the stock now, and the order's sales channel is told in the background",
          tags: ["Orders"],
          parameters: [orderIdParameter, idempotencyKeyParameter()],
          requestBody: { required: true, content: jsonContent(ref("FulfillmentRequest")) },
          responses: {
            "201": {
              description: "The fulfilment; `channel_sync_state` is `pending` until the channel has it.",
              headers: replayedHeader,
              content: jsonContent(ref("FulfillmentResponse")),
            },
            ...errors(...POST_ERRORS, "NotFound"),
          },
        },
      },
      "/api/v1/orders/{id}/cancel": {
        post: {
          operationId: "cancelOrder",
          summary: "Cancel an order with nothing shipped: releases its reservations, and the channel cancels it too",
          tags: ["Orders"],
          parameters: [orderIdParameter, idempotencyKeyParameter()],
          requestBody: { required: true, content: jsonContent(ref("CancelRequest")) },
          responses: {
            "200": {
              description: "The cancelled order.",
              headers: replayedHeader,
              content: jsonContent(ref("OrderResponse")),
            },
            ...errors(...POST_ERRORS, "NotFound"),
          },
        },
      },
      "/api/v1/orders/{id}/returns": {
        post: {
          operationId: "createReturn",
          summary: "Open a return of shipped units: expected back, nothing moves in stock until they are received",
          tags: ["Returns"],
          parameters: [orderIdParameter, idempotencyKeyParameter()],
          requestBody: { required: true, content: jsonContent(ref("ReturnRequest")) },
          responses: {
            "201": {
              description: "The return, open (`approved`); `lines[].id` are what receiving names.",
              headers: replayedHeader,
              content: jsonContent(ref("ReturnResponse")),
            },
            ...errors(...POST_ERRORS, "NotFound"),
          },
        },
      },
      "/api/v1/returns/{id}/receive": {
        post: {
          operationId: "receiveReturn",
          summary: "Receive units of a return: restocked at once or disposed of; the channel processes the return",
          tags: ["Returns"],
          parameters: [pathId("The return id (`returns[].id` of the order)."), idempotencyKeyParameter()],
          requestBody: { required: true, content: jsonContent(ref("ReceiveReturnRequest")) },
          responses: {
            "200": {
              description: "The return with the received lines.",
              headers: replayedHeader,
              content: jsonContent(ref("ReturnResponse")),
            },
            ...errors(...POST_ERRORS, "NotFound"),
          },
        },
      },
      "/api/v1/fulfillments/{id}/tracking": {
        post: {
          operationId: "updateTracking",
          summary: "Change a fulfilment's carrier, tracking number or URL; the channel is told when it has it",
          tags: ["Orders"],
          parameters: [pathId("The fulfilment id (`fulfillments[].id` of the order)."), idempotencyKeyParameter()],
          requestBody: { required: true, content: jsonContent(ref("TrackingRequest")) },
          responses: {
            "200": {
              description: "The fulfilment with its tracking.",
              headers: replayedHeader,
              content: jsonContent(ref("FulfillmentResponse")),
            },
            ...errors(...POST_ERRORS, "NotFound"),
          },
        },
      },
      "/api/v1/inventory": {
        get: {
          operationId: "listInventory",
          summary: "Items by SKU with their balance per location and per channel listing",
          tags: ["Inventory"],
          parameters: queryParameters(ApiInventoryQuerySchema),
          responses: {
            "200": { description: "A page of items.", content: jsonContent(ref("InventoryList")) },
            ...errors("BadRequest", "Unauthorized", "MethodNotAllowed", "InternalError"),
          },
        },
      },
      "/api/v1/inventory/adjustments": {
        post: {
          operationId: "createAdjustment",
          summary: "Adjust on-hand stock by a delta, or set it to a counted quantity",
          tags: ["Inventory"],
          parameters: [idempotencyKeyParameter()],
          requestBody: { required: true, content: jsonContent(ref("AdjustmentRequest")) },
          responses: {
            "201": {
              description: "The movement recorded and the balance after it.",
              headers: replayedHeader,
              content: jsonContent(ref("AdjustmentResponse")),
            },
            ...errors(...POST_ERRORS),
          },
        },
      },
      "/api/v1/channels/{id}/reconcile": {
        get: {
          operationId: "getReconcile",
          summary: "The channel's last reconciliation: what it read, matched, found drifted or missing, and fixed",
          tags: ["Channels"],
          parameters: [pathId("The channel id.")],
          responses: {
            "200": {
              description: "The last report; `last_report` is null before the first reconciliation.",
              content: jsonContent(ref("ReconcileStatus")),
            },
            ...errors("Unauthorized", "NotFound", "MethodNotAllowed", "InternalError"),
          },
        },
        post: {
          operationId: "reconcileChannel",
          summary:
            "Reconcile now: read every stock figure of the channel, record drift from the ledger and queue its fix " +
            "(runs in the background, also every RECONCILE_MINUTES)",
          tags: ["Channels"],
          parameters: [pathId("The channel id.")],
          responses: {
            "202": {
              description:
                "Queued as the channel's one reconciliation job (a second request while it waits or runs adds " +
                "nothing); read the report with GET once it has run. No body is read.",
              content: jsonContent(ref("ReconcileAccepted")),
            },
            ...errors("Unauthorized", "NotFound", "MethodNotAllowed", "Conflict", "InternalError"),
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          tags: ["Meta"],
          security: [],
          responses: {
            "200": { description: "The OpenAPI 3.1 document.", content: jsonContent({ type: "object" }) },
            ...errors("MethodNotAllowed"),
          },
        },
      },
    },
    components: {
      schemas: { ...componentSchemas(requestSchemas, "input"), ...componentSchemas(responseSchemas, "output") },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([name, { description }]) => [
          name,
          { description, content: jsonContent(ref("Error")) },
        ]),
      ),
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "`Authorization: Bearer <API key>`" },
        apiKeyHeader: { type: "apiKey", in: "header", name: "X-API-Key" },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof build>;

let cached: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document, generated once from the same schemas the endpoints parse with. */
export function openApiDocument(): OpenApiDocument {
  cached ??= build();
  return cached;
}
