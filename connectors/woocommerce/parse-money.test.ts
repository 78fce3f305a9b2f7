import { describe, expect, it } from "vitest";
import { WooMoneyError, wooDecimalToMinor, wooPriceToMinor } from "./parse-money";

// WooCommerce amounts to minor units: exact on decimal strings, rounded half away from zero where the store keeps
// more decimals than the currency has, and a PHP float price read without its binary noise.

describe("wooDecimalToMinor", () => {
  it.each([
    ["29.35", "USD", 2935],
    ["0.1", "EUR", 10],
    ["7", "USD", 700],
    ["19.994", "USD", 1999],
    ["19.995", "USD", 2000],
    ["-3.00", "USD", -300],
    ["-0.005", "USD", -1],
    ["-0.004", "USD", 0],
    ["1000.00", "JPY", 1000],
    ["999.5", "JPY", 1000],
    ["1.2345", "KWD", 1235],
    ["99.999", "usd", 10000],
  ])("%s %s is %i", (amount, currency, minor) => {
    expect(wooDecimalToMinor(amount, currency)).toBe(minor);
  });

  it.each(["", "1e3", "12,50", " 1.00", "99999999999999999"])("refuses %j", (amount) => {
    expect(() => wooDecimalToMinor(amount, "USD")).toThrow(WooMoneyError);
  });
});

describe("wooPriceToMinor", () => {
  it.each([
    [12.299999999999999, "USD", 1230],
    [6.666666666666667, "USD", 667],
    [0.1 + 0.2, "USD", 30],
    [1.005, "USD", 101],
    [2.675, "USD", 268],
    [-9.99, "USD", -999],
    [1500, "JPY", 1500],
    [0.0000001, "USD", 0],
    ["12.30", "USD", 1230],
  ])("%s %s is %i", (price, currency, minor) => {
    expect(wooPriceToMinor(price, currency)).toBe(minor);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1e15])("refuses %s", (price) => {
    expect(() => wooPriceToMinor(price, "USD")).toThrow(WooMoneyError);
  });
});
