import type { ShopifyAdmin } from "../admin/client";
import { toGid } from "../admin/gid";
import {
  LOCATION_INVENTORY_LEVELS_PAGE_SIZE,
  LOCATION_INVENTORY_LEVELS_QUERY,
  LocationInventoryLevelsResponseSchema,
} from "../admin/operations/location-inventory-levels";
import {
  LOCATIONS_PAGE_SIZE,
  LOCATIONS_QUERY,
  LocationsResponseSchema,
  type ShopifyLocation,
} from "../admin/operations/locations";
import {
  PRODUCT_VARIANTS_PAGE_SIZE,
  PRODUCT_VARIANTS_QUERY,
  ProductVariantsResponseSchema,
  type ShopifyVariant,
} from "../admin/operations/product-variants";
import { quantitiesFromLevel, type LevelQuantities } from "./map-catalog";

/** One page of a paginated read: its items and where the next page starts. */
export type Page<T> = { items: T[]; endCursor: string | null; hasNextPage: boolean };

const page = <T>(items: T[], pageInfo: { hasNextPage: boolean; endCursor: string | null }): Page<T> => ({
  items,
  endCursor: pageInfo.endCursor,
  hasNextPage: pageInfo.hasNextPage,
});

export async function readLocationsPage(
  admin: ShopifyAdmin,
  after: string | null,
  first = LOCATIONS_PAGE_SIZE,
): Promise<Page<ShopifyLocation>> {
  const { data } = await admin.request(LOCATIONS_QUERY, { first, after }, { schema: LocationsResponseSchema });
  return page(
    data.locations.edges.map((edge) => edge.node),
    data.locations.pageInfo,
  );
}

export async function readVariantsPage(
  admin: ShopifyAdmin,
  after: string | null,
  first = PRODUCT_VARIANTS_PAGE_SIZE,
): Promise<Page<ShopifyVariant>> {
  const { data } = await admin.request(
    PRODUCT_VARIANTS_QUERY,
    { first, after },
    { schema: ProductVariantsResponseSchema },
  );
  return page(
    data.productVariants.edges.map((edge) => edge.node),
    data.productVariants.pageInfo,
  );
}

/** Levels at one location (numeric id). A location deleted since it was mapped has nothing to read. */
export async function readLevelsPage(
  admin: ShopifyAdmin,
  locationId: string,
  after: string | null,
  first = LOCATION_INVENTORY_LEVELS_PAGE_SIZE,
): Promise<Page<LevelQuantities>> {
  const { data } = await admin.request(
    LOCATION_INVENTORY_LEVELS_QUERY,
    { locationId: toGid("Location", locationId), first, after },
    { schema: LocationInventoryLevelsResponseSchema },
  );
  if (!data.location) return { items: [], endCursor: null, hasNextPage: false };
  return page(
    data.location.inventoryLevels.edges.map((edge) => quantitiesFromLevel(edge.node)),
    data.location.inventoryLevels.pageInfo,
  );
}
