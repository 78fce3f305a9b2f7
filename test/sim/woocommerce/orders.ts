import { randomBytes } from "node:crypto";
import { productBySku } from "./catalog";
import { StoreError, type StoreContext } from "./context";
import { toCents } from "./money";
import { stockChangeLabel, stockHolder, stockStatusOf, updateStock } from "./stock";
import { emptyAddress, postId, type SimAddress, type SimOrder, type SimProduct } from "./state";

// Orders as a shopper's checkout creates them, and the stock bookkeeping WooCommerce does around them: stock is taken
// once when an order reaches processing, completed or on-hold (wc_maybe_reduce_stock_levels) and given back once when
// it goes to cancelled or pending (wc_maybe_increase_stock_levels), tracked per line in `_reduced_stock`.

export const GATEWAYS: Record<string, { title: string; refunds: boolean }> = {
  stripe: { title: "Credit Card (Stripe)", refunds: true },
  bacs: { title: "Direct bank transfer", refunds: false },
  cod: { title: "Cash on delivery", refunds: false },
};

export type NewOrder = {
  lines: { sku: string; quantity: number }[];
  email?: string;
  billing?: Partial<SimAddress>;
  shipping?: Partial<SimAddress>;
  /** Where checkout leaves the order; processing (paid by card) by default. */
  status?: "pending" | "processing" | "on-hold" | "completed";
  paymentMethod?: keyof typeof GATEWAYS;
  shippingTotal?: string;
  customerNote?: string;
  /** Backdates the order (for seeding history). */
  at?: Date;
};

export const orderTotalCents = (order: SimOrder) =>
  order.lineItems.reduce((sum, line) => sum + line.totalCents, 0) + order.shippingCents;

export function refundedCents(ctx: StoreContext, order: SimOrder): number {
  return order.refundIds.reduce((sum, id) => sum + (ctx.state.refunds.get(id)?.amountCents ?? 0), 0);
}

export function addOrderNote(
  ctx: StoreContext,
  order: SimOrder,
  note: string,
  customerNote = false,
  author = "system",
) {
  const record = { id: ctx.state.nextNoteId++, createdAt: ctx.clock.stamp(), note, customerNote, author };
  order.notes.push(record);
  return record;
}

/** An order save: date_modified moves and order.updated fires. */
export function touchOrder(ctx: StoreContext, order: SimOrder) {
  order.modifiedAt = ctx.clock.stamp();
  ctx.emit({ resource: "order", event: "updated", id: order.id });
}

function lineProduct(ctx: StoreContext, order: SimOrder, lineIndex: number): SimProduct | undefined {
  const line = order.lineItems[lineIndex]!;
  return ctx.state.products.get(line.variationId || line.productId);
}

/** wc_reduce_stock_levels: each managed line not yet reduced takes its quantity from whatever holds its stock. */
export function reduceOrderStock(ctx: StoreContext, order: SimOrder) {
  if (order.stockReduced) return;
  const changes: string[] = [];
  order.lineItems.forEach((line, index) => {
    const product = lineProduct(ctx, order, index);
    if (!product || line.reducedStock) return;
    const change = updateStock(ctx, product, line.quantity, "decrease");
    if (!change) return;
    line.reducedStock = line.quantity;
    product.totalSales += line.quantity;
    changes.push(stockChangeLabel(line.name, product, change.from, change.to));
  });
  order.stockReduced = true;
  if (changes.length) addOrderNote(ctx, order, `Stock levels reduced: ${changes.join(", ")}`);
}

/** wc_increase_stock_levels: puts back what each line took and has not already returned through a refund. */
export function restoreOrderStock(ctx: StoreContext, order: SimOrder) {
  if (!order.stockReduced) return;
  const changes: string[] = [];
  order.lineItems.forEach((line, index) => {
    const product = lineProduct(ctx, order, index);
    if (!product || !line.reducedStock) return;
    const change = updateStock(ctx, product, line.reducedStock, "increase");
    if (!change) return;
    line.reducedStock = 0;
    changes.push(stockChangeLabel(line.name, product, change.from, change.to));
  });
  order.stockReduced = false;
  if (changes.length) addOrderNote(ctx, order, `Stock levels increased: ${changes.join(", ")}`);
}

/** Checkout's stock check (WC_Cart::check_cart_item_stock), counting lines that share a stock pool together. */
function checkStock(ctx: StoreContext, picked: { product: SimProduct; quantity: number }[]) {
  const wanted = new Map<SimProduct, number>();
  for (const { product, quantity } of picked) {
    const holder = stockHolder(ctx.state, product);
    if (!holder) {
      if (stockStatusOf(ctx.state, product) === "outofstock")
        throw new StoreError(`"${product.name}" is out of stock and cannot be purchased.`);
      continue;
    }
    wanted.set(holder, (wanted.get(holder) ?? 0) + quantity);
  }
  for (const [holder, quantity] of wanted) {
    const available = holder.stockQuantity ?? 0;
    if (holder.backorders === "no" && quantity > available)
      throw new StoreError(
        `Not enough units of ${holder.name} are available in stock to fulfil this order (${available} left).`,
      );
  }
}

/** A shopper checks out: the order is created (order.created) and, once paid or on hold, stock is reduced. */
export function placeOrder(ctx: StoreContext, input: NewOrder): SimOrder {
  if (input.lines.length === 0) throw new StoreError("An order needs at least one line");
  const picked = input.lines.map((line) => {
    const product = productBySku(ctx.state, line.sku);
    if (!product || product.type === "variable" || product.status !== "publish" || !product.regularPrice)
      throw new StoreError(`No purchasable product with SKU ${line.sku}`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1)
      throw new StoreError("Quantities must be whole and positive");
    return { product, quantity: line.quantity };
  });
  checkStock(ctx, picked);
  const status = input.status ?? "processing";
  const gateway = input.paymentMethod ?? (status === "on-hold" ? "bacs" : "stripe");
  const createdAt = input.at ? Math.floor(input.at.getTime() / 1000) * 1000 : ctx.clock.stamp();
  const billing = { ...emptyAddress(), first_name: "Sam", last_name: "Shopper", country: "GB", ...input.billing };
  const id = postId(ctx.state);
  const order: SimOrder = {
    id,
    number: String(id),
    orderKey: `wc_order_${randomBytes(7).toString("base64url").slice(0, 13)}`,
    status,
    currency: ctx.state.currency,
    createdAt,
    modifiedAt: createdAt,
    paidAt: status === "processing" || status === "completed" ? createdAt : null,
    completedAt: status === "completed" ? createdAt : null,
    billing: { ...billing, email: input.email ?? "shopper@example.com" },
    shipping: { ...billing, ...input.shipping },
    paymentMethod: gateway,
    paymentMethodTitle: GATEWAYS[gateway]?.title ?? gateway,
    transactionId: gateway === "stripe" ? `pi_${randomBytes(12).toString("hex")}` : "",
    customerId: 0,
    customerNote: input.customerNote ?? "",
    shippingCents: toCents(input.shippingTotal ?? "0"),
    lineItems: picked.map(({ product, quantity }) => ({
      id: ctx.state.nextItemId++,
      productId: product.parentId || product.id,
      variationId: product.parentId ? product.id : 0,
      name: product.name,
      quantity,
      totalCents: toCents(product.salePrice || product.regularPrice) * quantity,
      reducedStock: 0,
      restockedRefunded: 0,
      attributes: product.variationAttributes,
    })),
    refundIds: [],
    notes: [],
    stockReduced: false,
  };
  ctx.state.orders.set(order.id, order);
  ctx.emit({ resource: "order", event: "created", id: order.id });
  if (status !== "pending") reduceOrderStock(ctx, order);
  return order;
}
