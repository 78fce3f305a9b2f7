// Registers the order actions' bodies and the reconciliation answers with the schemas below.
import "./order-action-schemas";
import "./reconcile-schemas";
import { ApiInventoryQuerySchema, ApiOrderListQuerySchema, requestSchemas, responseSchemas } from "./schemas";

import {
  componentSchemas,
  ERROR_RESPONSES,
  errors,
  idempotencyKeyParameter,
  jsonContent,
  orderIdParameter,
  pathId,
  POST_ERRORS,
  queryParameters,
  ref,
  replayedHeader,
} from "./openapi-parts.server";

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
