import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { connectionSchema } from "./common";

// Stock at one location, per inventory item. Asking per location keeps the cost flat: 3 + first × 3 (753 at 250),
// where levels nested under every variant would multiply by the number of locations.
export const LOCATION_INVENTORY_LEVELS_QUERY = /* GraphQL */ `
  query ChannelLedgerLocationInventoryLevels($locationId: ID!, $first: Int!, $after: String) {
    location(id: $locationId) {
      id
      inventoryLevels(first: $first, after: $after) {
        edges {
          node {
            item {
              id
            }
            quantities(names: ["available", "on_hand"]) {
              name
              quantity
            }
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

export const LOCATION_INVENTORY_LEVELS_PAGE_SIZE = 250;

export const ShopifyInventoryLevelSchema = z.object({
  item: z.object({ id: ShopifyGidSchema }),
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
});

export const LocationInventoryLevelsResponseSchema = z.object({
  location: z
    .object({ id: ShopifyGidSchema, inventoryLevels: connectionSchema(ShopifyInventoryLevelSchema) })
    .nullable(),
});

export type ShopifyInventoryLevel = z.infer<typeof ShopifyInventoryLevelSchema>;
