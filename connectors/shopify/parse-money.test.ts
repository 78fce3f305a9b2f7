import { describe, expect, it } from "vitest";
import { currencyDigits, decimalToMinor, MoneyConversionError } from "./parse-money";

describe("decimalToMinor", () => {
  it.each([
    ["19.99", "USD", 1999],
    ["1999", "JPY", 1999],
    ["1.999", "KWD", 1999],
    ["0.10", "EUR", 10],
    ["0.1", "EUR", 10],
    ["7", "USD", 700],
    ["10.000", "USD", 1000],
    ["-5.00", "USD", -500],
    ["-0.00", "USD", 0],
    ["1999.0", "jpy", 1999],
    ["1.2345", "CLF", 12345],
    ["0.30", "USD", 30],
    ["1234567890123.45", "USD", 123456789012345],
  ])("%s %s is %i minor units", (amount, currency, minor) => {
    expect(decimalToMinor(amount, currency)).toBe(minor);
  });

  it("is exact where floating point is not", () => {
    // 0.1 + 0.2 and 1.005 * 100 are the classic float traps; string arithmetic has none.
    expect(decimalToMinor("0.29", "USD") + decimalToMinor("0.01", "USD")).toBe(30);
    expect(decimalToMinor("1.005", "KWD")).toBe(1005);
    expect(decimalToMinor("4.35", "USD")).toBe(435);
  });

  it.each([
    ["19.999", "USD", /more decimals than USD allows \(2\)/],
    ["1999.5", "JPY", /more decimals than JPY allows \(none\)/],
    ["1.9999", "KWD", /more decimals than KWD allows \(3\)/],
    ["1e3", "USD", /not a decimal amount/],
    ["", "USD", /not a decimal amount/],
    ["99999999999999999", "USD", /too large/],
  ])("refuses %j in %s", (amount, currency, message) => {
    expect(() => decimalToMinor(amount, currency)).toThrow(MoneyConversionError);
    expect(() => decimalToMinor(amount, currency)).toThrow(message);
  });

  it("knows the currencies without two decimals", () => {
    expect([currencyDigits("USD"), currencyDigits("JPY"), currencyDigits("KWD"), currencyDigits("BHD")]).toEqual([
      2, 0, 3, 3,
    ]);
  });
});
