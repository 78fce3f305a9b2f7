// Money as WooCommerce shows it: strings with the store's two decimals on orders ("12.30"), numbers for line prices.

export function toCents(value: string | number): number {
  const number = typeof value === "number" ? value : Number.parseFloat(value || "0");
  return Math.round((Number.isFinite(number) ? number : 0) * 100);
}

/** wc_format_decimal(x, 2): "12.30"; negative for refunds ("-5.00"). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** A line's `price`: total / quantity as a JSON number, unrounded as PHP would compute it. */
export function unitPrice(totalCents: number, quantity: number): number {
  return quantity === 0 ? 0 : totalCents / 100 / quantity;
}
