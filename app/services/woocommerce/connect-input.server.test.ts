import { describe, expect, it } from "vitest";
import { ConnectWooInputSchema, normaliseStoreUrl, StoreUrlSchema } from "./connect-input.server";

describe("store URL", () => {
  it.each([
    ["https://Shop.Example.com/", "https://shop.example.com"],
    ["shop.example.com", "https://shop.example.com"],
    ["  https://shop.example.com:443/?utm=1#x ", "https://shop.example.com"],
    ["http://127.0.0.1:4200", "http://127.0.0.1:4200"],
    ["https://example.com/store//", "https://example.com/store"],
  ])("%j is stored as %j", (input, expected) => {
    expect(normaliseStoreUrl(input)).toBe(expected);
    expect(StoreUrlSchema.parse(input)).toBe(expected);
  });

  it.each([
    ["", /Enter the store's URL/],
    ["ftp://shop.example.com", /must start with https:\/\//],
    ["https://user:pass@shop.example.com", /user name and password/],
    ["https://intranet", /full address/],
    ["http://[::1", /Enter a URL/],
  ])("refuses %j", (input, message) => {
    const result = StoreUrlSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });
});

describe("ConnectWooInputSchema", () => {
  const valid = {
    shopId: "shop_1",
    url: "shop.example.com",
    consumerKey: "ck_sim_demo",
    consumerSecret: "cs_sim_demo",
  };

  it("accepts WooCommerce's key shapes loosely and drops an empty location", () => {
    expect(ConnectWooInputSchema.parse({ ...valid, locationId: "" })).toEqual({
      ...valid,
      url: "https://shop.example.com",
      locationId: undefined,
    });
  });

  it("catches a secret pasted as the key and the other way round", () => {
    const result = ConnectWooInputSchema.safeParse({
      ...valid,
      consumerKey: valid.consumerSecret,
      consumerSecret: valid.consumerKey,
    });
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual(["consumerKey", "consumerSecret"]);
  });
});
