import { z } from "zod";

// The GraphQL response envelope Shopify wraps every answer in. The data inside is the operation's own schema.

export const ThrottleStatusSchema = z.object({
  maximumAvailable: z.number().nonnegative(),
  currentlyAvailable: z.number(),
  restoreRate: z.number().nonnegative(),
});

export const QueryCostSchema = z.object({
  requestedQueryCost: z.number().nonnegative(),
  actualQueryCost: z.number().nonnegative().nullish(),
  throttleStatus: ThrottleStatusSchema,
});

export const GraphqlErrorSchema = z.looseObject({
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
});

export const GraphqlEnvelopeSchema = z.object({
  data: z.unknown().optional(),
  errors: z.array(GraphqlErrorSchema).optional(),
  extensions: z.looseObject({ cost: QueryCostSchema.optional() }).optional(),
});

export type QueryCost = z.infer<typeof QueryCostSchema>;
export type GraphqlEnvelope = z.infer<typeof GraphqlEnvelopeSchema>;

export const isThrottled = (envelope: GraphqlEnvelope) =>
  (envelope.errors ?? []).some((error) => error.extensions?.code === "THROTTLED");
