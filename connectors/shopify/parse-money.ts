import { z } from "zod";

// ISO 4217 minor units of the currencies that do not use two decimals. Shopify sends amounts as decimal strings in
// the currency's own precision, so the conversion is exact string arithmetic, never floating point.
const MINOR_DIGITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export const CurrencyCodeSchema = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as USD")
  .transform((code) => code.toUpperCase());

export const MoneyStringSchema = z
  .string()
  .regex(/^-?\d{1,15}(\.\d{1,10})?$/, 'must be a decimal amount such as "19.99"');

export function currencyDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

export class MoneyConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MoneyConversionError";
  }
}

/** "19.99" USD → 1999, "1999" JPY → 1999, "1.999" KWD → 1999. Throws when the amount is finer than the currency. */
export function decimalToMinor(amount: string, currency: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) throw new MoneyConversionError(`"${amount}" is not a decimal amount`);
  const [, sign = "", whole = "0", fraction = ""] = match;
  const digits = currencyDigits(currency);
  // Trailing zeros beyond the currency's precision ("10.000" USD) are harmless; anything else would be rounded.
  if (/[^0]/.test(fraction.slice(digits))) {
    throw new MoneyConversionError(
      `"${amount}" has more decimals than ${currency.toUpperCase()} allows (${digits === 0 ? "none" : digits})`,
    );
  }
  const minor = BigInt(whole + fraction.slice(0, digits).padEnd(digits, "0"));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new MoneyConversionError(`"${amount}" is too large`);
  const value = Number(minor);
  return sign === "-" && value !== 0 ? -value : value;
}

/** Converts inside a zod refinement so a bad amount becomes an issue on the field that carries it. */
export function minorOrIssue(
  ctx: z.RefinementCtx,
  amount: string,
  currency: string,
  path: PropertyKey[],
): number | undefined {
  try {
    return decimalToMinor(amount, currency);
  } catch (error) {
    if (!(error instanceof MoneyConversionError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message, path });
    return undefined;
  }
}
