import { z } from "zod";

// What a merchant's change asks of the channel. Each kind's payload is validated when the command is recorded and
// again when it runs, so a command written by an older release is refused with a reason instead of half-run.

export const COMMAND_KINDS = [
  "fulfillment.create",
  "fulfillment.tracking",
  "return.create",
  "return.process",
  "order.cancel",
] as const;

export type CommandKind = (typeof COMMAND_KINDS)[number];

export const FulfillmentCommandSchema = z.object({ fulfillmentId: z.string().min(1) });

export const ReturnCreateCommandSchema = z.object({ returnId: z.string().min(1) });

export const ReturnProcessCommandSchema = z.object({
  returnId: z.string().min(1),
  lines: z
    .array(
      z.object({
        returnLineId: z.string().min(1),
        quantity: z.number().int().min(1),
        disposition: z.enum(["restock", "dispose"]),
      }),
    )
    .min(1),
  /** Whether the channel refunds the customer for what came back (its suggested amount). */
  refund: z.boolean(),
  notifyCustomer: z.boolean().default(false),
});

export const OrderCancelCommandSchema = z.object({
  reason: z.enum(["customer", "declined", "fraud", "inventory", "staff", "other"]),
  /** Whether the channel puts the units back in its own stock (the ledger released them already). */
  restock: z.boolean(),
  /** Whether the channel refunds the payment to the original method. */
  refund: z.boolean(),
  notifyCustomer: z.boolean().default(false),
  staffNote: z.string().max(255).optional(),
});

export const CommandPayloadSchemas = {
  "fulfillment.create": FulfillmentCommandSchema,
  "fulfillment.tracking": FulfillmentCommandSchema,
  "return.create": ReturnCreateCommandSchema,
  "return.process": ReturnProcessCommandSchema,
  "order.cancel": OrderCancelCommandSchema,
} satisfies Record<CommandKind, z.ZodType>;

export type CommandPayload<K extends CommandKind> = z.output<(typeof CommandPayloadSchemas)[K]>;

export function isCommandKind(kind: string): kind is CommandKind {
  return (COMMAND_KINDS as readonly string[]).includes(kind);
}
