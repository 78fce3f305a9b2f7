import type { StoreContext } from "./context";
import type { Backorders, SimProduct, StockStatus, StoreState } from "./state";

// Stock as WooCommerce derives it. A product manages its own stock, or (a variation only) inherits its parent's
// ("manage_stock": "parent"), or manages none and shows the status the merchant picked. Status is derived from the
// quantity with woocommerce_notify_no_stock_amount = 0: above zero is instock, otherwise onbackorder when backorders
// are allowed, else outofstock. A variable product's status comes from its variations.

export function parentOf(state: StoreState, product: SimProduct): SimProduct | undefined {
  return product.parentId ? state.products.get(product.parentId) : undefined;
}

/** get_stock_managed_by_id: the product whose quantity a sale draws on, or null when stock is not managed. */
export function stockHolder(state: StoreState, product: SimProduct): SimProduct | null {
  if (product.manageStock) return product;
  const parent = parentOf(state, product);
  return parent?.manageStock ? parent : null;
}

/** managing_stock(): true, false, or "parent" for a variation inheriting its parent's stock. */
export function manageStockView(state: StoreState, product: SimProduct): boolean | "parent" {
  if (product.manageStock) return true;
  return product.type === "variation" && parentOf(state, product)?.manageStock ? "parent" : false;
}

function statusFromQuantity(quantity: number, backorders: Backorders): StockStatus {
  if (quantity > 0) return "instock";
  return backorders === "no" ? "outofstock" : "onbackorder";
}

export function stockStatusOf(state: StoreState, product: SimProduct): StockStatus {
  if (product.type === "variable") {
    const children = product.variationIds
      .map((id) => state.products.get(id))
      .filter((child): child is SimProduct => !!child && child.status !== "trash")
      .map((child) => stockStatusOf(state, child));
    if (children.includes("instock")) return "instock";
    return children.includes("onbackorder") ? "onbackorder" : "outofstock";
  }
  const holder = stockHolder(state, product);
  return holder ? statusFromQuantity(holder.stockQuantity ?? 0, holder.backorders) : product.stockStatus;
}

/** The stock fields of a product or variation response. */
export function stockView(state: StoreState, product: SimProduct) {
  const holder = product.type === "variable" ? (product.manageStock ? product : null) : stockHolder(state, product);
  const backorders = holder?.backorders ?? "no";
  const status = stockStatusOf(state, product);
  return {
    manage_stock: manageStockView(state, product),
    stock_quantity: holder ? holder.stockQuantity : null,
    stock_status: status,
    backorders,
    backorders_allowed: backorders !== "no",
    backordered: status === "onbackorder",
    low_stock_amount: holder ? holder.lowStockAmount : null,
  };
}

/**
 * A product save: date_modified moves and product.updated fires. Saving a variation also re-syncs its parent at the
 * end of the request (wc_deferred_product_sync), which saves the parent and fires product.updated for it as well.
 */
export function touchProduct(ctx: StoreContext, product: SimProduct) {
  const now = ctx.clock.stamp();
  product.modifiedAt = now;
  ctx.emit({ resource: "product", event: "updated", id: product.id });
  const parent = parentOf(ctx.state, product);
  if (parent) {
    parent.modifiedAt = now;
    ctx.emit({ resource: "product", event: "updated", id: parent.id });
  }
}

/**
 * wc_update_product_stock: change the quantity of whatever holds the product's stock and save that product. Returns
 * the old and new quantities, or null when nothing manages stock for the product.
 */
export function updateStock(
  ctx: StoreContext,
  product: SimProduct,
  amount: number,
  operation: "increase" | "decrease" | "set",
): { holder: SimProduct; from: number; to: number } | null {
  const holder = stockHolder(ctx.state, product);
  if (!holder) return null;
  const from = holder.stockQuantity ?? 0;
  const to = operation === "set" ? amount : operation === "increase" ? from + amount : from - amount;
  holder.stockQuantity = to;
  touchProduct(ctx, holder);
  return { holder, from, to };
}

/** How a stock change reads in an order note: "Tee - M (TEE-M) 10&rarr;8", as WooCommerce writes it. */
export function stockChangeLabel(lineName: string, product: SimProduct, from: number, to: number): string {
  return `${lineName} (${product.sku || `#${product.id}`}) ${from}&rarr;${to}`;
}
