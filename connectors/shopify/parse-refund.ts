import { z } from "zod";
import { RefundCreatedSchema, type ChannelEvent } from "../events";
import { OptionalTextSchema, QuantitySchema, ShopifyIdSchema, TimestampSchema } from "./parse-common";
import { CurrencyCodeSchema, minorOrIssue, MoneyStringSchema } from "./parse-money";

// refunds/create: the money returned (its successful refund transactions) and, per line, whether the units go
// back on the shelf. restock_type says that per line; the older refund-wide `restock` flag is the fallback.
//
// restock_type "return" means the units came back through a return, and the return owns their restock
// (docs/decisions/0009-returns-own-restock.md): the return's reverse fulfillment order says per unit whether it was
// restocked, and the ledger restocks from there when it reads the return. Restocking from the refund as well would put
// the same units back twice (or whichever of the two arrives first, depending on webhook order), so such a line is
// restock: false here. "cancel" and "legacy_restock" are refunds without a return: the refund is the only word.
const RESTOCKED_BY_THE_REFUND = new Set(["cancel", "legacy_restock"]);
const NOT_RESTOCKED_BY_THE_REFUND = new Set(["no_restock", "return"]);

function restockedByRefund(restockType: string | null | undefined, refundWide: boolean | null | undefined): boolean {
  if (!restockType) return refundWide ?? false;
  if (RESTOCKED_BY_THE_REFUND.has(restockType)) return true;
  if (NOT_RESTOCKED_BY_THE_REFUND.has(restockType)) return false;
  // A type Shopify adds later: trust the refund-wide flag rather than guess.
  return refundWide ?? false;
}

const MoneySetSchema = z.object({ shop_money: z.object({ currency_code: CurrencyCodeSchema }) }).nullish();

const RefundLineSchema = z.object({
  line_item_id: ShopifyIdSchema,
  quantity: QuantitySchema,
  // no_restock | cancel | return | legacy_restock
  restock_type: OptionalTextSchema,
  location_id: ShopifyIdSchema.nullish(),
  subtotal_set: MoneySetSchema,
});

const TransactionSchema = z.object({
  kind: z.string(),
  status: OptionalTextSchema,
  amount: MoneyStringSchema,
  currency: CurrencyCodeSchema,
});

export const ShopifyRefundPayloadSchema = z.object({
  id: ShopifyIdSchema,
  order_id: ShopifyIdSchema,
  created_at: TimestampSchema,
  processed_at: TimestampSchema.nullish(),
  restock: z.boolean().nullish(),
  refund_line_items: z.array(RefundLineSchema).max(1000).default([]),
  transactions: z.array(TransactionSchema).default([]),
  total_duties_set: MoneySetSchema,
});

type ShopifyRefund = z.output<typeof ShopifyRefundPayloadSchema>;

function fallbackCurrency(refund: ShopifyRefund): string | undefined {
  for (const line of refund.refund_line_items) {
    if (line.subtotal_set) return line.subtotal_set.shop_money.currency_code;
  }
  return refund.total_duties_set?.shop_money.currency_code;
}

const RefundEventSchema = ShopifyRefundPayloadSchema.transform((refund, ctx): ChannelEvent => {
  const refunded = refund.transactions
    .map((transaction, index) => ({ transaction, index }))
    .filter(({ transaction }) => transaction.kind === "refund" && (transaction.status ?? "success") === "success");
  const currency = refunded[0]?.transaction.currency ?? fallbackCurrency(refund);
  if (currency === undefined) {
    ctx.addIssue({ code: "custom", message: "names no currency (no refund transaction or line subtotal)", path: [] });
    return z.NEVER;
  }
  let amountMinor = 0;
  for (const { transaction, index } of refunded) {
    if (transaction.currency !== currency) {
      ctx.addIssue({
        code: "custom",
        message: `is in ${transaction.currency} while the refund is in ${currency}`,
        path: ["transactions", index, "currency"],
      });
      continue;
    }
    amountMinor += minorOrIssue(ctx, transaction.amount, currency, ["transactions", index, "amount"]) ?? 0;
  }
  if (ctx.issues.length > 0) return z.NEVER;
  return RefundCreatedSchema.parse({
    type: "refund.created",
    orderExternalId: refund.order_id,
    refundExternalId: refund.id,
    amountMinor,
    currency,
    lines: refund.refund_line_items.map((line) => ({
      lineExternalId: line.line_item_id,
      quantity: line.quantity,
      restock: restockedByRefund(line.restock_type, refund.restock),
      locationExternalId: line.location_id ?? undefined,
    })),
    createdAt: refund.processed_at ?? refund.created_at,
  });
});

/** refunds/create. Throws a ZodError naming the field on a bad payload. */
export function parseRefundWebhook(payload: unknown): ChannelEvent {
  return RefundEventSchema.parse(payload);
}
