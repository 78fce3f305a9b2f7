import { z } from "zod";

export const MovementKindSchema = z.enum([
  "receipt",
  "adjustment",
  "count",
  "reserve",
  "release",
  "ship",
  "return_restock",
  "write_off",
  "transfer_out",
  "transfer_in",
]);
export type MovementKind = z.infer<typeof MovementKindSchema>;

export const MovementSchema = z.object({
  itemId: z.string().min(1),
  locationId: z.string().min(1),
  kind: MovementKindSchema,
  onHandDelta: z.number().int(),
  committedDelta: z.number().int(),
  reason: z.string().max(500).optional(),
  source: z.string().min(1).max(120),
  actor: z.string().max(200).optional(),
  idempotencyKey: z.string().min(1).max(300),
  orderId: z.string().optional(),
  orderLineId: z.string().optional(),
});
export type MovementInput = z.infer<typeof MovementSchema>;
