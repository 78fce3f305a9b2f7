import { addLocation, addProduct, ensureLevel, itemBySku, setQuantity, type NewVariant } from "./catalog";
import { SimUserError, type ShopContext } from "./context";
import type { SimBucket } from "./bucket";
import {
  cancelFulfillment,
  cancelOrder,
  createFulfillment,
  editLineQuantity,
  placeOrder,
  type NewOrder,
} from "./orders";
import {
  approveReturn,
  cancelReturn,
  declineReturn,
  reopenReturn,
  requestReturn,
  type DeclineReason,
} from "./return-requests";
import { createReturn, processReturn, type NewReturnLine, type ProcessReturnLine } from "./returns";
import { onHand, type ShopState, type SimFulfillment } from "./state";
import type { TokenGrant, TokenStore } from "./tokens";

// One simulated store as a shopper and a merchant use it. Every action resolves after the webhooks it raised
// have been delivered, so a test can look at the app right after it.

export class ShopHandle {
  constructor(
    readonly ctx: ShopContext,
    readonly bucket: SimBucket,
    private readonly tokens: TokenStore,
    private readonly flush: () => Promise<void>,
  ) {}

  get state(): ShopState {
    return this.ctx.shop;
  }

  get domain(): string {
    return this.ctx.shop.domain;
  }

  location(name: string) {
    const found = [...this.state.locations.values()].find((location) => location.name === name);
    if (!found) throw new Error(`No location named ${name} in ${this.domain}`);
    return found;
  }

  addLocation(name: string) {
    return addLocation(this.ctx, name);
  }

  /** Stock per location is given by location name: { sku, stock: { Warehouse: 5 } }. */
  addProduct(input: {
    title: string;
    variants: (Omit<NewVariant, "stock" | "incoming"> & {
      stock?: Record<string, number>;
      incoming?: Record<string, number>;
    })[];
  }) {
    const byName = (record: Record<string, number> | undefined) =>
      record
        ? Object.fromEntries(Object.entries(record).map(([name, units]) => [this.location(name).id, units]))
        : undefined;
    return addProduct(this.ctx, {
      title: input.title,
      variants: input.variants.map((variant) => ({
        ...variant,
        stock: byName(variant.stock),
        incoming: byName(variant.incoming),
      })),
    });
  }

  async placeOrder(input: Omit<NewOrder, "locationId"> & { location?: string }) {
    const order = placeOrder(this.ctx, {
      ...input,
      locationId: input.location ? this.location(input.location).id : undefined,
    });
    await this.flush();
    return order;
  }

  /** The merchant edits available in the admin (stocking the item there first if needed). */
  async setAvailable(input: { sku: string; location: string; available: number }) {
    const item = itemBySku(this.ctx, input.sku);
    if (!item) throw new SimUserError(`No inventory item with SKU ${input.sku}`);
    const level = ensureLevel(this.ctx, item.id, this.location(input.location).id);
    setQuantity(this.ctx, level, "available", input.available);
    await this.flush();
    return level;
  }

  /** Fulfils an order's open fulfillment orders, whole or the given line items and units. */
  async fulfil(
    orderId: number,
    options: {
      lines?: { lineItemId: number; quantity: number }[];
      tracking?: SimFulfillment["tracking"];
      at?: Date;
    } = {},
  ): Promise<SimFulfillment> {
    const order = this.state.orders.get(orderId);
    if (!order) throw new SimUserError(`No order ${orderId}`);
    const open = order.fulfillmentOrderIds
      .map((id) => this.state.fulfillmentOrders.get(id)!)
      .filter((fo) => fo.status === "OPEN" || fo.status === "IN_PROGRESS");
    const fo = open[0];
    if (!fo) throw new SimUserError(`Order ${order.name} has nothing left to fulfil`);
    const lines = options.lines?.map((line) => {
      const item = fo.lineItems.find((candidate) => candidate.lineItemId === line.lineItemId);
      if (!item) throw new SimUserError(`Line ${line.lineItemId} is not on ${order.name}'s open fulfillment order`);
      return { fulfillmentOrderLineItemId: item.id, quantity: line.quantity };
    });
    const fulfillment = createFulfillment(
      this.ctx,
      [{ fulfillmentOrderId: fo.id, lines }],
      options.tracking,
      options.at,
    );
    await this.flush();
    return fulfillment;
  }

  async cancelFulfillment(fulfillmentId: number) {
    const fulfillment = cancelFulfillment(this.ctx, fulfillmentId);
    await this.flush();
    return fulfillment;
  }

  async cancelOrder(orderId: number, options: { restock?: boolean; reason?: string } = {}) {
    const order = cancelOrder(this.ctx, orderId, { restock: options.restock ?? true, reason: options.reason });
    await this.flush();
    return order;
  }

  async editLineQuantity(orderId: number, lineItemId: number, quantity: number) {
    const order = editLineQuantity(this.ctx, orderId, lineItemId, quantity);
    await this.flush();
    return order;
  }

  async createReturn(orderId: number, lines: NewReturnLine[]) {
    const record = createReturn(this.ctx, orderId, lines);
    await this.flush();
    return record;
  }

  async processReturn(returnId: number, lines: ProcessReturnLine[], options: { refund?: boolean } = {}) {
    const result = processReturn(this.ctx, returnId, lines, { refund: options.refund ?? true });
    await this.flush();
    return result;
  }

  /** A customer asks to return shipped units; the merchant approves or declines the request. */
  async requestReturn(orderId: number, lines: NewReturnLine[]) {
    const record = requestReturn(this.ctx, orderId, lines);
    await this.flush();
    return record;
  }

  async approveReturn(returnId: number) {
    const record = approveReturn(this.ctx, returnId);
    await this.flush();
    return record;
  }

  async declineReturn(returnId: number, reason: DeclineReason = "other", note?: string) {
    const record = declineReturn(this.ctx, returnId, { reason, note });
    await this.flush();
    return record;
  }

  async cancelReturn(returnId: number) {
    const record = cancelReturn(this.ctx, returnId);
    await this.flush();
    return record;
  }

  async reopenReturn(returnId: number) {
    const record = reopenReturn(this.ctx, returnId);
    await this.flush();
    return record;
  }

  /** Quantities of a SKU per location name: available, committed, incoming and on_hand. */
  levels(sku: string): Record<string, { available: number; committed: number; incoming: number; on_hand: number }> {
    const item = itemBySku(this.ctx, sku);
    if (!item) throw new Error(`No inventory item with SKU ${sku}`);
    const out: Record<string, { available: number; committed: number; incoming: number; on_hand: number }> = {};
    for (const level of this.state.levels.values()) {
      if (level.inventoryItemId !== item.id) continue;
      const { available, committed, incoming } = level.quantities;
      out[this.state.locations.get(level.locationId)!.name] = {
        available,
        committed,
        incoming,
        on_hand: onHand(level),
      };
    }
    return out;
  }

  /** An access token as the app would hold after install: expiring (with a refresh token) or not. */
  issueToken(options: { expiring?: boolean } = {}): TokenGrant {
    return this.tokens.issue(this.domain, { expiring: options.expiring ?? true });
  }

  addStaticToken(token: string) {
    this.tokens.addStatic(this.domain, token);
  }
}
