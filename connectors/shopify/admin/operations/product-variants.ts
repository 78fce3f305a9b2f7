import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { connectionSchema } from "./common";

// The catalog, one variant per node with its product and inventory item. Cost: 2 + first × 3 (752 at 250).
export const PRODUCT_VARIANTS_QUERY = /* GraphQL */ `
  query ChannelLedgerProductVariants($first: Int!, $after: String) {
    productVariants(first: $first, after: $after, sortKey: ID) {
      edges {
        node {
          id
          title
          sku
          displayName
          product {
            id
            title
          }
          inventoryItem {
            id
            tracked
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const PRODUCT_VARIANTS_PAGE_SIZE = 250;

export const ShopifyVariantSchema = z.object({
  id: ShopifyGidSchema,
  title: z.string(),
  sku: z.string().nullish(),
  displayName: z.string(),
  product: z.object({ id: ShopifyGidSchema, title: z.string() }),
  inventoryItem: z.object({ id: ShopifyGidSchema, tracked: z.boolean() }).nullish(),
});

export const ProductVariantsResponseSchema = z.object({ productVariants: connectionSchema(ShopifyVariantSchema) });

export type ShopifyVariant = z.infer<typeof ShopifyVariantSchema>;
