import { z } from "zod";
import { StoreError } from "./context";
import type { Fault } from "./faults";
import type { WooSim } from "./sim";
import type { StoreHandle } from "./store-handle";

// A small JSON control API under /_sim/ for people and browser tests driving a running simulator: act as a shopper
// or a merchant, issue keys, look at requests and deliveries, inject faults. Not part of WooCommerce.

const OrderSchema = z.object({
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().min(1) })).min(1),
  email: z.string().optional(),
  status: z.enum(["pending", "processing", "on-hold", "completed"]).optional(),
  paymentMethod: z.enum(["stripe", "bacs", "cod"]).optional(),
});
const StockSchema = z.object({ sku: z.string(), quantity: z.number().int() });
const RefundSchema = z.object({
  amount: z.string().optional(),
  reason: z.string().optional(),
  restock: z.boolean().optional(),
  refundPayment: z.boolean().optional(),
  lines: z
    .array(z.object({ lineItemId: z.number().int(), quantity: z.number().int(), refundTotal: z.string().optional() }))
    .optional(),
});
const KeysSchema = z.object({
  permissions: z.enum(["read", "write", "read_write"]).default("read_write"),
  description: z.string().optional(),
});
const FaultSchema = z.object({
  kind: z.enum(["http429", "http5xx", "network", "delay"]),
  status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
  retryAfterSeconds: z.number().optional(),
  afterExecution: z.boolean().optional(),
  ms: z.number().optional(),
  path: z.string().optional(),
});
const FaultsSchema = z.object({
  clear: z.boolean().optional(),
  queue: z.array(FaultSchema).optional(),
  rates: z
    .object({
      rate429: z.number().optional(),
      rate5xx: z.number().optional(),
      rateNetwork: z.number().optional(),
      delayMs: z.union([z.number(), z.tuple([z.number(), z.number()])]).optional(),
      retryAfterSeconds: z.number().optional(),
      seed: z.number().optional(),
    })
    .optional(),
});

function toFault(fault: z.infer<typeof FaultSchema>): Fault {
  const { path } = fault;
  switch (fault.kind) {
    case "http429":
      return { kind: "http429", retryAfterSeconds: fault.retryAfterSeconds, path };
    case "http5xx":
      return { kind: "http5xx", status: fault.status, afterExecution: fault.afterExecution, path };
    case "network":
      return { kind: "network", path };
    case "delay":
      return { kind: "delay", ms: fault.ms ?? 0, path };
  }
}

const json = (body: unknown, status = 200) => Response.json(body, { status });

async function post(sim: WooSim, store: StoreHandle, parts: string[], body: unknown): Promise<Response> {
  const [resource, id, verb] = parts;
  if (resource === "orders" && !id) {
    const order = store.placeOrder(OrderSchema.parse(body));
    return json({ id: order.id, number: order.number, status: order.status, total: store.order(order.id).total });
  }
  if (resource === "orders" && id && (verb === "complete" || verb === "cancel")) {
    const order = verb === "complete" ? store.completeOrder(Number(id)) : store.cancelOrder(Number(id));
    return json({ id: order.id, status: order.status });
  }
  if (resource === "orders" && id && verb === "refund") {
    const refund = store.refundOrder(Number(id), RefundSchema.parse(body));
    return json({ id: refund.id, amount: (refund.amountCents / 100).toFixed(2) });
  }
  if (resource === "stock") {
    const { sku, quantity } = StockSchema.parse(body);
    return json({ sku, ...store.setStock(sku, quantity) });
  }
  if (resource === "keys") {
    const { permissions, description } = KeysSchema.parse(body);
    const key = store.createKeys(permissions, { description });
    return json({
      key_id: key.keyId,
      consumer_key: key.consumerKey,
      consumer_secret: key.consumerSecret,
      key_permissions: key.permissions,
    });
  }
  if (resource === "webhooks" && id === "flush") {
    await sim.flushWebhooks();
    return json({ flushed: true });
  }
  if (resource === "faults") {
    const input = FaultsSchema.parse(body);
    if (input.clear) sim.faults.clear();
    if (input.rates) sim.faults.set(input.rates);
    sim.faults.queue(...(input.queue ?? []).map(toFault));
    return json({ ok: true });
  }
  return json({ error: "not found" }, 404);
}

export async function handleControl(sim: WooSim, store: StoreHandle, request: Request): Promise<Response> {
  const parts = new URL(request.url).pathname.split("/").filter(Boolean).slice(1);
  try {
    if (request.method === "GET") {
      if (parts[0] === "stores") return json({ stores: sim.listStores() });
      if (parts[0] === "store")
        return json({
          url: store.url,
          name: store.state.name,
          products: [...store.state.products.values()].map((p) => ({ id: p.id, sku: p.sku, type: p.type })),
          webhooks: [...store.state.webhooks.values()].map(({ secret: _secret, ...rest }) => rest),
        });
      if (parts[0] === "requests") return json({ requests: store.requests.slice(-200) });
      if (parts[0] === "deliveries")
        return json({ deliveries: sim.webhooks.deliveries.filter((d) => d.store === store.url).slice(-200) });
      if (parts[0] === "wc-auth") return json({ pending: store.pendingAuthorizations });
      return json({ error: "not found" }, 404);
    }
    if (request.method !== "POST") return json({ error: "not found" }, 404);
    return await post(sim, store, parts, (await request.json().catch(() => ({}))) as unknown);
  } catch (error) {
    if (error instanceof z.ZodError) return json({ error: "invalid body", issues: error.issues }, 400);
    if (error instanceof StoreError) return json({ error: error.message }, 409);
    return json({ error: error instanceof Error ? error.message : String(error) }, 400);
  }
}
