import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signShopifyWebhook, verifyShopifyWebhook } from "./webhook";

const SECRET = "shpss_test_secret_0123456789";
const body = Buffer.from('{"id":5512003100001,"name":"#2041"}');

function headers(overrides: Record<string, string | undefined> = {}) {
  const values: Record<string, string | undefined> = {
    "X-Shopify-Hmac-Sha256": signShopifyWebhook(body, SECRET),
    "X-Shopify-Topic": "orders/create",
    "X-Shopify-Shop-Domain": "harbour-goods.myshopify.com",
    "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    "X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
    "X-Shopify-API-Version": "2026-07",
    "X-Shopify-Triggered-At": "2026-03-02T14:14:07.123Z",
    ...overrides,
  };
  const result = new Headers();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) result.set(name, value);
  return result;
}

describe("verifyShopifyWebhook", () => {
  it("signs like Shopify: base64 of the HMAC-SHA256 of the raw bytes", () => {
    const expected = createHmac("sha256", SECRET).update(body).digest("base64");
    expect(signShopifyWebhook(body, SECRET)).toBe(expected);
    expect(signShopifyWebhook(body.toString("utf8"), SECRET)).toBe(expected);
  });

  it("accepts a correctly signed delivery and keeps every header but the signature", () => {
    const verdict = verifyShopifyWebhook({ rawBody: body, headers: headers() }, SECRET);
    expect(verdict).toEqual({
      ok: true,
      topic: "orders/create",
      shopDomain: "harbour-goods.myshopify.com",
      eventId: "98880550-7158-44d4-b7cd-2c97c8a091b5",
      headers: {
        "x-shopify-topic": "orders/create",
        "x-shopify-shop-domain": "harbour-goods.myshopify.com",
        "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        "x-shopify-event-id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
        "x-shopify-api-version": "2026-07",
        "x-shopify-triggered-at": "2026-03-02T14:14:07.123Z",
      },
    });
  });

  it("falls back to the webhook id when there is no event id, and normalises topic and domain case", () => {
    const verdict = verifyShopifyWebhook(
      {
        rawBody: body,
        headers: headers({
          "X-Shopify-Event-Id": undefined,
          "X-Shopify-Topic": "Orders/Create",
          "X-Shopify-Shop-Domain": "Harbour-Goods.myshopify.com",
        }),
      },
      SECRET,
    );
    expect(verdict).toMatchObject({
      ok: true,
      eventId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
      topic: "orders/create",
      shopDomain: "harbour-goods.myshopify.com",
    });
  });

  it.each([
    ["a signature made with another secret", { "X-Shopify-Hmac-Sha256": signShopifyWebhook(body, "other") }],
    ["a signature of another body", { "X-Shopify-Hmac-Sha256": signShopifyWebhook("{}", SECRET) }],
    ["a truncated signature", { "X-Shopify-Hmac-Sha256": signShopifyWebhook(body, SECRET).slice(0, 20) }],
    ["a hex signature", { "X-Shopify-Hmac-Sha256": createHmac("sha256", SECRET).update(body).digest("hex") }],
  ])("answers 401 for %s", (_case, override) => {
    expect(verifyShopifyWebhook({ rawBody: body, headers: headers(override) }, SECRET)).toEqual({
      ok: false,
      status: 401,
      reason: "X-Shopify-Hmac-Sha256 does not match the body",
    });
  });

  it("answers 401 when the body was re-serialised after signing", () => {
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2));
    expect(verifyShopifyWebhook({ rawBody: reformatted, headers: headers() }, SECRET)).toMatchObject({ status: 401 });
  });

  it.each([
    ["X-Shopify-Hmac-Sha256", /missing header x-shopify-hmac-sha256/],
    ["X-Shopify-Topic", /missing header x-shopify-topic/],
    ["X-Shopify-Shop-Domain", /missing header x-shopify-shop-domain/],
    ["X-Shopify-Webhook-Id", /missing header x-shopify-webhook-id/],
  ])("answers 400 without %s", (name, reason) => {
    const verdict = verifyShopifyWebhook({ rawBody: body, headers: headers({ [name]: undefined }) }, SECRET);
    expect(verdict).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(reason) });
  });

  it.each([
    ["X-Shopify-Topic", "orders", /x-shopify-topic is not a webhook topic/],
    ["X-Shopify-Shop-Domain", "not a domain", /x-shopify-shop-domain is not a shop domain/],
  ])("answers 400 for a malformed %s", (name, value, reason) => {
    const verdict = verifyShopifyWebhook({ rawBody: body, headers: headers({ [name]: value }) }, SECRET);
    expect(verdict).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(reason) });
  });
});
