import { z } from "zod";
import { OrderUpsertedSchema, type ChannelEvent, type OrderLineSnapshot } from "../events";
import { blankToUndefined, OptionalTextSchema, QuantitySchema, ShopifyIdSchema, TimestampSchema } from "./parse-common";
import { CurrencyCodeSchema, minorOrIssue, MoneyStringSchema } from "./parse-money";

// orders/create, orders/updated and orders/cancelled all carry the whole order; each becomes an order.upserted
// snapshot, versioned by updated_at, so whichever arrives last the ledger keeps the newest.

const LineItemSchema = z
  .object({
    id: ShopifyIdSchema,
    sku: OptionalTextSchema,
    name: OptionalTextSchema,
    title: OptionalTextSchema,
    quantity: QuantitySchema,
    // Present since API 2023-01: quantity minus what edits and refunds removed.
    current_quantity: QuantitySchema.nullish(),
    fulfillable_quantity: QuantitySchema.nullish(),
    fulfillment_status: OptionalTextSchema,
    price: MoneyStringSchema,
  })
  .superRefine((line, ctx) => {
    const { quantity, current_quantity: current } = line;
    // Only between two valid quantities: a bad quantity already has its own issue.
    if (current != null && Number.isInteger(quantity) && quantity >= 0 && current > quantity) {
      ctx.addIssue({ code: "custom", message: "must not exceed quantity", path: ["current_quantity"] });
    }
  });

const OrderFulfillmentSchema = z.object({
  status: OptionalTextSchema,
  line_items: z.array(z.object({ id: ShopifyIdSchema, quantity: QuantitySchema })).default([]),
});

const AddressSchema = z.object({
  name: OptionalTextSchema,
  first_name: OptionalTextSchema,
  last_name: OptionalTextSchema,
  company: OptionalTextSchema,
  address1: OptionalTextSchema,
  address2: OptionalTextSchema,
  city: OptionalTextSchema,
  province: OptionalTextSchema,
  province_code: OptionalTextSchema,
  zip: OptionalTextSchema,
  country: OptionalTextSchema,
  country_code: OptionalTextSchema,
  phone: OptionalTextSchema,
});

export const ShopifyOrderPayloadSchema = z.object({
  id: ShopifyIdSchema,
  name: z.string().max(255),
  email: OptionalTextSchema,
  contact_email: OptionalTextSchema,
  currency: CurrencyCodeSchema,
  total_price: MoneyStringSchema,
  financial_status: OptionalTextSchema,
  created_at: TimestampSchema,
  processed_at: TimestampSchema.nullish(),
  updated_at: TimestampSchema,
  cancelled_at: TimestampSchema.nullish(),
  cancel_reason: OptionalTextSchema,
  closed_at: TimestampSchema.nullish(),
  customer: z
    .object({
      id: ShopifyIdSchema.nullish(),
      email: OptionalTextSchema,
      first_name: OptionalTextSchema,
      last_name: OptionalTextSchema,
    })
    .nullish(),
  shipping_address: AddressSchema.nullish(),
  line_items: z.array(LineItemSchema).max(1000, "has more than 1000 lines"),
  fulfillments: z.array(OrderFulfillmentSchema).nullish(),
});

type ShopifyOrder = z.output<typeof ShopifyOrderPayloadSchema>;
type ShopifyLine = ShopifyOrder["line_items"][number];

/** Units shipped per line, from the order's own successful fulfillments when the payload lists them. */
function shippedByLine(order: ShopifyOrder): Map<string, number> | undefined {
  if (!order.fulfillments) return undefined;
  const shipped = new Map<string, number>();
  for (const fulfillment of order.fulfillments) {
    if (fulfillment.status !== "success") continue;
    for (const line of fulfillment.line_items) shipped.set(line.id, (shipped.get(line.id) ?? 0) + line.quantity);
  }
  return shipped;
}

function fulfilledQuantity(line: ShopifyLine, removed: number, shipped: Map<string, number> | undefined): number {
  if (shipped) return Math.min(shipped.get(line.id) ?? 0, line.quantity);
  // Without the fulfillments list, the line's status and what is still fulfillable tell the same story.
  const remaining = line.quantity - removed;
  if (line.fulfillment_status === "fulfilled") return remaining;
  if (line.fulfillment_status === "partial") return Math.max(0, remaining - (line.fulfillable_quantity ?? remaining));
  return 0;
}

function shippingAddress(address: ShopifyOrder["shipping_address"]): Record<string, string> | undefined {
  if (!address) return undefined;
  const kept = Object.entries(address).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

function customer(order: ShopifyOrder) {
  const fullName = [order.customer?.first_name, order.customer?.last_name].map(blankToUndefined).filter(Boolean);
  const name = fullName.length > 0 ? fullName.join(" ") : blankToUndefined(order.shipping_address?.name);
  const email =
    blankToUndefined(order.email) ?? blankToUndefined(order.contact_email) ?? blankToUndefined(order.customer?.email);
  const externalId = order.customer?.id ?? undefined;
  if (!name && !email && !externalId) return undefined;
  return { externalId, name, email };
}

const OrderEventSchema = (cancelled: boolean) =>
  ShopifyOrderPayloadSchema.transform((order, ctx): ChannelEvent => {
    const totalMinor = minorOrIssue(ctx, order.total_price, order.currency, ["total_price"]);
    const shipped = shippedByLine(order);
    const lines: OrderLineSnapshot[] = [];
    order.line_items.forEach((line, index) => {
      const priceMinor = minorOrIssue(ctx, line.price, order.currency, ["line_items", index, "price"]);
      const removed = line.current_quantity == null ? 0 : line.quantity - line.current_quantity;
      lines.push({
        externalId: line.id,
        sku: blankToUndefined(line.sku) ?? null,
        title: line.name ?? line.title ?? "",
        quantity: line.quantity,
        priceMinor: priceMinor ?? 0,
        fulfilledQuantity: fulfilledQuantity(line, removed, shipped),
        removedQuantity: removed,
      });
    });
    if (totalMinor === undefined || ctx.issues.length > 0) return z.NEVER;
    const cancelledAt = order.cancelled_at ?? (cancelled ? order.updated_at : undefined);
    return OrderUpsertedSchema.parse({
      type: "order.upserted",
      order: {
        externalId: order.id,
        name: order.name,
        channelUpdatedAt: order.updated_at,
        placedAt: order.processed_at ?? order.created_at,
        status: cancelledAt ? "cancelled" : order.closed_at ? "closed" : "open",
        financialStatus: order.financial_status ?? undefined,
        currency: order.currency,
        totalMinor,
        customer: customer(order),
        shippingAddress: shippingAddress(order.shipping_address),
        cancelledAt,
        lines,
      },
    });
  });

const OpenOrUpdatedSchema = OrderEventSchema(false);
const CancelledSchema = OrderEventSchema(true);

/** orders/create and orders/updated. Throws a ZodError naming the field on a bad payload. */
export function parseOrderWebhook(payload: unknown): ChannelEvent {
  return OpenOrUpdatedSchema.parse(payload);
}

/** orders/cancelled: the same snapshot, marked cancelled even if cancelled_at were missing. */
export function parseOrderCancelledWebhook(payload: unknown): ChannelEvent {
  return CancelledSchema.parse(payload);
}
