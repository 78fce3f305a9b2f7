import { boolean, integer, nullable, oneOf, string, validateArgs, type ArgValues } from "./args";
import { skuOwner } from "./catalog";
import type { StoreContext } from "./context";
import { WcError } from "./errors";
import { manageStockView, touchProduct } from "./stock";
import { BACKORDERS, PRODUCT_STATUSES, STOCK_STATUSES, type SimProduct } from "./state";

// PUT /products/{id} and /products/{pid}/variations/{id}: the fields a stock and catalogue sync writes, applied with
// the rules of prepare_object_for_database. The surprising one: a variation whose stock is managed by its parent
// ("manage_stock": "parent") accepts stock_quantity without error, stores it in a field nothing reads, and its
// visible quantity (the parent's) does not change. Send manage_stock true with it, or write to the parent.

const productWriteArgs = {
  name: string(),
  sku: string(),
  status: oneOf(PRODUCT_STATUSES),
  regular_price: string(),
  sale_price: string(),
  manage_stock: boolean(),
  stock_quantity: integer(),
  backorders: oneOf(BACKORDERS),
  stock_status: oneOf(STOCK_STATUSES),
  low_stock_amount: nullable(integer(), "integer"),
};
type ProductWrite = ArgValues<typeof productWriteArgs> & { inventory_delta?: number };

/** Validates a write body; inventory_delta is undocumented and outside the schema, so it is only intval()ed. */
export function parseProductWrite(body: Record<string, unknown>): ProductWrite {
  const values: ProductWrite = validateArgs(productWriteArgs, body);
  if (body.inventory_delta !== undefined) values.inventory_delta = Math.trunc(Number(body.inventory_delta)) || 0;
  return values;
}

/** set_sku: WC_Data_Exception product_invalid_sku when another live product already has it. */
function checkSku(ctx: StoreContext, product: SimProduct, sku: string | undefined) {
  if (sku === undefined) return;
  const owner = skuOwner(ctx.state, sku, product.id);
  if (owner)
    throw new WcError("product_invalid_sku", "Invalid or duplicated SKU.", 400, {
      resource_id: owner.id,
      unique_sku: `${sku}-1`,
    });
}

function applyCommon(product: SimProduct, write: ProductWrite) {
  if (write.name !== undefined) product.name = write.name;
  if (write.sku !== undefined) product.sku = write.sku.trim();
  if (write.status !== undefined) product.status = write.status;
  if (write.regular_price !== undefined) product.regularPrice = write.regular_price;
  if (write.sale_price !== undefined) product.salePrice = write.sale_price;
}

/** A simple or variable product. */
export function writeProduct(ctx: StoreContext, product: SimProduct, write: ProductWrite) {
  checkSku(ctx, product, write.sku);
  applyCommon(product, write);
  if (write.manage_stock !== undefined) product.manageStock = write.manage_stock;
  if (write.backorders !== undefined) product.backorders = write.backorders;
  if (product.manageStock) {
    if (write.stock_quantity !== undefined) product.stockQuantity = write.stock_quantity;
    else if (write.inventory_delta !== undefined)
      product.stockQuantity = (product.stockQuantity ?? 0) + write.inventory_delta;
    if (write.low_stock_amount !== undefined) product.lowStockAmount = write.low_stock_amount;
  } else {
    // validate_props: without stock management there is no quantity, no backorders, no low-stock threshold.
    product.stockQuantity = null;
    product.backorders = "no";
    product.lowStockAmount = null;
    if (write.stock_status !== undefined) product.stockStatus = write.stock_status;
  }
  touchProduct(ctx, product);
}

export function writeVariation(ctx: StoreContext, variation: SimProduct, write: ProductWrite) {
  checkSku(ctx, variation, write.sku);
  applyCommon(variation, write);
  if (write.manage_stock !== undefined) variation.manageStock = write.manage_stock;
  if (write.stock_status !== undefined) variation.stockStatus = write.stock_status;
  if (write.backorders !== undefined) variation.backorders = write.backorders;
  const managed = manageStockView(ctx.state, variation);
  if (managed === true) {
    if (write.stock_quantity !== undefined) variation.stockQuantity = write.stock_quantity;
    else if (write.inventory_delta !== undefined)
      variation.stockQuantity = (variation.stockQuantity ?? 0) + write.inventory_delta;
    if (write.low_stock_amount !== undefined) variation.lowStockAmount = write.low_stock_amount;
  } else if (managed === false) {
    variation.stockQuantity = null;
    variation.backorders = "no";
    variation.lowStockAmount = null;
  }
  // managed === "parent": the quantity lands in the variation's own hidden field; nothing visible changes.
  touchProduct(ctx, variation);
}
