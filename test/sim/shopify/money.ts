import { currencyDigits, decimalToMinor } from "../../../connectors/shopify/parse-money";

/** 1999 USD → "19.99", the way Shopify writes amounts. */
export function formatMinor(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, "0")}`;
}

export function parseMoney(amount: string | number, currency: string): number {
  return decimalToMinor(typeof amount === "number" ? amount.toFixed(currencyDigits(currency)) : amount, currency);
}
