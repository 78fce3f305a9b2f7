import "@shopify/shopify-api/adapters/node";
import { abstractFetch } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySimServer, type SimServer } from "../../../test/sim/shopify/http-server";
import { createShopifySim } from "../../../test/sim/shopify/sim";
import { installShopifyAdminOrigin, rewriteShopifyUrl, withShopifyAdminOrigin } from "./admin-origin";

describe("SHOPIFY_ADMIN_ORIGIN fetch rewrite", () => {
  it("sends shop requests to the origin with the same path and query, and leaves others alone", () => {
    expect(
      rewriteShopifyUrl("https://demo.myshopify.com/admin/oauth/access_token?x=1", "http://127.0.0.1:4100"),
    ).toEqual({
      url: "http://127.0.0.1:4100/admin/oauth/access_token?x=1",
      shopHost: "demo.myshopify.com",
    });
    expect(
      rewriteShopifyUrl("https://Demo.myshopify.com/admin/api/2026-07/graphql.json", "http://sim.test:4100/ignored"),
    ).toEqual({
      url: "http://sim.test:4100/admin/api/2026-07/graphql.json",
      shopHost: "demo.myshopify.com",
    });
    expect(rewriteShopifyUrl("https://admin.shopify.com/store/demo", "http://sim.test")).toEqual({
      url: "https://admin.shopify.com/store/demo",
    });
    expect(rewriteShopifyUrl("http://demo.myshopify.com/x", "http://sim.test")).toEqual({
      url: "http://demo.myshopify.com/x",
    });
  });

  it("keeps method, headers and body, and names the shop in X-Forwarded-Host", async () => {
    const seen: { url: string; method?: string; headers: Headers; body: unknown }[] = [];
    const fake: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), method: init?.method, headers: new Headers(init?.headers), body: init?.body });
      return new Response("{}");
    };
    const wrapped = withShopifyAdminOrigin(fake, "http://sim.test:4100");
    await wrapped("https://demo.myshopify.com/admin/api/2026-07/graphql.json", {
      method: "POST",
      headers: { "X-Shopify-Access-Token": "tok" },
      body: '{"query":"{ shop { id } }"}',
    });
    await wrapped(new Request("https://demo.myshopify.com/admin/oauth/access_token", { method: "POST", body: "a=1" }));
    await wrapped("https://example.com/elsewhere");
    expect(seen[0]).toMatchObject({ url: "http://sim.test:4100/admin/api/2026-07/graphql.json", method: "POST" });
    expect(seen[0]?.headers.get("x-shopify-access-token")).toBe("tok");
    expect(seen[0]?.headers.get("x-forwarded-host")).toBe("demo.myshopify.com");
    expect(seen[0]?.body).toBe('{"query":"{ shop { id } }"}');
    expect(seen[1]).toMatchObject({ url: "http://sim.test:4100/admin/oauth/access_token", method: "POST" });
    expect(new TextDecoder().decode(seen[1]?.body as ArrayBuffer)).toBe("a=1");
    expect(seen[2]).toMatchObject({ url: "https://example.com/elsewhere" });
  });

  describe("installed into the Shopify library", () => {
    let server: SimServer;
    const sim = createShopifySim();
    beforeAll(async () => {
      sim.createShop({ domain: "origin-shop.myshopify.com", accessToken: "shpat_origin" });
      server = await startShopifySimServer(sim);
    });
    afterAll(() => server.close());

    it("routes the library's requests to shops through the origin, and can be undone", async () => {
      const before = abstractFetch;
      const uninstall = installShopifyAdminOrigin(server.url);
      // Installing the same origin twice must not wrap twice.
      installShopifyAdminOrigin(server.url);
      try {
        const response = await abstractFetch("https://origin-shop.myshopify.com/admin/api/2026-07/graphql.json", {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_origin" },
          body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
        });
        expect(await response.json()).toMatchObject({
          data: { shop: { myshopifyDomain: "origin-shop.myshopify.com" } },
        });
      } finally {
        uninstall();
      }
      expect(abstractFetch).toBe(before);
    });
  });
});
