import { describe, expect, it } from "vitest";
import { formatMoney } from "./format";

describe("formatMoney", () => {
  it.each([
    [1999, "USD", "$19.99"],
    [1999, "JPY", "¥1,999"],
    [1999, "KWD", "KWD 1.999"],
    [0, "EUR", "€0.00"],
  ])("%i minor units of %s read %s", (minor, currency, expected) => {
    expect(formatMoney(minor, currency).replace(/\u00a0/g, " ")).toBe(expected);
  });
});
