import { z } from "zod";
import { CurrencyCodeSchema, MoneyStringSchema } from "../../parse-money";

// Shapes shared by several operations.

export const PageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

export const connectionSchema = <T extends z.ZodType>(node: T) =>
  z.object({ edges: z.array(z.object({ node })), pageInfo: PageInfoSchema });

export const MoneyBagSchema = z.object({
  shopMoney: z.object({ amount: MoneyStringSchema, currencyCode: CurrencyCodeSchema }),
});

export const UserErrorSchema = z.object({
  field: z.array(z.string()).nullish(),
  message: z.string(),
  code: z.string().nullish(),
});

export type UserError = z.infer<typeof UserErrorSchema>;
export type PageInfo = z.infer<typeof PageInfoSchema>;

/** Shopify's ceiling for one query's requested cost; every operation here is sized to stay under it. */
export const MAX_QUERY_COST = 1000;
