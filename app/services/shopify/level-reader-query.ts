import { z } from "zod";
import { ShopifyGidSchema } from "../../../connectors/shopify/admin";
import { PageInfoSchema } from "../../../connectors/shopify/admin/operations/common";

// "available" of every item stocked at one location, 250 levels a page. Reconciliation reads a whole store with it,
// so its cost is what bounds the read: the level's own id names its inventory item
// (gid://shopify/InventoryLevel/<id>?inventory_item_id=<item>), so no nested item object is asked for, and a level
// costs 2 points (itself and its quantities list): 3 + 250 × 2 = 503 a page, where the backfill's query (item { id },
// two quantities) costs 753. (To move into connectors/shopify/admin/operations with the backfill's.)
export const LOCATION_AVAILABLE_QUERY = /* GraphQL */ `
  query ChannelLedgerLocationAvailable($locationId: ID!, $first: Int!, $after: String) {
    location(id: $locationId) {
      id
      inventoryLevels(first: $first, after: $after) {
        nodes {
          id
          quantities(names: ["available"]) {
            name
            quantity
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const LOCATION_AVAILABLE_PAGE_SIZE = 250;

/** gid://shopify/InventoryLevel/<id>?inventory_item_id=<item>: a level's id names its inventory item. */
export const LEVEL_ID = /^gid:\/\/shopify\/InventoryLevel\/\d{1,20}\?(?:.*&)?inventory_item_id=(\d{1,20})(?:&.*)?$/;

const LevelNodeSchema = z.object({
  id: z.string().regex(LEVEL_ID, "must be an InventoryLevel id naming its inventory_item_id"),
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
});

export const LocationAvailableResponseSchema = z.object({
  location: z
    .object({
      id: ShopifyGidSchema,
      inventoryLevels: z.object({ nodes: z.array(LevelNodeSchema), pageInfo: PageInfoSchema }),
    })
    .nullable(),
});

export type LocationAvailable = z.output<typeof LocationAvailableResponseSchema>;

/** The numeric inventory item id a level's id names. */
export function inventoryItemOfLevel(levelId: string): string {
  const match = LEVEL_ID.exec(levelId);
  if (!match) throw new Error(`"${levelId}" does not name an inventory item`);
  return match[1]!;
}

/** A level without an "available" figure (never stocked) counts as 0, as the backfill reads it. */
export function availableOf(level: { quantities: { name: string; quantity: number }[] }): number {
  return level.quantities.find((quantity) => quantity.name === "available")?.quantity ?? 0;
}
