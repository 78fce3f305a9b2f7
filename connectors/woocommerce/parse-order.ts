import { z } from "zod";
import type { ParsedWebhook } from "../contract";
import { FulfillmentChangedSchema, OrderUpsertedSchema, type ChannelEvent, type OrderLineSnapshot } from "../events";
import { CurrencyCodeSchema } from "../shopify/parse-money";
import {
  blankToUndefined,
  decodeEntities,
  GmtTimestampSchema,
  goneAtDelivery,
  OptionalTextSchema,
  OptionalWooIdSchema,
  QuantitySchema,
  WooIdSchema,
} from "./parse-common";
import { minorOrIssue, WooMoneySchema, WooPriceSchema, wooDecimalToMinor, wooPriceToMinor } from "./parse-money";
import { wooOrderVersion } from "./order-version";

// order.created, order.updated and order.restored carry the whole order as it is at delivery time; each becomes an
// order.upserted snapshot versioned by date_modified_gmt (with the order's progress within that second, see
// order-version.ts), so whichever copy lands last the ledger keeps the newest.
//
// WooCommerce status   ledger    why
// pending              open      awaiting payment: a checkout that will be paid must not be oversold, so it is
//                                reserved; WooCommerce cancels it when the hold-stock time runs out unpaid.
// on-hold              open      awaiting a manual payment (bank transfer, cheque); WooCommerce has already taken
//                                the stock.
// processing           open      paid, to be shipped.
// completed            closed    shipped: WooCommerce has no fulfilment records, completing the order is the shipment,
//                                so every line is fulfilled and a fulfillment.changed "completed:<id>" goes with it.
// cancelled            cancelled released; WooCommerce gives its stock back too.
// failed               cancelled the payment failed; the shopper would place a new order.
// refunded             cancelled refunded in full; units already shipped stay shipped, returns restock.
// trash                cancelled a trashed order sells nothing (a polled copy may carry this status).
// checkout-draft, any  ignored   Blocks checkout's drafts are carts, not orders; a plugin's own statuses mean
// other status                   nothing the ledger can act on (logged with the status, so it can be mapped later).

const LEDGER_STATUS: Record<string, "open" | "closed" | "cancelled"> = {
  pending: "open",
  "on-hold": "open",
  processing: "open",
  completed: "closed",
  cancelled: "cancelled",
  failed: "cancelled",
  refunded: "cancelled",
  trash: "cancelled",
};

/** The fulfilment a completed order stands for; the commander gives the one it pushes the same id. */
export const completedFulfillmentId = (orderId: string) => `completed:${orderId}`;

const LineItemSchema = z.object({
  id: WooIdSchema,
  name: OptionalTextSchema,
  sku: OptionalTextSchema,
  quantity: QuantitySchema,
  price: WooPriceSchema,
});

const ContactSchema = z.object({
  first_name: OptionalTextSchema,
  last_name: OptionalTextSchema,
  email: OptionalTextSchema,
});

export const WooOrderPayloadSchema = z.object({
  id: WooIdSchema,
  number: z.union([z.string().max(255), z.number()], { error: "must be the order number" }).transform(String),
  status: z.string({ error: "must be the order status" }).min(1),
  currency: CurrencyCodeSchema,
  total: WooMoneySchema,
  date_created_gmt: GmtTimestampSchema,
  date_modified_gmt: GmtTimestampSchema,
  date_completed_gmt: GmtTimestampSchema.nullish(),
  date_paid_gmt: GmtTimestampSchema.nullish(),
  customer_id: OptionalWooIdSchema,
  billing: ContactSchema.nullish(),
  shipping: z.record(z.string(), z.unknown()).nullish(),
  line_items: z.array(LineItemSchema).max(1000, "has more than 1000 lines"),
  refunds: z.array(z.unknown()).nullish(),
});

type WooOrderPayload = z.output<typeof WooOrderPayloadSchema>;

function customer(order: WooOrderPayload) {
  const name = [order.billing?.first_name, order.billing?.last_name].map(blankToUndefined).filter(Boolean).join(" ");
  const email = blankToUndefined(order.billing?.email);
  if (!name && !email && !order.customer_id) return undefined;
  return { externalId: order.customer_id, name: name || undefined, email };
}

function shippingAddress(address: WooOrderPayload["shipping"]): Record<string, string> | undefined {
  if (!address) return undefined;
  const kept = Object.entries(address).filter(
    (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].trim() !== "",
  );
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** In the words the ledger shows (Shopify's): refunded, partially_refunded, paid, pending. */
function financialStatus(order: WooOrderPayload): string {
  if (order.status === "refunded") return "refunded";
  if ((order.refunds?.length ?? 0) > 0) return "partially_refunded";
  return order.date_paid_gmt ? "paid" : "pending";
}

const OrderEventsSchema = (deleted: boolean) =>
  WooOrderPayloadSchema.transform((order, ctx): ChannelEvent[] => {
    const status = deleted ? "cancelled" : (LEDGER_STATUS[order.status] ?? "open");
    const totalMinor = minorOrIssue(ctx, () => wooDecimalToMinor(order.total, order.currency), ["total"]);
    const lines: OrderLineSnapshot[] = order.line_items.map((line, index) => ({
      externalId: line.id,
      sku: blankToUndefined(line.sku) ?? null,
      title: decodeEntities(line.name ?? "").slice(0, 500),
      quantity: line.quantity,
      priceMinor:
        minorOrIssue(ctx, () => wooPriceToMinor(line.price, order.currency), ["line_items", index, "price"]) ?? 0,
      fulfilledQuantity: status === "closed" ? line.quantity : 0,
      removedQuantity: 0,
    }));
    if (totalMinor === undefined || ctx.issues.length > 0) return z.NEVER;
    const snapshot = OrderUpsertedSchema.parse({
      type: "order.upserted",
      order: {
        externalId: order.id,
        name: `#${order.number}`,
        channelUpdatedAt: wooOrderVersion(order.date_modified_gmt, order),
        placedAt: order.date_created_gmt,
        status,
        financialStatus: financialStatus(order),
        currency: order.currency,
        totalMinor,
        customer: customer(order),
        shippingAddress: shippingAddress(order.shipping),
        cancelledAt: status === "cancelled" ? order.date_modified_gmt : undefined,
        lines,
      },
    });
    if (status !== "closed") return [snapshot];
    const shipped = FulfillmentChangedSchema.parse({
      type: "fulfillment.changed",
      orderExternalId: order.id,
      fulfillmentExternalId: completedFulfillmentId(order.id),
      status: "success",
      lines: lines.map((line) => ({ lineExternalId: line.externalId, quantity: line.quantity })),
      updatedAt: order.date_completed_gmt ?? order.date_modified_gmt,
    });
    return [snapshot, shipped];
  });

const UpsertSchema = OrderEventsSchema(false);
const DeletedSchema = OrderEventsSchema(true);
const StatusSchema = z.object({ status: z.unknown() });

/** order.created, order.updated, order.restored. Throws a ZodError naming the field on a bad payload. */
export function parseOrderWebhook(payload: unknown): ParsedWebhook {
  const gone = goneAtDelivery(payload);
  if (gone) return { ignored: `WooCommerce could not build the order for this delivery (${gone})` };
  // Statuses the ledger does not act on are ignored before the rest is read: a checkout draft may be half filled.
  const status = StatusSchema.safeParse(payload).data?.status;
  if (typeof status === "string" && status !== "" && !(status in LEDGER_STATUS)) {
    return { ignored: `order status "${status}" is not one the ledger acts on` };
  }
  return { events: UpsertSchema.parse(payload) };
}

const DeletedIdSchema = z.object({ id: WooIdSchema });

/**
 * order.deleted. WooCommerce sends a deleted order as {id} alone: no time to order the deletion against the order's
 * snapshots, so a late delivery could cancel an order that was restored meanwhile, and no stand-in time (delivery
 * time, now, the epoch) is safe for every case. Such a body is ignored. A trashed order is still readable with
 * status "trash" and a newer date_modified_gmt: the polling safety net, or a route that fetches the order on this
 * topic, brings that snapshot as order.updated, and it cancels the order safely versioned. A full body arriving on
 * this topic (some stores send one) is that snapshot already, and is read as cancelled.
 */
export function parseOrderDeletedWebhook(payload: unknown): ParsedWebhook {
  const { id } = DeletedIdSchema.parse(payload);
  if (typeof payload === "object" && payload !== null && "date_modified_gmt" in payload) {
    return { events: DeletedSchema.parse(payload) };
  }
  return {
    ignored: `order ${id} was deleted on the store; WooCommerce sent no version to apply it safely (polling a trashed order's snapshot cancels it)`,
  };
}
