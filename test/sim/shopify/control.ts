import { z } from "zod";
import { embeddedAppUrl, signSessionToken } from "./session-token";
import type { ShopifySim } from "./sim";

// A small JSON control API under /_sim/ for people and browser tests driving a running simulator: act as a shopper
// or a merchant, and hand out tokens. Not part of Shopify; nothing here exists on a real store.

const OrderSchema = z.object({
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().min(1) })).min(1),
  email: z.string().optional(),
  location: z.string().optional(),
});
const FulfilSchema = z.object({
  company: z.string().optional(),
  number: z.string().optional(),
  url: z.string().optional(),
});
const AvailableSchema = z.object({ sku: z.string(), location: z.string(), available: z.number().int() });
const CancelSchema = z.object({ restock: z.boolean().default(true) });

export async function handleControl(sim: ShopifySim, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const parts = url.pathname.split("/").filter(Boolean).slice(1);
  try {
    if (request.method === "GET" && parts.length === 1 && parts[0] === "shops")
      return Response.json({ shops: sim.listShops() });
    const [resource, domain, action, id, verb] = parts;
    if (request.method === "GET" && resource === "shops" && domain && action === "install") {
      // What opening the app from the Shopify admin does: load it with a fresh session token.
      const appUrl = url.searchParams.get("app");
      const { apiKey, apiSecret } = sim.app;
      if (!appUrl || !URL.canParse(appUrl) || !apiKey || !apiSecret) {
        return Response.json(
          { error: "pass ?app=<app url> and start the simulator with --api-key and --secret" },
          { status: 400 },
        );
      }
      return Response.redirect(embeddedAppUrl(appUrl, sim.shop(domain).domain, { apiKey, apiSecret }), 302);
    }
    if (resource !== "shops" || !domain || request.method !== "POST")
      return Response.json({ error: "not found" }, { status: 404 });
    const shop = sim.shop(domain);
    const body = (await request.json().catch(() => ({}))) as unknown;
    if (action === "session-token") {
      const { apiKey, apiSecret } = sim.app;
      if (!apiKey || !apiSecret)
        return Response.json({ error: "start the simulator with --api-key and --secret" }, { status: 400 });
      return Response.json({ token: signSessionToken(shop.domain, { apiKey, apiSecret }) });
    }
    if (action === "tokens")
      return Response.json(shop.issueToken({ expiring: (body as { expiring?: boolean }).expiring ?? true }));
    if (action === "orders" && !id) {
      const order = await shop.placeOrder(OrderSchema.parse(body));
      return Response.json({
        id: order.id,
        name: order.name,
        lineItems: order.lineItems.map((line) => ({ id: line.id, sku: line.sku })),
      });
    }
    if (action === "orders" && id && verb === "fulfil") {
      const fulfillment = await shop.fulfil(Number(id), { tracking: FulfilSchema.parse(body) });
      return Response.json({ id: fulfillment.id });
    }
    if (action === "orders" && id && verb === "cancel") {
      const order = await shop.cancelOrder(Number(id), CancelSchema.parse(body));
      return Response.json({ id: order.id, cancelledAt: order.cancelledAt });
    }
    if (action === "inventory") {
      const level = await shop.setAvailable(AvailableSchema.parse(body));
      return Response.json({ available: level.quantities.available });
    }
    return Response.json({ error: "not found" }, { status: 404 });
  } catch (error) {
    return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 400 });
  }
}
