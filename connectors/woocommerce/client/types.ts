// The WooCommerce connector's own client contract. The app codes against this interface only; the implementation
// (client.ts) sits on @woocommerce/woocommerce-rest-api today and can be replaced without touching its callers.
// Money stays a decimal string as WooCommerce sends it; ids are numbers; times are WooCommerce's GMT strings.

export type WooCredentials = { url: string; consumerKey: string; consumerSecret: string };

export type WooPage<T> = { items: T[]; total: number; totalPages: number; page: number };

/**
 * The object exactly as WooCommerce sent it (snake_case, extra fields and all). A polled copy goes into the inbox in
 * this form, so the webhook parser reads it like a delivery and wooEventKey gives both the same key. createWooClient
 * always sets it; hand-made test values may leave it out.
 */
export type WooRaw = { raw?: Record<string, unknown> };

/** Collection order: by "modified" ascending suits a resumable modified_after sweep; WooCommerce's default is date, desc. */
export type WooListOrder = { orderBy?: "date" | "id" | "modified"; order?: "asc" | "desc" };

export type WooStockFields = {
  manageStock: boolean | "parent";
  stockQuantity: number | null;
  stockStatus: string;
  backorders: string;
};

export type WooProduct = WooStockFields & {
  id: number;
  type: string;
  name: string;
  sku: string;
  status: string;
  /** Variation ids of a variable product. */
  variations: number[];
  dateModifiedGmt: string;
} & WooRaw;

export type WooVariation = WooStockFields & {
  id: number;
  parentId: number;
  sku: string;
  /** The variation's attribute values ("M", "Black"), for a readable title. */
  attributes: string[];
  dateModifiedGmt: string;
} & WooRaw;

export type WooOrderLine = {
  id: number;
  productId: number;
  variationId: number;
  sku: string | null;
  name: string;
  quantity: number;
  /** Unit price after discounts, a number in WooCommerce's answer. */
  price: number;
  total: string;
};

export type WooOrder = {
  id: number;
  number: string;
  status: string;
  currency: string;
  total: string;
  dateCreatedGmt: string;
  dateModifiedGmt: string;
  billing: { firstName?: string; lastName?: string; email?: string };
  shipping: Record<string, unknown>;
  lineItems: WooOrderLine[];
  refunds: { id: number; total: string; reason: string }[];
} & WooRaw;

export type WooWebhook = {
  id: number;
  name: string;
  topic: string;
  deliveryUrl: string;
  status: "active" | "paused" | "disabled";
};

export type WooStockUpdate = { id: number; stockQuantity: number };

/** One item of a batch answer: done, or refused with WooCommerce's error for that item alone. */
export type WooBatchResult =
  | { id: number; ok: true; stockQuantity: number | null }
  | { id: number; ok: false; code: string; message: string; retryable: boolean };

export type WooRefundInput = {
  amount: string;
  reason?: string;
  lineItems: { id: number; quantity: number; refundTotal: string }[];
  /** Refund through the payment gateway (WooCommerce's api_refund). */
  viaGateway: boolean;
  /**
   * Let WooCommerce put the refunded units back in its stock (api_restock). Off by default: the ledger decides the
   * restock and pushes the resulting quantity, so the units are never put back twice.
   */
  restockOnChannel?: boolean;
};

export interface WooClient {
  /** A cheap authenticated call: proves the URL is a WooCommerce store and the keys can read and write. */
  checkAccess(): Promise<{ storeUrl: string; currency: string | null }>;
  listProducts(
    query: { page: number; perPage?: number; modifiedAfterGmt?: string } & WooListOrder,
  ): Promise<WooPage<WooProduct>>;
  listVariations(productId: number, query: { page: number; perPage?: number }): Promise<WooPage<WooVariation>>;
  /** status: WooCommerce's filter (default "any", which leaves out trash and checkout drafts). */
  listOrders(
    query: { page: number; perPage?: number; modifiedAfterGmt?: string; status?: string[] } & WooListOrder,
  ): Promise<WooPage<WooOrder>>;
  getOrder(id: number): Promise<WooOrder>;
  updateOrderStatus(id: number, status: string): Promise<WooOrder>;
  addOrderNote(id: number, note: string, customerNote: boolean): Promise<{ id: number }>;
  createRefund(orderId: number, input: WooRefundInput): Promise<{ id: number; amount: string }>;
  /** At most 100 updates (WooCommerce's batch limit); per-item errors come back per item. */
  updateProductStock(updates: WooStockUpdate[]): Promise<WooBatchResult[]>;
  updateVariationStock(productId: number, updates: WooStockUpdate[]): Promise<WooBatchResult[]>;
  listWebhooks(): Promise<WooWebhook[]>;
  createWebhook(input: { name: string; topic: string; deliveryUrl: string; secret: string }): Promise<WooWebhook>;
  updateWebhookStatus(id: number, status: "active" | "paused"): Promise<WooWebhook>;
  deleteWebhook(id: number): Promise<void>;
}

/**
 * Why a call failed, in the connector's words: the store refused our keys, the thing asked for is not there, the
 * request was wrong, the store is busy or down (retry, honouring retryAfterMs), or the URL does not answer like a
 * WooCommerce store (HTML, a redirect to a login page, a timeout).
 */
export type WooErrorKind =
  | "auth"
  | "not_found"
  | "invalid"
  | "too_large"
  | "throttled"
  | "unavailable"
  | "not_woocommerce";
