import { StoreError, type StoreContext } from "./context";
import { touchProduct } from "./stock";
import {
  postId,
  type Backorders,
  type ProductStatus,
  type SimProduct,
  type StockStatus,
  type StoreState,
} from "./state";

// Products and variations as a merchant sets them up in wp-admin, SKU lookups, and the admin-side stock edit.

type StockInput = {
  sku?: string;
  price?: string;
  /** Units in stock; giving a number turns on manage_stock unless manageStock says otherwise. */
  stock?: number;
  manageStock?: boolean;
  backorders?: Backorders;
  /** The status shown while stock is not managed. */
  stockStatus?: StockStatus;
};

export type NewSimpleProduct = StockInput & { type?: "simple"; name: string; status?: ProductStatus };
export type NewVariation = Omit<StockInput, "manageStock"> & {
  /** Attribute name -> chosen option, e.g. { Size: "M" }. */
  attributes?: Record<string, string>;
  /** False (the default without `stock`) lets the variation use its parent's stock when the parent manages it. */
  manageStock?: boolean;
};
export type NewVariableProduct = Omit<StockInput, "price" | "stockStatus"> & {
  type: "variable";
  name: string;
  status?: ProductStatus;
  variations: NewVariation[];
};
export type NewProduct = NewSimpleProduct | NewVariableProduct;

const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** wc_product_has_unique_sku: another live product or variation already using the SKU, if any. */
export function skuOwner(state: StoreState, sku: string, exceptId?: number): SimProduct | undefined {
  if (!sku) return undefined;
  for (const product of state.products.values()) {
    if (product.id !== exceptId && product.status !== "trash" && product.sku === sku) return product;
  }
  return undefined;
}

export function productBySku(state: StoreState, sku: string): SimProduct | undefined {
  return skuOwner(state, sku);
}

function blankProduct(ctx: StoreContext, input: StockInput & { name: string; status?: ProductStatus }): SimProduct {
  const sku = input.sku ?? "";
  if (skuOwner(ctx.state, sku)) throw new StoreError(`SKU ${sku} is already used by another product`);
  const manageStock = input.manageStock ?? input.stock !== undefined;
  const now = ctx.clock.stamp();
  return {
    id: postId(ctx.state),
    type: "simple",
    parentId: 0,
    name: input.name,
    slug: slugify(input.name),
    sku,
    status: input.status ?? "publish",
    regularPrice: input.price ?? "",
    salePrice: "",
    manageStock,
    stockQuantity: manageStock ? (input.stock ?? 0) : null,
    backorders: manageStock ? (input.backorders ?? "no") : "no",
    stockStatus: input.stockStatus ?? "instock",
    lowStockAmount: null,
    attributes: [],
    variationAttributes: [],
    variationIds: [],
    totalSales: 0,
    createdAt: now,
    modifiedAt: now,
  };
}

/** Adds a product (and its variations) as saved in wp-admin; raises product.created for each post it creates. */
export function addProduct(ctx: StoreContext, input: NewProduct): SimProduct {
  const product = blankProduct(ctx, input);
  ctx.state.products.set(product.id, product);
  if (input.type !== "variable") {
    ctx.emit({ resource: "product", event: "created", id: product.id });
    return product;
  }
  product.type = "variable";
  product.regularPrice = "";
  const options = new Map<string, string[]>();
  for (const variation of input.variations) {
    for (const [name, option] of Object.entries(variation.attributes ?? {})) {
      const list = options.get(name) ?? [];
      if (!list.includes(option)) list.push(option);
      options.set(name, list);
    }
  }
  product.attributes = [...options].map(([name, values]) => ({ name, options: values }));
  ctx.emit({ resource: "product", event: "created", id: product.id });
  for (const spec of input.variations) {
    const chosen = Object.entries(spec.attributes ?? {}).map(([name, option]) => ({ name, option }));
    const variation = blankProduct(ctx, {
      ...spec,
      name: chosen.length ? `${input.name} - ${chosen.map((a) => a.option).join(", ")}` : input.name,
      status: "publish",
    });
    variation.type = "variation";
    variation.parentId = product.id;
    variation.variationAttributes = chosen;
    ctx.state.products.set(variation.id, variation);
    product.variationIds.push(variation.id);
    ctx.emit({ resource: "product", event: "created", id: variation.id });
  }
  return product;
}

/**
 * The merchant types a quantity into the product's inventory tab. A variation that uses its parent's stock has no
 * field of its own, so the parent's quantity is what changes; an unmanaged product starts managing stock.
 */
export function setStockInAdmin(ctx: StoreContext, sku: string, quantity: number): SimProduct {
  const product = productBySku(ctx.state, sku);
  if (!product) throw new StoreError(`No product with SKU ${sku}`);
  const parent = product.parentId ? ctx.state.products.get(product.parentId) : undefined;
  const target = !product.manageStock && parent?.manageStock ? parent : product;
  target.manageStock = true;
  target.stockQuantity = quantity;
  touchProduct(ctx, target);
  return product;
}

/** Moves a product (and its variations) to the trash, which WooCommerce reports as product.deleted. */
export function trashProduct(ctx: StoreContext, product: SimProduct) {
  for (const id of [product.id, ...product.variationIds]) {
    const post = ctx.state.products.get(id);
    if (!post || post.status === "trash") continue;
    post.status = "trash";
    post.modifiedAt = ctx.clock.stamp();
    ctx.emit({ resource: "product", event: "deleted", id });
  }
}
