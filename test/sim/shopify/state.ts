// The simulated store's data: plain records keyed by numeric id, as Shopify's own database would hold them. Money is
// kept in minor units and formatted at the edges; on_hand is derived from the states it is the sum of.

export const QUANTITY_NAMES = [
  "available",
  "committed",
  "reserved",
  "damaged",
  "safety_stock",
  "quality_control",
  "incoming",
] as const;
export type StoredQuantityName = (typeof QUANTITY_NAMES)[number];
export type QuantityName = StoredQuantityName | "on_hand";

export type SimLocation = { id: number; name: string; isActive: boolean; createdAt: Date };
export type SimProduct = { id: number; title: string; createdAt: Date; updatedAt: Date; variantIds: number[] };
export type SimVariant = {
  id: number;
  productId: number;
  title: string;
  sku: string | null;
  priceMinor: number;
  /**
   * Shopify's ProductVariant.inventoryPolicy: "deny" refuses checkouts beyond the units available (Shopify's own
   * default for new variants); "continue" keeps selling when out of stock. The simulator defaults to "continue".
   */
  inventoryPolicy: "deny" | "continue";
  inventoryItemId: number;
  createdAt: Date;
  updatedAt: Date;
};
export type SimInventoryItem = { id: number; variantId: number; sku: string | null; tracked: boolean; updatedAt: Date };
export type SimLevel = {
  id: number;
  inventoryItemId: number;
  locationId: number;
  quantities: Record<StoredQuantityName, number>;
  updatedAt: Date;
};

export type SimLineItem = {
  id: number;
  variantId: number | null;
  productId: number | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  quantity: number;
  currentQuantity: number;
  priceMinor: number;
};
export type SimAddress = {
  name?: string;
  firstName?: string;
  lastName?: string;
  address1?: string;
  city?: string;
  zip?: string;
  country?: string;
  countryCode?: string;
};
export type SimCustomer = { id: number; firstName?: string; lastName?: string; email?: string };
export type SimOrder = {
  id: number;
  number: number;
  name: string;
  email: string | null;
  customer: SimCustomer | null;
  shippingAddress: SimAddress | null;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  closedAt: Date | null;
  financialStatus: "pending" | "paid" | "partially_refunded" | "refunded";
  lineItems: SimLineItem[];
  fulfillmentOrderIds: number[];
  fulfillmentIds: number[];
  returnIds: number[];
  refundIds: number[];
};

export type FulfillmentOrderStatus = "OPEN" | "IN_PROGRESS" | "CLOSED" | "CANCELLED";
export type SimFulfillmentOrder = {
  id: number;
  orderId: number;
  locationId: number;
  status: FulfillmentOrderStatus;
  createdAt: Date;
  updatedAt: Date;
  lineItems: { id: number; lineItemId: number; totalQuantity: number; remainingQuantity: number }[];
};
export type SimFulfillment = {
  id: number;
  orderId: number;
  name: string;
  locationId: number;
  status: "success" | "cancelled";
  createdAt: Date;
  updatedAt: Date;
  tracking: { company?: string; number?: string; url?: string };
  lineItems: { id: number; lineItemId: number; quantity: number }[];
};
/** Shopify's ReturnStatus: a customer's request is REQUESTED until approved (OPEN) or DECLINED. */
export type SimReturnStatus = "REQUESTED" | "OPEN" | "CLOSED" | "DECLINED" | "CANCELED";
/** What became of processed units (ReverseFulfillmentOrderDispositionType), and where restocked ones went. */
export type SimDisposition = { id: number; type: string; quantity: number; locationId: number | null };
export type SimReturn = {
  id: number;
  orderId: number;
  name: string;
  status: SimReturnStatus;
  createdAt: Date;
  lineItems: {
    id: number;
    fulfillmentLineItemId: number;
    lineItemId: number;
    quantity: number;
    processedQuantity: number;
    returnReason: string | null;
    note: string | null;
    reverseLineItemId: number;
    dispositions?: SimDisposition[];
  }[];
};
export type SimRefund = {
  id: number;
  orderId: number;
  createdAt: Date;
  amountMinor: number;
  transactionId: number;
  lines: { id: number; lineItemId: number; quantity: number; restockType: string; locationId: number | null }[];
};

export type IdempotentResult = { fingerprint: string; payload: unknown };

export type ShopState = {
  id: number;
  domain: string;
  name: string;
  currency: string;
  timezone: string;
  locations: Map<number, SimLocation>;
  products: Map<number, SimProduct>;
  variants: Map<number, SimVariant>;
  inventoryItems: Map<number, SimInventoryItem>;
  levels: Map<string, SimLevel>;
  orders: Map<number, SimOrder>;
  fulfillmentOrders: Map<number, SimFulfillmentOrder>;
  fulfillments: Map<number, SimFulfillment>;
  returns: Map<number, SimReturn>;
  refunds: Map<number, SimRefund>;
  idempotency: Map<string, IdempotentResult>;
  jobs: Map<number, { done: boolean }>;
  nextOrderNumber: number;
};

export function createShopState(input: { id: number; domain: string; name: string; currency: string }): ShopState {
  return {
    id: input.id,
    domain: input.domain,
    name: input.name,
    currency: input.currency,
    timezone: "UTC",
    locations: new Map(),
    products: new Map(),
    variants: new Map(),
    inventoryItems: new Map(),
    levels: new Map(),
    orders: new Map(),
    fulfillmentOrders: new Map(),
    fulfillments: new Map(),
    returns: new Map(),
    refunds: new Map(),
    idempotency: new Map(),
    jobs: new Map(),
    nextOrderNumber: 1001,
  };
}

export const levelKey = (inventoryItemId: number, locationId: number) => `${inventoryItemId}:${locationId}`;

export function onHand(level: SimLevel): number {
  const q = level.quantities;
  return q.available + q.committed + q.reserved + q.damaged + q.safety_stock + q.quality_control;
}

export function quantityOf(level: SimLevel, name: QuantityName): number {
  return name === "on_hand" ? onHand(level) : level.quantities[name];
}

/** Ids and timestamps for the whole simulator: ids never repeat across shops, time never runs backwards. */
export class SimClock {
  private nextId = 7_000_000_000_001;
  private last = 0;

  constructor(private readonly source: () => number = Date.now) {}

  id(): number {
    return this.nextId++;
  }

  nowMs(): number {
    return this.source();
  }

  /**
   * A timestamp for a change: strictly after the previous one, so two changes in the same millisecond still have
   * distinct versions (real Shopify has whole seconds and the same race; tests should not depend on luck).
   */
  stamp(): Date {
    this.last = Math.max(this.source(), this.last + 1);
    return new Date(this.last);
  }
}
