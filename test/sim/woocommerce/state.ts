import type { KeyStore } from "./keys";

// The simulated store's data: plain records keyed by WordPress post id, as WooCommerce's tables would hold them.
// Products, variations, orders and refunds share one id sequence (they are all posts, even with HPOS, whose order ids
// still come from placeholder posts). Order items and notes have their own sequences, as their tables do.

export type StockStatus = "instock" | "outofstock" | "onbackorder";
export type Backorders = "no" | "notify" | "yes";
export type ProductType = "simple" | "variable" | "variation";
export type ProductStatus = "publish" | "draft" | "pending" | "private" | "trash";

export const STOCK_STATUSES: readonly StockStatus[] = ["instock", "outofstock", "onbackorder"];
export const BACKORDERS: readonly Backorders[] = ["no", "notify", "yes"];
export const PRODUCT_STATUSES: readonly ProductStatus[] = ["draft", "pending", "private", "publish", "trash"];
/** wc_get_order_statuses() without the wc- prefix, plus the two the REST API adds. */
export const ORDER_STATUSES = [
  "pending",
  "processing",
  "on-hold",
  "completed",
  "cancelled",
  "refunded",
  "failed",
  "checkout-draft",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number] | "trash";

export type SimProduct = {
  id: number;
  type: ProductType;
  /** 0 unless a variation. */
  parentId: number;
  name: string;
  slug: string;
  /** "" when the merchant left it empty; unique among non-empty SKUs. */
  sku: string;
  status: ProductStatus;
  /** Prices as the merchant typed them ("19.99", "20", "" for none), which is how WooCommerce returns them. */
  regularPrice: string;
  salePrice: string;
  /** The product's own setting. A variation with false inherits its parent's stock when the parent manages stock. */
  manageStock: boolean;
  /** Own quantity; null when the product does not manage stock. */
  stockQuantity: number | null;
  backorders: Backorders;
  /** The status the merchant set; only read while nothing manages stock for the product (otherwise it is derived). */
  stockStatus: StockStatus;
  lowStockAmount: number | null;
  /** Variable products: the attributes their variations choose from. */
  attributes: { name: string; options: string[] }[];
  /** Variations: the option chosen for each parent attribute. */
  variationAttributes: { name: string; option: string }[];
  variationIds: number[];
  totalSales: number;
  createdAt: number;
  modifiedAt: number;
};

export type SimAddress = {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  phone: string;
};

export type SimLineItem = {
  id: number;
  /** The parent product for a variation line, as WooCommerce records it. */
  productId: number;
  variationId: number;
  name: string;
  quantity: number;
  totalCents: number;
  /** The `_reduced_stock` item meta: units taken from stock for this line and not yet put back. */
  reducedStock: number;
  restockedRefunded: number;
  attributes: { name: string; option: string }[];
};

export type SimNote = { id: number; createdAt: number; note: string; customerNote: boolean; author: string };

export type SimOrder = {
  id: number;
  number: string;
  orderKey: string;
  status: OrderStatus;
  currency: string;
  createdAt: number;
  modifiedAt: number;
  paidAt: number | null;
  completedAt: number | null;
  billing: SimAddress & { email: string };
  shipping: SimAddress;
  paymentMethod: string;
  paymentMethodTitle: string;
  transactionId: string;
  customerId: number;
  customerNote: string;
  shippingCents: number;
  lineItems: SimLineItem[];
  refundIds: number[];
  notes: SimNote[];
  /** The order's `_order_stock_reduced` flag: stock is taken once, and given back once on cancel. */
  stockReduced: boolean;
};

export type SimRefund = {
  id: number;
  orderId: number;
  createdAt: number;
  amountCents: number;
  reason: string;
  refundedPayment: boolean;
  lines: { id: number; lineItemId: number; quantity: number; refundTotalCents: number }[];
};

export type WebhookStatus = "active" | "paused" | "disabled";
export type SimWebhookRecord = {
  id: number;
  name: string;
  status: WebhookStatus;
  topic: string;
  deliveryUrl: string;
  secret: string;
  failureCount: number;
  pendingDelivery: boolean;
  createdAt: number;
  modifiedAt: number;
};

export type StoreState = {
  url: string;
  name: string;
  currency: string;
  /** The site's UTC offset: date_* fields are local time, date_*_gmt fields UTC. */
  utcOffsetMinutes: number;
  products: Map<number, SimProduct>;
  orders: Map<number, SimOrder>;
  refunds: Map<number, SimRefund>;
  webhooks: Map<number, SimWebhookRecord>;
  keys: KeyStore;
  nextPostId: number;
  nextItemId: number;
  nextNoteId: number;
  nextWebhookId: number;
};

export function createStoreState(input: {
  url: string;
  name: string;
  currency: string;
  utcOffsetMinutes: number;
  keys: KeyStore;
}): StoreState {
  return {
    ...input,
    products: new Map(),
    orders: new Map(),
    refunds: new Map(),
    webhooks: new Map(),
    nextPostId: 11,
    nextItemId: 1,
    nextNoteId: 1,
    nextWebhookId: 1,
  };
}

export const postId = (state: StoreState) => state.nextPostId++;
export const emptyAddress = (): SimAddress => ({
  first_name: "",
  last_name: "",
  company: "",
  address_1: "",
  address_2: "",
  city: "",
  state: "",
  postcode: "",
  country: "",
  phone: "",
});
