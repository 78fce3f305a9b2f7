import { z } from "zod";

// Building blocks of Shopify's REST-shaped webhook payloads: snake_case, numeric ids, ISO 8601 times with offsets.

/** Ids arrive as JSON numbers (or as strings when too large for a double); the ledger keeps them as strings. */
export const ShopifyIdSchema = z.unknown().transform((value, ctx) => {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === "string" && /^\d{1,20}$/.test(value)) return value;
  ctx.addIssue({ code: "custom", message: "must be a numeric id" });
  return z.NEVER;
});

export const TimestampSchema = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time" })
  .transform((value) => new Date(value));

export const QuantitySchema = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(1_000_000, "is implausibly large");

export const OptionalTextSchema = z.string().nullish();

/** Empty strings mean "not set" in Shopify payloads (a blank SKU, a blank tracking number). */
export function blankToUndefined(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * A global id of one type (gid://shopify/Return/42) as the numeric string the ledger keeps ("42"). Thin payloads
 * (the returns topics) sometimes name an object only by its admin_graphql_api_id.
 */
export function shopifyGidSchema(type: string) {
  const pattern = new RegExp(`^gid://shopify/${type}/(\\d{1,20})(?:\\?.*)?$`);
  return z.unknown().transform((value, ctx) => {
    const match = typeof value === "string" ? pattern.exec(value) : null;
    if (match) return match[1]!;
    ctx.addIssue({ code: "custom", message: `must be a gid://shopify/${type}/ id` });
    return z.NEVER;
  });
}
