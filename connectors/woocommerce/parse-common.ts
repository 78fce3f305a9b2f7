import { z } from "zod";

// Building blocks of WooCommerce's wc/v3 bodies as webhooks and the polling safety net deliver them: snake_case,
// numeric ids, *_gmt times without an offset, names stored HTML-escaped by WordPress.

/** Ids arrive as JSON numbers (some plugins send strings); the ledger keeps them as strings. */
export const WooIdSchema = z.unknown().transform((value, ctx) => {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === "string" && /^[1-9]\d{0,15}$/.test(value)) return value;
  ctx.addIssue({ code: "custom", message: "must be a numeric id" });
  return z.NEVER;
});

/** parent_id and customer_id: 0 means none. */
export const OptionalWooIdSchema = z.unknown().transform((value, ctx) => {
  if (value === null || value === undefined || value === 0 || value === "0" || value === "") return undefined;
  const parsed = WooIdSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: "custom", message: "must be a numeric id or 0" });
  return z.NEVER;
});

/**
 * "2017-03-22T19:28:08": WooCommerce's *_gmt fields are UTC without saying so. Read as UTC, whatever the server's
 * timezone; an explicit Z or +00:00 (some proxies add one) means the same.
 */
export const GmtTimestampSchema = z
  .string({ error: "must be a GMT date-time such as 2017-03-22T19:28:08" })
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:?00)?$/,
    "must be a GMT date-time such as 2017-03-22T19:28:08",
  )
  .transform((value, ctx) => {
    const date = new Date(`${value.slice(0, 19)}Z`);
    // Date rolls 2017-02-30 over to March 2; only a date that reads back the same is real.
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === value.slice(0, 19)) return date;
    ctx.addIssue({ code: "custom", message: "is not a real date" });
    return z.NEVER;
  });

export const QuantitySchema = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(1_000_000, "is implausibly large");

export const OptionalTextSchema = z.string({ error: "must be text" }).nullish();

/** Empty strings mean "not set" in WooCommerce bodies (a blank SKU, a guest's empty name). */
export function blankToUndefined(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  times: "×",
  trade: "™",
  reg: "®",
  copy: "©",
};

/**
 * WordPress stores titles HTML-escaped ("Ship Your Idea &ndash; Color: Black", "Salt &amp; Pepper"); the merchant
 * typed the characters, so that is what the ledger shows.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (entity, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** WooCommerce's answer when the resource was gone by the time the delivery was built: {code, message, data}. */
export function goneAtDelivery(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null || "id" in payload) return undefined;
  const { code, message } = payload as Record<string, unknown>;
  return typeof code === "string" && typeof message === "string" ? `${code}: ${message}` : undefined;
}
