// Test data and request helpers for the REST API tests (not imported by the app).
import type { Db } from "../../db.server";
import { createApiKey } from "../api-keys.server";
import { recordMovements } from "../ledger/record-movements.server";

export const BASE_URL = "http://api.test";

/** A shop with two locations, two channels, three items with stock and an API key. */
export async function seedApiShop(db: Db, name: string) {
  const shop = await db.shop.create({ data: { name, currency: "EUR" } });
  const main = await db.location.create({ data: { shopId: shop.id, name: "Main warehouse" } });
  const overflow = await db.location.create({ data: { shopId: shop.id, name: "Overflow" } });
  const shopify = await db.channel.create({
    data: { shopId: shop.id, kind: "shopify", name: "Shopify", externalRef: `${shop.id}.myshopify.com` },
  });
  const woo = await db.channel.create({
    data: { shopId: shop.id, kind: "woocommerce", name: "Woo", externalRef: `https://${shop.id}.example` },
  });
  const [mug, tee, cap] = await Promise.all(
    ["MUG-1", "TEE-M", "CAP-9"].map((sku) =>
      db.inventoryItem.create({ data: { shopId: shop.id, sku, title: `Item ${sku}` } }),
    ),
  );
  if (!mug || !tee || !cap) throw new Error("seed failed");
  await recordMovements(db, shop.id, [
    receipt(mug.id, main.id, 10, "seed-mug-main"),
    receipt(mug.id, overflow.id, 4, "seed-mug-overflow"),
    receipt(tee.id, main.id, 7, "seed-tee-main"),
    { ...receipt(tee.id, main.id, 0, "seed-tee-reserve"), kind: "reserve", committedDelta: 2 },
  ]);
  const { key, apiKey } = await createApiKey(db, { shopId: shop.id, name: "ERP" });
  return { shop, key, apiKeyId: apiKey.id, main, overflow, shopify, woo, mug, tee, cap };
}
export type ApiShop = Awaited<ReturnType<typeof seedApiShop>>;

function receipt(itemId: string, locationId: string, quantity: number, idempotencyKey: string) {
  return {
    itemId,
    locationId,
    kind: "receipt" as const,
    onHandDelta: quantity,
    committedDelta: 0,
    source: "system",
    idempotencyKey,
  };
}

let orderSequence = 0;

/** An order with one line; `updatedAt` is set explicitly so pagination tests control the order. */
export async function createOrder(
  db: Db,
  shop: ApiShop,
  options: { channelId?: string; status?: string; updatedAt?: Date } = {},
) {
  const sequence = ++orderSequence;
  const placedAt = new Date(Date.UTC(2030, 0, 1, 0, 0, sequence));
  return db.order.create({
    data: {
      shopId: shop.shop.id,
      channelId: options.channelId ?? shop.shopify.id,
      externalId: `ext-${sequence}`,
      name: `#${1000 + sequence}`,
      channelUpdatedAt: placedAt,
      status: options.status ?? "open",
      currency: "EUR",
      totalMinor: 1999 * sequence,
      units: 2,
      customerName: "Ada Lovelace",
      customerEmail: "ada@example.com",
      shippingAddress: { city: "London", country: "GB" },
      placedAt,
      updatedAt: options.updatedAt ?? placedAt,
      lines: {
        create: {
          shopId: shop.shop.id,
          externalId: `line-${sequence}`,
          sku: shop.mug.sku,
          title: shop.mug.title,
          quantity: 2,
          priceMinor: 999,
          itemId: shop.mug.id,
          locationId: shop.main.id,
          reservedQty: 1,
          fulfilledQty: 1,
        },
      },
    },
    include: { lines: true },
  });
}

type RequestOptions = {
  method?: string;
  key?: string | null;
  headers?: Record<string, string>;
  body?: BodyInit;
  json?: unknown;
};

/** A request as a client sends it: the key as a bearer token unless `key` is null. */
export function apiRequest(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("Authorization", `Bearer ${options.key}`);
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  return new Request(`${BASE_URL}${path}`, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  });
}

/** Remix's loader/action arguments for a request. */
export function routeArgs(request: Request, params: Record<string, string> = {}) {
  return { request, params, context: {} };
}

/** The status and JSON body of an answer, typed as the caller expects it (the test asserts the shape). */
export async function readJson<Body = unknown>(response: Response): Promise<{ status: number; body: Body }> {
  expectJson(response);
  return { status: response.status, body: (await response.json()) as Body };
}

function expectJson(response: Response) {
  const type = response.headers.get("content-type") ?? "";
  if (!type.startsWith("application/json")) throw new Error(`Expected JSON, got ${type || "no content type"}`);
}
