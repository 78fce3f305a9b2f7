export {
  createShopifyAdmin,
  isMutation,
  SHOPIFY_API_VERSION,
  type AccessToken,
  type AdminLogger,
  type RequestOptions,
  type ShopifyAdmin,
  type ShopifyAdminOptions,
  type ShopifyAdminResponse,
} from "./client";
export { CostBucket, CostBuckets, processCostBuckets, type ThrottleStatus } from "./cost-bucket";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./backoff";
export type { QueryCost } from "./envelope";
export {
  ShopifyAdminError,
  ShopifyGraphqlError,
  ShopifyHttpError,
  ShopifyResponseError,
  ShopifyRetriesExhaustedError,
  type GraphqlErrorEntry,
} from "./errors";
export { numericId, ShopifyGidSchema, toGid } from "./gid";
