// Request and response bodies of the order actions (fulfil, cancel); registered with the other schemas so the
// OpenAPI document describes them from the same source the endpoints parse with.
import { z } from "zod";
import { OrderCancelCommandSchema } from "../commands/kinds";
import { ApiFulfillmentSchema, requestSchemas, responseSchemas } from "./schemas";

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

export const FulfillmentResponseSchema = z
  .object({ data: ApiFulfillmentSchema })
  .register(responseSchemas, { id: "FulfillmentResponse" });
export type FulfillmentResponse = z.infer<typeof FulfillmentResponseSchema>;
