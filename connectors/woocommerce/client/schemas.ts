import { z } from "zod";
import type { WooOrder, WooOrderLine, WooProduct, WooVariation, WooWebhook } from "./types";

// What the wc/v3 answers the client reads must look like, mapped to the connector's camelCase types. Tolerant where
// WooCommerce varies between versions and plugins (extra fields, numbers sent as strings, "parent" stock), strict on
// what the app relies on (ids, times, stock figures).

const NumericStringSchema = z.string().regex(/^-?\d+(\.\d+)?$/, "must be a number");

/** Ids are integers; some plugins and proxies send them as strings. */
export const WooIdSchema = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,15}$/, "must be a numeric id")
    .transform(Number),
]);

/** A JSON number, or the same number as a string. */
const LooseNumberSchema = z.union([z.number(), NumericStringSchema.transform(Number)]);

/** WooCommerce's *_gmt times: "2026-11-26T08:00:00", UTC without an offset. Kept as sent: it is also a version. */
export const WooGmtSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:?00)?$/,
    "must be a GMT date-time such as 2026-11-26T08:00:00",
  );

/** Money as WooCommerce formats it: a decimal string in the store's precision. */
export const WooMoneySchema = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal amount such as "19.99"');

const TextSchema = z
  .string()
  .nullish()
  .transform((value) => value ?? "");

/** true, false, or (a variation inheriting its parent's stock) "parent". */
export const ManageStockSchema = z.union([z.boolean(), z.literal("parent")], {
  error: 'must be true, false or "parent"',
});

const StockFieldsSchema = z.object({
  manage_stock: ManageStockSchema,
  stock_quantity: LooseNumberSchema.nullish().transform((value) => value ?? null),
  stock_status: TextSchema,
  backorders: TextSchema,
});

const stockFields = (stock: z.output<typeof StockFieldsSchema>) => ({
  manageStock: stock.manage_stock,
  stockQuantity: stock.stock_quantity,
  stockStatus: stock.stock_status,
  backorders: stock.backorders,
});

export const WooProductAnswerSchema = StockFieldsSchema.extend({
  id: WooIdSchema,
  type: z.string(),
  name: TextSchema,
  sku: TextSchema,
  status: z.string(),
  variations: z.array(WooIdSchema).nullish(),
  date_modified_gmt: WooGmtSchema,
}).transform(
  (product): WooProduct => ({
    id: product.id,
    type: product.type,
    name: product.name,
    sku: product.sku,
    status: product.status,
    variations: product.variations ?? [],
    dateModifiedGmt: product.date_modified_gmt,
    ...stockFields(product),
  }),
);

/** /products/{id}/variations answers without parent_id in older versions: the caller knows the parent. */
export const wooVariationAnswerSchema = (parentId: number) =>
  StockFieldsSchema.extend({
    id: WooIdSchema,
    parent_id: WooIdSchema.nullish(),
    sku: TextSchema,
    attributes: z.array(z.object({ option: TextSchema })).nullish(),
    date_modified_gmt: WooGmtSchema,
  }).transform(
    (variation): WooVariation => ({
      id: variation.id,
      parentId: variation.parent_id || parentId,
      sku: variation.sku,
      attributes: (variation.attributes ?? []).map((attribute) => attribute.option).filter(Boolean),
      dateModifiedGmt: variation.date_modified_gmt,
      ...stockFields(variation),
    }),
  );

const OrderLineAnswerSchema = z
  .object({
    id: WooIdSchema,
    product_id: WooIdSchema.nullish(),
    variation_id: WooIdSchema.nullish(),
    sku: z.string().nullish(),
    name: TextSchema,
    quantity: LooseNumberSchema,
    price: LooseNumberSchema,
    total: WooMoneySchema,
  })
  .transform(
    (line): WooOrderLine => ({
      id: line.id,
      productId: line.product_id ?? 0,
      variationId: line.variation_id ?? 0,
      // The product's current SKU, looked up when the answer is built; null once the product is deleted.
      sku: line.sku ?? null,
      name: line.name,
      quantity: line.quantity,
      price: line.price,
      total: line.total,
    }),
  );

const ContactSchema = z
  .object({ first_name: z.string().nullish(), last_name: z.string().nullish(), email: z.string().nullish() })
  .nullish();

export const WooOrderAnswerSchema = z
  .object({
    id: WooIdSchema,
    number: z.union([z.string(), z.number()]).transform(String),
    status: z.string(),
    currency: z.string(),
    total: WooMoneySchema,
    date_created_gmt: WooGmtSchema,
    date_modified_gmt: WooGmtSchema,
    billing: ContactSchema,
    shipping: z.record(z.string(), z.unknown()).nullish(),
    line_items: z.array(OrderLineAnswerSchema),
    // The docs' examples name the reason "refund"; current WooCommerce says "reason".
    refunds: z
      .array(
        z.object({
          id: WooIdSchema,
          total: WooMoneySchema,
          reason: z.string().nullish(),
          refund: z.string().nullish(),
        }),
      )
      .nullish(),
  })
  .transform(
    (order): WooOrder => ({
      id: order.id,
      number: order.number,
      status: order.status,
      currency: order.currency,
      total: order.total,
      dateCreatedGmt: order.date_created_gmt,
      dateModifiedGmt: order.date_modified_gmt,
      billing: {
        firstName: order.billing?.first_name ?? undefined,
        lastName: order.billing?.last_name ?? undefined,
        email: order.billing?.email ?? undefined,
      },
      shipping: order.shipping ?? {},
      lineItems: order.line_items,
      refunds: (order.refunds ?? []).map((refund) => ({
        id: refund.id,
        total: refund.total,
        reason: refund.reason ?? refund.refund ?? "",
      })),
    }),
  );

export const WooWebhookAnswerSchema = z
  .object({
    id: WooIdSchema,
    name: TextSchema,
    topic: z.string(),
    delivery_url: z.string(),
    status: z.enum(["active", "paused", "disabled"]),
  })
  .transform(
    (webhook): WooWebhook => ({
      id: webhook.id,
      name: webhook.name,
      topic: webhook.topic,
      deliveryUrl: webhook.delivery_url,
      status: webhook.status,
    }),
  );

export const WooNoteAnswerSchema = z.object({ id: WooIdSchema });

export const WooRefundAnswerSchema = z.object({ id: WooIdSchema, amount: WooMoneySchema });

/** GET /system_status?_fields=environment.home_url,settings.currency */
export const WooSystemStatusAnswerSchema = z.object({
  environment: z.object({ home_url: z.string().min(1) }),
  settings: z.object({ currency: z.string().nullish() }).nullish(),
});

/** One item of a batch answer: the saved resource, or {id, error} for an item refused on its own. */
export const WooBatchItemAnswerSchema = z.union([
  z.object({
    id: z.union([WooIdSchema, z.null()]).optional(),
    error: z.object({ code: z.string(), message: z.string(), data: z.unknown().optional() }),
  }),
  z.object({ id: WooIdSchema, stock_quantity: LooseNumberSchema.nullish() }),
]);

/** The batch answer; WordPress encodes an empty PHP array as [] rather than {}. */
export const WooBatchAnswerSchema = z.union([
  z.object({ update: z.array(WooBatchItemAnswerSchema).optional() }),
  z.array(z.never()).length(0),
]);
