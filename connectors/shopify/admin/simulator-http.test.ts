import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startShopifySimServer, type SimServer } from "../../../test/sim/shopify/http-server";
import { createShopifySim, type ShopifySim } from "../../../test/sim/shopify/sim";
import { shopifyParser } from "../parser";
import { verifyShopifyWebhook } from "../webhook";
import { createShopifyAdmin } from "./client";
import { CostBuckets } from "./cost-bucket";
import { SHOP_QUERY, ShopResponseSchema } from "./operations/shop";

// The simulator as a real HTTP server on a free port, and its webhooks arriving at a real HTTP receiver.

const SECRET = "sim-app-secret-for-http";
const API_KEY = "sim-client-id";

type Received = { rawBody: Buffer; headers: Headers };

function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      received.push({ rawBody: Buffer.concat(chunks), headers });
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/shopify`, received }),
    ),
  );
}

function sessionToken(shop: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: API_KEY,
    sub: "42",
    exp: now + 60,
    nbf: now - 5,
    iat: now,
    jti: "jti-1",
    sid: "sid-1",
  })}`;
  return `${body}.${createHmac("sha256", SECRET).update(body).digest("base64url")}`;
}

describe("simulated Shopify over HTTP", () => {
  let sim: ShopifySim;
  let server: SimServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    sim = createShopifySim({ apiKey: API_KEY, apiSecret: SECRET, webhookUrl: receiver.url });
    const shop = sim.createShop({ domain: "http-shop.myshopify.com", accessToken: "shpat_http" });
    shop.addProduct({ title: "Tee", variants: [{ sku: "TEE-1", stock: { Warehouse: 4 } }] });
    server = await startShopifySimServer(sim, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it("answers a GraphQL query on a free port", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const admin = createShopifyAdmin({
      shopDomain: "http-shop.myshopify.com",
      accessToken: "shpat_http",
      origin: server.url,
      buckets: new CostBuckets(),
    });
    const { data, cost } = await admin.request(SHOP_QUERY, {}, { schema: ShopResponseSchema });
    expect(data.shop).toMatchObject({ myshopifyDomain: "http-shop.myshopify.com", currencyCode: "USD" });
    expect(cost?.requestedQueryCost).toBe(1);
  });

  it("delivers the webhooks of a shopper's order, signed with the app secret, to the app's URL", async () => {
    const order = await sim.shop("http-shop.myshopify.com").placeOrder({ lines: [{ sku: "TEE-1", quantity: 1 }] });
    const created = receiver.received.find((delivery) => delivery.headers.get("x-shopify-topic") === "orders/create");
    expect(created).toBeDefined();
    const verdict = verifyShopifyWebhook(created!, SECRET);
    expect(verdict).toMatchObject({ ok: true, topic: "orders/create", shopDomain: "http-shop.myshopify.com" });
    expect(verifyShopifyWebhook(created!, "another-secret")).toMatchObject({ ok: false, status: 401 });
    const parsed = shopifyParser.parseWebhook("orders/create", JSON.parse(created!.rawBody.toString("utf8")));
    expect(parsed).toMatchObject({
      events: [
        { type: "order.upserted", order: { externalId: String(order.id), lines: [{ sku: "TEE-1", quantity: 1 }] } },
      ],
    });
  });

  // Changes the signature's first character (a full 6 bits; the last one can be padding) to a different one.
  const forge = (token: string) => {
    const [header, payload, signature = ""] = token.split(".");
    return `${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
  };

  it("exchanges a session token for an expiring offline token and rotates it with the refresh grant", async () => {
    const post = (body: Record<string, string>) =>
      fetch(`${server.url}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: API_KEY, client_secret: SECRET, ...body }),
      });
    const GrantSchema = z.object({
      access_token: z.string(),
      expires_in: z.number(),
      refresh_token: z.string(),
      refresh_token_expires_in: z.number(),
    });
    const exchanged = await post({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: sessionToken("http-shop.myshopify.com"),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      expiring: "1",
    });
    expect(exchanged.status).toBe(200);
    const first = GrantSchema.parse(await exchanged.json());
    expect(first.expires_in).toBe(3600);
    const refreshed = GrantSchema.parse(
      await (await post({ grant_type: "refresh_token", refresh_token: first.refresh_token })).json(),
    );
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(sim.tokens.shopOf(refreshed.access_token)).toBe("http-shop.myshopify.com");
    // Using the new refresh token retires the old one.
    await post({ grant_type: "refresh_token", refresh_token: refreshed.refresh_token });
    expect((await post({ grant_type: "refresh_token", refresh_token: first.refresh_token })).status).toBe(400);
    const forged = await post({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: forge(sessionToken("http-shop.myshopify.com")),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    });
    expect(forged.status).toBe(400);
    expect((await post({ grant_type: "refresh_token", refresh_token: "nope", client_secret: "wrong" })).status).toBe(
      401,
    );
  });

  it("starts from the command line (npm run sim:shopify) with a seeded demo store", async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      ["--import", "tsx", "test/sim/shopify/main.ts", "--port", "0", "--seed", "demo", "--secret", SECRET],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = "";
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 20_000);
        child.stdout!.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      const admin = createShopifyAdmin({
        shopDomain: "demo-outfitters.myshopify.com",
        accessToken: "shpat_sim_demo",
        origin: url,
        buckets: new CostBuckets(),
      });
      const { data } = await admin.request(
        "{ orders(first: 50) { edges { node { name } } } }",
        {},
        { schema: z.object({ orders: z.object({ edges: z.array(z.unknown()) }) }) },
      );
      expect(data.orders.edges).toHaveLength(30);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });
});
