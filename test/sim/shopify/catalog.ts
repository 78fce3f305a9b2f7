import { SimUserError, type ShopContext } from "./context";
import { inventoryLevelToRest, productToRest } from "./rest";
import {
  levelKey,
  QUANTITY_NAMES,
  quantityOf,
  type QuantityName,
  type SimLevel,
  type SimLocation,
  type SimProduct,
  type StoredQuantityName,
} from "./state";

// Locations, products, variants, inventory items and their levels: what a merchant sets up in the admin.

export type NewVariant = {
  sku: string | null;
  title?: string;
  priceMinor?: number;
  /** "continue" (sell when out of stock) unless given; "deny" is Shopify's default for a new variant. */
  inventoryPolicy?: "deny" | "continue";
  tracked?: boolean;
  /** Available units per location id. */
  stock?: Record<number, number>;
  incoming?: Record<number, number>;
};

export function addLocation(ctx: ShopContext, name: string): SimLocation {
  const location = { id: ctx.clock.id(), name, isActive: true, createdAt: ctx.clock.stamp() };
  ctx.shop.locations.set(location.id, location);
  return location;
}

export function addProduct(ctx: ShopContext, input: { title: string; variants: NewVariant[] }): SimProduct {
  const now = ctx.clock.stamp();
  const product: SimProduct = {
    id: ctx.clock.id(),
    title: input.title,
    createdAt: now,
    updatedAt: now,
    variantIds: [],
  };
  ctx.shop.products.set(product.id, product);
  for (const spec of input.variants) {
    const variantId = ctx.clock.id();
    const itemId = ctx.clock.id();
    ctx.shop.variants.set(variantId, {
      id: variantId,
      productId: product.id,
      title: spec.title ?? "Default Title",
      sku: spec.sku,
      priceMinor: spec.priceMinor ?? 1000,
      inventoryPolicy: spec.inventoryPolicy ?? "continue",
      inventoryItemId: itemId,
      createdAt: now,
      updatedAt: now,
    });
    ctx.shop.inventoryItems.set(itemId, {
      id: itemId,
      variantId,
      sku: spec.sku,
      tracked: spec.tracked ?? true,
      updatedAt: now,
    });
    product.variantIds.push(variantId);
    const stocked = new Set([...Object.keys(spec.stock ?? {}), ...Object.keys(spec.incoming ?? {})].map(Number));
    for (const locationId of stocked) {
      const level = ensureLevel(ctx, itemId, locationId);
      level.quantities.available = spec.stock?.[locationId] ?? 0;
      level.quantities.incoming = spec.incoming?.[locationId] ?? 0;
    }
  }
  // The app lists a product's variants from products/update (it does not read products/create).
  ctx.emit({ topic: "products/update", payload: productToRest(ctx.shop, product) });
  return product;
}

export function findLevel(ctx: ShopContext, itemId: number, locationId: number): SimLevel | undefined {
  return ctx.shop.levels.get(levelKey(itemId, locationId));
}

/** Stocks an item at a location (Shopify's "inventoryActivate"): a level with every quantity at zero. */
export function ensureLevel(ctx: ShopContext, itemId: number, locationId: number): SimLevel {
  if (!ctx.shop.inventoryItems.has(itemId)) throw new SimUserError("The specified inventory item could not be found.");
  if (!ctx.shop.locations.has(locationId)) throw new SimUserError("The specified location could not be found.");
  const key = levelKey(itemId, locationId);
  let level = ctx.shop.levels.get(key);
  if (!level) {
    const quantities = Object.fromEntries(QUANTITY_NAMES.map((name) => [name, 0])) as Record<
      StoredQuantityName,
      number
    >;
    level = { id: ctx.clock.id(), inventoryItemId: itemId, locationId, quantities, updatedAt: ctx.clock.stamp() };
    ctx.shop.levels.set(key, level);
  }
  return level;
}

/**
 * Moves quantities of one level by deltas. Shopify tells subscribers when available changes (inventory_levels/
 * update), whatever moved it: an order, a fulfillment, an edit in the admin or an app's mutation.
 */
export function moveQuantities(
  ctx: ShopContext,
  level: SimLevel,
  deltas: Partial<Record<StoredQuantityName, number>>,
): void {
  const item = ctx.shop.inventoryItems.get(level.inventoryItemId);
  if (!item?.tracked) return;
  let changed = false;
  for (const [name, delta] of Object.entries(deltas) as [StoredQuantityName, number][]) {
    if (!delta) continue;
    level.quantities[name] += delta;
    changed ||= name === "available";
  }
  level.updatedAt = ctx.clock.stamp();
  if (changed) ctx.emit({ topic: "inventory_levels/update", payload: inventoryLevelToRest(level) });
}

/** Sets available or on_hand to an absolute figure; either way the difference lands in available. */
export function setQuantity(ctx: ShopContext, level: SimLevel, name: "available" | "on_hand", quantity: number) {
  const delta = quantity - quantityOf(level, name);
  moveQuantities(ctx, level, { available: delta });
  return delta;
}

export function itemBySku(ctx: ShopContext, sku: string) {
  for (const item of ctx.shop.inventoryItems.values()) if (item.sku === sku) return item;
  return undefined;
}

export function isSettableName(name: string): name is "available" | "on_hand" {
  return name === "available" || name === "on_hand";
}

export function isQuantityName(name: string): name is QuantityName {
  return name === "on_hand" || (QUANTITY_NAMES as readonly string[]).includes(name);
}
