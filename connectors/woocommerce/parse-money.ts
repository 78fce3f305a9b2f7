import { z } from "zod";
import { currencyDigits } from "../shopify/parse-money";

// WooCommerce money to the ledger's minor units. Totals are decimal strings in the store's own precision (a setting:
// a USD store may show three decimals, a JPY store two), and a line's `price` is a PHP float (total / quantity, so
// 12.299999999999999 or 6.666666666666667). Both are rounded half away from zero to the currency's minor unit, which
// is what the payment gateway charged; the arithmetic is on decimal strings, never on floats.
// (currencyDigits is ISO 4217's table of minor units, shared with the Shopify connector.)

export const WooMoneySchema = z
  .string({ error: 'must be a decimal amount such as "19.99"' })
  .regex(/^-?\d{1,15}(\.\d{1,12})?$/, 'must be a decimal amount such as "19.99"');

/** A line's unit price: a number, or (older versions and some plugins) the same as a string. */
export const WooPriceSchema = z.union([z.number().finite(), WooMoneySchema], {
  error: "must be a number such as 19.99",
});

export class WooMoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WooMoneyError";
  }
}

/** "19.99" USD → 1999, "19.995" USD → 2000, "1000.00" JPY → 1000, "1.2345" KWD → 1235. */
export function wooDecimalToMinor(amount: string, currency: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) throw new WooMoneyError(`"${amount}" is not a decimal amount`);
  const [, sign = "", whole = "0", fraction = ""] = match;
  const digits = currencyDigits(currency);
  let minor = BigInt(whole + fraction.slice(0, digits).padEnd(digits, "0"));
  if ((fraction[digits] ?? "0") >= "5") minor += 1n;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new WooMoneyError(`"${amount}" is too large`);
  const value = Number(minor);
  return sign === "-" && value !== 0 ? -value : value;
}

/**
 * A float price to minor units. Eight decimals hold every price a store can show and absorb the float's noise
 * (12.299999999999999 is "12.30000000"), then the decimal rounding above applies.
 */
export function wooPriceToMinor(price: number | string, currency: string): number {
  if (typeof price === "string") return wooDecimalToMinor(price, currency);
  if (!Number.isFinite(price) || Math.abs(price) >= 1e15) throw new WooMoneyError(`${price} is not a usable price`);
  return wooDecimalToMinor(price.toFixed(8), currency);
}

/** Converts inside a zod transform so a bad amount becomes an issue on the field that carries it. */
export function minorOrIssue(ctx: z.RefinementCtx, convert: () => number, path: PropertyKey[]): number | undefined {
  try {
    return convert();
  } catch (error) {
    if (!(error instanceof WooMoneyError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message, path });
    return undefined;
  }
}
