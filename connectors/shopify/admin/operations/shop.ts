import { z } from "zod";
import { ShopifyGidSchema } from "../gid";

export const SHOP_QUERY = /* GraphQL */ `
  query ChannelLedgerShop {
    shop {
      id
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
    }
  }
`;

export const ShopResponseSchema = z.object({
  shop: z.object({
    id: ShopifyGidSchema,
    name: z.string(),
    myshopifyDomain: z.string(),
    currencyCode: z.string(),
    ianaTimezone: z.string().nullish(),
  }),
});
