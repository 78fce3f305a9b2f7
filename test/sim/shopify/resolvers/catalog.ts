import type { SimObject } from "../graphql/collect";
import { connection, type ConnectionArgs } from "../graphql/connection";
import { FieldError } from "../graphql/errors";
import { matchesSearch } from "../graphql/search";
import { gid, idOf } from "../gid";
import { formatMinor } from "../money";
import { isQuantityName } from "../catalog";
import {
  quantityOf,
  type SimInventoryItem,
  type SimLevel,
  type SimLocation,
  type SimProduct,
  type SimVariant,
} from "../state";
import type { ResolverEnv } from "./env";

// Views of the catalog and inventory: Shop, Location, Product, ProductVariant, InventoryItem, InventoryLevel.

const byId = <T extends { id: number }>(items: Iterable<T>) => [...items].sort((a, b) => a.id - b.id);

export function shopView(env: ResolverEnv): SimObject {
  const { shop } = env;
  return {
    __typename: "Shop",
    id: gid("Shop", shop.id),
    name: shop.name,
    myshopifyDomain: shop.domain,
    currencyCode: shop.currency,
    ianaTimezone: shop.timezone,
    email: `owner@${shop.domain}`,
  };
}

export function locationView(env: ResolverEnv, location: SimLocation): SimObject {
  const levels = () => byId([...env.shop.levels.values()].filter((level) => level.locationId === location.id));
  return {
    __typename: "Location",
    id: gid("Location", location.id),
    legacyResourceId: String(location.id),
    name: location.name,
    isActive: location.isActive,
    fulfillsOnlineOrders: true,
    createdAt: location.createdAt,
    inventoryLevels: (args: ConnectionArgs & { query?: unknown }) =>
      connection(
        "InventoryLevel",
        levels(),
        args,
        (level) => [level.id],
        (level) => levelView(env, level),
      ),
    inventoryLevel: ({ inventoryItemId }: { inventoryItemId?: unknown }) => {
      const level = env.shop.levels.get(`${idOf(inventoryItemId, "InventoryItem")}:${location.id}`);
      return level ? levelView(env, level) : null;
    },
  };
}

export function levelView(env: ResolverEnv, level: SimLevel): SimObject {
  return {
    __typename: "InventoryLevel",
    id: `gid://shopify/InventoryLevel/${level.id}?inventory_item_id=${level.inventoryItemId}`,
    updatedAt: level.updatedAt,
    item: () => itemView(env, env.shop.inventoryItems.get(level.inventoryItemId)!),
    location: () => locationView(env, env.shop.locations.get(level.locationId)!),
    quantities: ({ names }: { names?: unknown }) => {
      if (!Array.isArray(names))
        throw new FieldError("Argument 'names' is required", { code: "missingRequiredArguments" });
      return names.map((name) => {
        if (typeof name !== "string" || !isQuantityName(name)) {
          throw new FieldError(`'${String(name)}' is not a valid quantity name`, { code: "BAD_REQUEST" });
        }
        return {
          __typename: "InventoryQuantity",
          id: `${level.id}:${name}`,
          name,
          quantity: quantityOf(level, name),
          updatedAt: level.updatedAt,
        };
      });
    },
  };
}

export function itemView(env: ResolverEnv, item: SimInventoryItem): SimObject {
  const levels = () => byId([...env.shop.levels.values()].filter((level) => level.inventoryItemId === item.id));
  const variant = () => {
    const found = env.shop.variants.get(item.variantId);
    return found ? variantView(env, found) : null;
  };
  return {
    __typename: "InventoryItem",
    id: gid("InventoryItem", item.id),
    legacyResourceId: String(item.id),
    sku: item.sku,
    tracked: item.tracked,
    updatedAt: item.updatedAt,
    variant,
    variants: (args: ConnectionArgs) =>
      connection(
        "ProductVariant",
        [env.shop.variants.get(item.variantId)!],
        args,
        (v) => [v.id],
        (v) => variantView(env, v),
      ),
    inventoryLevels: (args: ConnectionArgs) =>
      connection(
        "InventoryLevel",
        levels(),
        args,
        (level) => [level.id],
        (level) => levelView(env, level),
      ),
    inventoryLevel: ({ locationId }: { locationId?: unknown }) => {
      const level = env.shop.levels.get(`${item.id}:${idOf(locationId, "Location")}`);
      return level ? levelView(env, level) : null;
    },
  };
}

export function variantView(env: ResolverEnv, variant: SimVariant): SimObject {
  const product = env.shop.products.get(variant.productId)!;
  const levels = [...env.shop.levels.values()].filter((level) => level.inventoryItemId === variant.inventoryItemId);
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", variant.id),
    legacyResourceId: String(variant.id),
    title: variant.title,
    sku: variant.sku,
    displayName: variant.title === "Default Title" ? product.title : `${product.title} - ${variant.title}`,
    price: formatMinor(variant.priceMinor, env.shop.currency),
    createdAt: variant.createdAt,
    updatedAt: variant.updatedAt,
    inventoryQuantity: levels.reduce((sum, level) => sum + level.quantities.available, 0),
    inventoryPolicy: variant.inventoryPolicy.toUpperCase(),
    product: () => productView(env, product),
    inventoryItem: () => itemView(env, env.shop.inventoryItems.get(variant.inventoryItemId)!),
  };
}

export function productView(env: ResolverEnv, product: SimProduct): SimObject {
  const variants = () => product.variantIds.map((id) => env.shop.variants.get(id)!).sort((a, b) => a.id - b.id);
  return {
    __typename: "Product",
    id: gid("Product", product.id),
    legacyResourceId: String(product.id),
    title: product.title,
    status: "ACTIVE",
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    totalInventory: variants().reduce((sum, variant) => {
      const levels = [...env.shop.levels.values()].filter((level) => level.inventoryItemId === variant.inventoryItemId);
      return sum + levels.reduce((inner, level) => inner + level.quantities.available, 0);
    }, 0),
    variants: (args: ConnectionArgs) =>
      connection(
        "ProductVariant",
        variants(),
        args,
        (variant) => [variant.id],
        (variant) => variantView(env, variant),
      ),
  };
}

type ListArgs = ConnectionArgs & { query?: unknown; sortKey?: unknown; includeInactive?: unknown };

/** The catalog's QueryRoot fields. */
export function catalogQueries(env: ResolverEnv): Record<string, unknown> {
  const { shop } = env;
  const variants = () => byId(shop.variants.values());
  return {
    shop: () => shopView(env),
    locations: (args: ListArgs) => {
      const locations = byId(shop.locations.values()).filter(
        (location) => args.includeInactive === true || location.isActive,
      );
      const filtered = locations.filter((location) =>
        matchesSearch(args.query, { name: location.name, id: location.id }, ["name"]),
      );
      return connection(
        "Location",
        filtered,
        args,
        (location) => [location.id],
        (location) => locationView(env, location),
      );
    },
    location: ({ id }: { id?: unknown }) => {
      // Without an id Shopify answers the shop's primary location.
      const location =
        id === undefined ? byId(shop.locations.values())[0] : shop.locations.get(idOf(id, "Location") ?? -1);
      return location ? locationView(env, location) : null;
    },
    productVariants: (args: ListArgs) => {
      const filtered = variants().filter((variant) =>
        matchesSearch(
          args.query,
          {
            sku: variant.sku,
            title: variant.title,
            product_id: variant.productId,
            id: variant.id,
            updated_at: variant.updatedAt,
          },
          ["sku", "title"],
        ),
      );
      const sorted =
        args.sortKey === "SKU"
          ? [...filtered].sort((a, b) => (a.sku ?? "").localeCompare(b.sku ?? "") || a.id - b.id)
          : filtered;
      const key = args.sortKey === "SKU" ? (v: SimVariant) => [v.sku ?? "", v.id] : (v: SimVariant) => [v.id];
      return connection("ProductVariant", sorted, args, key, (variant) => variantView(env, variant));
    },
    productVariant: ({ id }: { id?: unknown }) => {
      const variant = shop.variants.get(idOf(id, "ProductVariant") ?? -1);
      return variant ? variantView(env, variant) : null;
    },
    products: (args: ListArgs) => {
      const filtered = byId(shop.products.values()).filter((product) =>
        matchesSearch(args.query, { title: product.title, id: product.id, updated_at: product.updatedAt }, ["title"]),
      );
      return connection(
        "Product",
        filtered,
        args,
        (product) => [product.id],
        (product) => productView(env, product),
      );
    },
    product: ({ id }: { id?: unknown }) => {
      const product = shop.products.get(idOf(id, "Product") ?? -1);
      return product ? productView(env, product) : null;
    },
    inventoryItems: (args: ListArgs) => {
      const filtered = byId(shop.inventoryItems.values()).filter((item) =>
        matchesSearch(args.query, { sku: item.sku, id: item.id, updated_at: item.updatedAt }, ["sku"]),
      );
      return connection(
        "InventoryItem",
        filtered,
        args,
        (item) => [item.id],
        (item) => itemView(env, item),
      );
    },
    inventoryItem: ({ id }: { id?: unknown }) => {
      const item = shop.inventoryItems.get(idOf(id, "InventoryItem") ?? -1);
      return item ? itemView(env, item) : null;
    },
    inventoryLevel: ({ id }: { id?: unknown }) => {
      const match = /InventoryLevel\/(\d+)/.exec(String(id));
      const level = [...shop.levels.values()].find((candidate) => candidate.id === Number(match?.[1]));
      return level ? levelView(env, level) : null;
    },
  };
}
