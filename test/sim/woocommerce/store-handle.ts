import { addProduct, productBySku, setStockInAdmin, trashProduct, type NewProduct } from "./catalog";
import { StoreError, type StoreContext } from "./context";
import { WcError } from "./errors";
import type { ApiKey, KeyPermissions } from "./keys";
import { toCents } from "./money";
import { orderToJson } from "./order-json";
import { setOrderStatus } from "./order-status";
import { placeOrder, type NewOrder } from "./orders";
import { productToJson, variationToJson } from "./product-json";
import { createRefund } from "./refunds";
import { stockView } from "./stock";
import type { OrderStatus, SimOrder, SimWebhookRecord, StoreState } from "./state";
import type { WebhookDispatcher } from "./webhook-delivery";
import { createWebhook, type WebhookInput } from "./webhooks";

// One simulated store as a merchant and a shopper use it, plus what tests want to look at: products by SKU, the
// requests the API answered, the keys and webhooks it has. Changes made here raise webhooks exactly as API changes
// do (delivered after a moment, or on flush()).

export type RequestLogEntry = {
  store: string;
  method: string;
  path: string;
  /** Query parameters, with consumer_secret and oauth_signature masked. */
  query: Record<string, string>;
  status: number;
};

export type StoreOptions = {
  /** "auto": /wc-auth/v1/authorize grants at once; "manual": it shows the grant page with an Approve link. */
  authApproval?: "auto" | "manual";
  /** Real WooCommerce refuses a callback_url that is not https; allow http for local development. */
  allowHttpAuthCallback?: boolean;
};

export class StoreHandle {
  authApproval: "auto" | "manual";
  allowHttpAuthCallback: boolean;
  readonly authNonces = new Set<string>();
  readonly pendingAuthorizations: { appName: string; grantUrl: string; denyUrl: string }[] = [];
  /** Keys the grant flow POSTed to callback URLs, for tests to compare with what the app stored. */
  readonly authCallbacks: { url: string; payload: Record<string, unknown> }[] = [];
  readonly requests: RequestLogEntry[] = [];

  constructor(
    readonly ctx: StoreContext,
    private readonly dispatcher: WebhookDispatcher,
    private readonly rebind: (handle: StoreHandle, url: string) => void,
    options: StoreOptions = {},
  ) {
    this.authApproval = options.authApproval ?? "auto";
    this.allowHttpAuthCallback = options.allowHttpAuthCallback ?? false;
  }

  get state(): StoreState {
    return this.ctx.state;
  }

  /** The store's home URL: what OAuth signatures, Link headers and X-WC-Webhook-Source are built from. */
  get url(): string {
    return this.ctx.state.url;
  }

  setUrl(url: string) {
    this.rebind(this, url);
  }

  // Catalogue -------------------------------------------------------------------------------------------------------

  addProduct(input: NewProduct) {
    return addProduct(this.ctx, input);
  }

  /** A product or variation as GET /products/{id} shows it. */
  product(sku: string) {
    const product = productBySku(this.state, sku);
    if (!product) throw new StoreError(`No product with SKU ${sku}`);
    return productToJson(this.state, product);
  }

  /** A variation as GET /products/{pid}/variations/{id} shows it. */
  variation(sku: string) {
    const variation = productBySku(this.state, sku);
    if (!variation || variation.type !== "variation") throw new StoreError(`No variation with SKU ${sku}`);
    return variationToJson(this.state, variation);
  }

  /** What the shop floor sees: manage_stock (true, false or "parent"), stock_quantity and stock_status. */
  stock(sku: string) {
    const product = productBySku(this.state, sku);
    if (!product) throw new StoreError(`No product with SKU ${sku}`);
    const { manage_stock, stock_quantity, stock_status } = stockView(this.state, product);
    return { manage_stock, stock_quantity, stock_status };
  }

  /** The merchant edits the quantity in wp-admin (raises product.updated). */
  setStock(sku: string, quantity: number) {
    setStockInAdmin(this.ctx, sku, quantity);
    return this.stock(sku);
  }

  deleteProduct(sku: string) {
    const product = productBySku(this.state, sku);
    if (!product) throw new StoreError(`No product with SKU ${sku}`);
    trashProduct(this.ctx, product);
  }

  // Orders ----------------------------------------------------------------------------------------------------------

  placeOrder(input: NewOrder): SimOrder {
    return placeOrder(this.ctx, input);
  }

  orderRecord(id: number): SimOrder {
    const order = this.state.orders.get(id);
    if (!order) throw new StoreError(`No order ${id}`);
    return order;
  }

  order(id: number) {
    return orderToJson(this.state, this.orderRecord(id));
  }

  setOrderStatus(id: number, status: OrderStatus) {
    setOrderStatus(this.ctx, this.orderRecord(id), status);
    return this.orderRecord(id);
  }

  completeOrder(id: number) {
    return this.setOrderStatus(id, "completed");
  }

  /** The merchant cancels: stock the order took goes back. */
  cancelOrder(id: number) {
    return this.setOrderStatus(id, "cancelled");
  }

  /**
   * A refund from the order screen: `amount` (default: the sum of the lines' refundTotal, else nothing), through the
   * gateway unless refundPayment is false, restocking the refunded line quantities unless restock is false.
   */
  refundOrder(
    id: number,
    options: {
      amount?: string;
      reason?: string;
      lines?: { lineItemId: number; quantity: number; refundTotal?: string }[];
      restock?: boolean;
      refundPayment?: boolean;
    } = {},
  ) {
    try {
      return createRefund(this.ctx, this.orderRecord(id), {
        amountCents: options.amount === undefined ? null : toCents(options.amount),
        reason: options.reason ?? "",
        lines: (options.lines ?? []).map((line) => ({
          lineItemId: line.lineItemId,
          quantity: line.quantity,
          refundTotalCents: line.refundTotal === undefined ? null : toCents(line.refundTotal),
        })),
        restock: options.restock ?? true,
        refundPayment: options.refundPayment ?? true,
      });
    } catch (error) {
      if (error instanceof WcError) throw new StoreError(error.message);
      throw error;
    }
  }

  // Keys and webhooks -----------------------------------------------------------------------------------------------

  /** Issues a REST API key as WooCommerce > Settings > Advanced > REST API would. */
  createKeys(
    permissions: KeyPermissions = "read_write",
    options: { description?: string; consumerKey?: string; consumerSecret?: string } = {},
  ): ApiKey {
    return this.state.keys.create({ permissions, ...options });
  }

  /** Adds a webhook as WooCommerce > Settings > Advanced > Webhooks would, pinging it unless told not to. */
  async addWebhook(input: WebhookInput & { ping?: boolean }): Promise<SimWebhookRecord> {
    const record = createWebhook(this.state, this.ctx.clock, input);
    if (input.ping ?? true) await this.ping(record);
    return record;
  }

  webhook(id: number): SimWebhookRecord {
    const record = this.state.webhooks.get(id);
    if (!record) throw new StoreError(`No webhook ${id}`);
    return record;
  }

  ping(record: SimWebhookRecord): Promise<boolean> {
    return this.dispatcher.ping(this.state, record);
  }

  /** Delivers every queued webhook now. */
  flush(): Promise<void> {
    return this.dispatcher.flush();
  }

  /** How many API requests matched, e.g. countRequests("PUT", /\/variations\//). */
  countRequests(method?: string, path?: string | RegExp): number {
    return this.requests.filter(
      (entry) =>
        (method === undefined || entry.method === method) &&
        (path === undefined || (typeof path === "string" ? entry.path === path : path.test(entry.path))),
    ).length;
  }
}
