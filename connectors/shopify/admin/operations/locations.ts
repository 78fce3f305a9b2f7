import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { connectionSchema } from "./common";

// Active locations only: an inactive location holds no sellable stock. Cost: 2 + first × 1.
export const LOCATIONS_QUERY = /* GraphQL */ `
  query ChannelLedgerLocations($first: Int!, $after: String) {
    locations(first: $first, after: $after) {
      edges {
        node {
          id
          name
          isActive
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const LOCATIONS_PAGE_SIZE = 250;

export const ShopifyLocationSchema = z.object({ id: ShopifyGidSchema, name: z.string(), isActive: z.boolean() });

export const LocationsResponseSchema = z.object({ locations: connectionSchema(ShopifyLocationSchema) });

export type ShopifyLocation = z.infer<typeof ShopifyLocationSchema>;
