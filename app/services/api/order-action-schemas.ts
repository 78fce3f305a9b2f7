// Request and response bodies of the order actions (fulfil, cancel, returns, tracking); registered with the other
// schemas so the OpenAPI document describes them from the same source the endpoints parse with.
import { z } from "zod";
import { OrderCancelCommandSchema } from "../commands/kinds";
import { ApiFulfillmentSchema, ApiReturnSchema, requestSchemas, responseSchemas } from "./schemas";

const NotifyCustomerSchema = z
  .boolean()
  .default(false)
  .meta({ description: "Whether the sales channel emails the customer about it." });

export const FulfillmentRequestSchema = z
  .strictObject({
    location_id: z.string().min(1).max(100).optional().meta({
      description:
        "The location the units leave from. By default the location holding the lines' reservations, which must then be one location.",
    }),
    lines: z
      .array(
        z.strictObject({
          line_id: z.string().min(1).max(100).meta({ description: "An order line id (`lines[].id` of the order)." }),
          quantity: z.number().int().min(1).max(1_000_000),
        }),
      )
      .min(1)
      .max(250)
      .meta({ description: "Units per line; each line at most once, and no more than it has left to ship." }),
    carrier: z.string().trim().min(1).max(120).optional(),
    tracking_number: z.string().trim().min(1).max(255).optional(),
    tracking_url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
    notify_customer: NotifyCustomerSchema,
  })
  .register(requestSchemas, { id: "FulfillmentRequest" });
export type FulfillmentRequest = z.infer<typeof FulfillmentRequestSchema>;

export const CancelRequestSchema = z
  .strictObject({
    reason: OrderCancelCommandSchema.shape.reason,
    restock: z.boolean().meta({
      description: "Whether the channel puts the units back in its stock. The ledger releases the reservations anyway.",
    }),
    refund: z.boolean().meta({ description: "Whether the channel refunds the payment to the original method." }),
    notify_customer: NotifyCustomerSchema,
    staff_note: z.string().trim().min(1).max(255).optional(),
  })
  .register(requestSchemas, { id: "CancelRequest" });
export type CancelRequest = z.infer<typeof CancelRequestSchema>;

/** Lines naming `field` at most once each: the duplicate is refused where the client wrote it. */
function uniqueBy<Line extends Record<string, unknown>>(field: keyof Line & string) {
  return (lines: Line[], ctx: z.core.$RefinementCtx<Line[]>) => {
    const seen = new Set<unknown>();
    for (const [index, line] of lines.entries()) {
      if (seen.has(line[field])) {
        ctx.addIssue({ code: "custom", message: `names ${field} ${String(line[field])} twice`, path: [index, field] });
      }
      seen.add(line[field]);
    }
  };
}

const QuantitySchema = z.number().int().min(1).max(1_000_000);

export const ReturnRequestSchema = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          line_id: z.string().min(1).max(100).meta({ description: "An order line id (`lines[].id` of the order)." }),
          quantity: QuantitySchema,
          reason: z
            .string()
            .trim()
            .min(1)
            .max(255)
            .optional()
            .meta({ description: "Why it comes back, in the merchant's words." }),
        }),
      )
      .min(1)
      .max(250)
      .superRefine(uniqueBy("line_id"))
      .meta({ description: "Units expected back per line; each line at most once, and no more than were shipped." }),
    note: z.string().trim().min(1).max(1000).optional(),
  })
  .register(requestSchemas, { id: "ReturnRequest" });
export type ReturnRequest = z.infer<typeof ReturnRequestSchema>;

export const ReceiveReturnRequestSchema = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          return_line_id: z
            .string()
            .min(1)
            .max(100)
            .meta({ description: "A return line id (`returns[].lines[].id` of the order)." }),
          quantity: QuantitySchema.meta({
            description: "Units received; fewer than expected leaves the rest on a new line, still expected.",
          }),
          disposition: z.enum(["restock", "dispose"]).meta({
            description: "restock: back on hand at the line's location now; dispose: kept out of stock.",
          }),
          condition: z.string().trim().min(1).max(120).optional(),
        }),
      )
      .min(1)
      .max(250)
      .superRefine(uniqueBy("return_line_id"))
      .meta({ description: "Each return line at most once; a line is received once." }),
    refund: z.boolean().meta({ description: "Whether the channel refunds what came back (the amount it suggests)." }),
    notify_customer: NotifyCustomerSchema,
  })
  .register(requestSchemas, { id: "ReceiveReturnRequest" });
export type ReceiveReturnRequest = z.infer<typeof ReceiveReturnRequestSchema>;

// Omitted: the fulfilment keeps what it has; null: cleared.
const TrackingFieldSchema = <T extends z.ZodType>(schema: T) =>
  schema.nullable().optional().meta({ description: "Omit to keep the current value; null clears it." });

export const TrackingRequestSchema = z
  .strictObject({
    carrier: TrackingFieldSchema(z.string().trim().min(1).max(120)),
    tracking_number: TrackingFieldSchema(z.string().trim().min(1).max(255)),
    tracking_url: TrackingFieldSchema(z.url({ protocol: /^https?$/ }).max(2048)),
    notify_customer: NotifyCustomerSchema,
  })
  .refine(
    (body) => body.carrier !== undefined || body.tracking_number !== undefined || body.tracking_url !== undefined,
    { message: "give at least one of carrier, tracking_number and tracking_url" },
  )
  .meta({ description: "At least one of carrier, tracking_number and tracking_url." })
  .register(requestSchemas, { id: "TrackingRequest" });
export type TrackingRequest = z.infer<typeof TrackingRequestSchema>;

export const ReturnResponseSchema = z
  .object({ data: ApiReturnSchema })
  .register(responseSchemas, { id: "ReturnResponse" });
export type ReturnResponse = z.infer<typeof ReturnResponseSchema>;

export const FulfillmentResponseSchema = z
  .object({ data: ApiFulfillmentSchema })
  .register(responseSchemas, { id: "FulfillmentResponse" });
export type FulfillmentResponse = z.infer<typeof FulfillmentResponseSchema>;
