import { z } from "zod";
import { TimestampSchema } from "../../parse-common";
import { ShopifyGidSchema } from "../gid";
import { connectionSchema, MoneyBagSchema } from "./common";

// Orders changed since a date, oldest change first, so a resumed cursor continues where it stopped. Lines come
// inline up to ORDER_LINES_INLINE; longer orders page the rest with ORDER_LINE_ITEMS_QUERY. Cost per order:
// 6 + 2 + 3 × lines, so 10 orders of 30 lines request 982 points, under Shopify's 1000 per query.

export const LINE_ITEM_FIELDS = /* GraphQL */ `
  id
  sku
  name
  title
  quantity
  currentQuantity
  originalUnitPriceSet {
    shopMoney {
      amount
      currencyCode
    }
  }
`;

export const ORDERS_QUERY = /* GraphQL */ `
  query ChannelLedgerOrders($first: Int!, $after: String, $query: String, $lines: Int!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      edges {
        node {
          id
          name
          email
          createdAt
          processedAt
          updatedAt
          cancelledAt
          closedAt
          displayFinancialStatus
          displayFulfillmentStatus
          currencyCode
          totalPriceSet {
            shopMoney {
              amount
              currencyCode
            }
          }
          customer {
            id
            firstName
            lastName
          }
          shippingAddress {
            name
            firstName
            lastName
            company
            address1
            address2
            city
            province
            provinceCode
            zip
            country
            countryCodeV2
            phone
          }
          lineItems(first: $lines) {
            edges {
              node {
                ${LINE_ITEM_FIELDS}
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
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

export const ORDERS_PAGE_SIZE = 10;
export const ORDER_LINES_INLINE = 30;

export const ShopifyLineItemSchema = z.object({
  id: ShopifyGidSchema,
  sku: z.string().nullish(),
  name: z.string().nullish(),
  title: z.string().nullish(),
  quantity: z.number().int().min(0),
  currentQuantity: z.number().int().min(0).nullish(),
  originalUnitPriceSet: MoneyBagSchema,
});

const AddressSchema = z.object({
  name: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  company: z.string().nullish(),
  address1: z.string().nullish(),
  address2: z.string().nullish(),
  city: z.string().nullish(),
  province: z.string().nullish(),
  provinceCode: z.string().nullish(),
  zip: z.string().nullish(),
  country: z.string().nullish(),
  countryCodeV2: z.string().nullish(),
  phone: z.string().nullish(),
});

export const ShopifyOrderSchema = z.object({
  id: ShopifyGidSchema,
  name: z.string(),
  email: z.string().nullish(),
  createdAt: TimestampSchema,
  processedAt: TimestampSchema.nullish(),
  updatedAt: TimestampSchema,
  cancelledAt: TimestampSchema.nullish(),
  closedAt: TimestampSchema.nullish(),
  displayFinancialStatus: z.string().nullish(),
  displayFulfillmentStatus: z.string(),
  currencyCode: z.string(),
  totalPriceSet: MoneyBagSchema,
  customer: z
    .object({ id: ShopifyGidSchema, firstName: z.string().nullish(), lastName: z.string().nullish() })
    .nullish(),
  shippingAddress: AddressSchema.nullish(),
  lineItems: connectionSchema(ShopifyLineItemSchema),
});

export const OrdersResponseSchema = z.object({ orders: connectionSchema(ShopifyOrderSchema) });

export type ShopifyOrder = z.infer<typeof ShopifyOrderSchema>;
export type ShopifyLineItem = z.infer<typeof ShopifyLineItemSchema>;
export type ShopifyAddress = z.infer<typeof AddressSchema>;
