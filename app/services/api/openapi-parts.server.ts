import { z } from "zod";
import { MAX_BODY_BYTES } from "./body.server";
import { IdempotencyKeySchema, type requestSchemas } from "./schemas";

// The OpenAPI document's building blocks: JSON Schema from the zod schemas the endpoints parse with, the shared error
// answers, and the parameters and headers several paths share. The paths themselves are in openapi.server.ts.

export type JsonSchema = z.core.JSONSchema.BaseSchema;
export type Io = "input" | "output";

export const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
export const errorResponseRef = (name: string) => ({ $ref: `#/components/responses/${name}` });
export const jsonContent = (schema: unknown) => ({ "application/json": { schema } });

// Shared error answers; each names the codes a client can branch on.
export const ERROR_RESPONSES: Record<string, { status: string; description: string }> = {
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

export function errors(...names: (keyof typeof ERROR_RESPONSES)[]) {
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

export function componentSchemas(registry: typeof requestSchemas, io: Io): Record<string, JsonSchema> {
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

export function inlineSchema(schema: z.ZodType, io: Io): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, override: cleanUp(io) });
  return rest;
}

export function queryParameters(schema: z.ZodObject) {
  const json = inlineSchema(schema, "input");
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = typeof property === "boolean" ? {} : property;
    return { name, in: "query", required: required.has(name), description, schema: propertySchema };
  });
}

export const orderIdParameter = { name: "id", in: "path", required: true, schema: { type: "string" } };
export const pathId = (description: string) => ({ ...orderIdParameter, description });

// What every POST that honours Idempotency-Key shares: the header and the replay marker on its answer.
export function idempotencyKeyParameter() {
  const { description, ...schema } = inlineSchema(IdempotencyKeySchema, "input");
  return { name: "Idempotency-Key", in: "header", required: false, description, schema };
}
export const replayedHeader = {
  "Idempotent-Replayed": {
    description: "`true` when this is the stored answer of an earlier request with the same key.",
    schema: { type: "string", enum: ["true"] },
  },
};
export const POST_ERRORS = [
  "BadRequest",
  "Unauthorized",
  "MethodNotAllowed",
  "Conflict",
  "PayloadTooLarge",
  "UnsupportedMediaType",
  "Unprocessable",
  "InternalError",
] as const;
