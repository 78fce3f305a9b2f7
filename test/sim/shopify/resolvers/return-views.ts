import type { SimObject } from "../graphql/collect";
import { connection, type ConnectionArgs } from "../graphql/connection";
import { gid, idOf } from "../gid";
import { formatMinor } from "../money";
import type { SimOrder, SimReturn } from "../state";
import { locationView } from "./catalog";
import type { ResolverEnv } from "./env";
import { lineItemView, orderView } from "./order-views";

// Views of a return: its line items, its reverse fulfillment order (the units coming back, with what became of each
// processed unit) and the refund Shopify suggests for units about to be processed.

type ReturnLine = SimReturn["lineItems"][number];

function moneyBag(env: ResolverEnv, minor: number): SimObject {
  const money = {
    __typename: "MoneyV2",
    amount: formatMinor(minor, env.shop.currency),
    currencyCode: env.shop.currency,
  };
  return { __typename: "MoneyBag", shopMoney: money, presentmentMoney: money };
}

function fulfillmentLineView(env: ResolverEnv, order: SimOrder, line: ReturnLine): SimObject | null {
  for (const fulfillment of env.shop.fulfillments.values()) {
    const item = fulfillment.lineItems.find((candidate) => candidate.id === line.fulfillmentLineItemId);
    if (!item) continue;
    const orderLine = order.lineItems.find((candidate) => candidate.id === line.lineItemId)!;
    return {
      __typename: "FulfillmentLineItem",
      id: gid("FulfillmentLineItem", item.id),
      quantity: item.quantity,
      lineItem: () => lineItemView(env, order, orderLine),
    };
  }
  return null;
}

function returnLineView(env: ResolverEnv, order: SimOrder, line: ReturnLine): SimObject {
  return {
    __typename: "ReturnLineItem",
    __implements: ["ReturnLineItemType"],
    id: gid("ReturnLineItem", line.id),
    quantity: line.quantity,
    processedQuantity: line.processedQuantity,
    unprocessedQuantity: line.quantity - line.processedQuantity,
    processableQuantity: line.quantity - line.processedQuantity,
    returnReason: line.returnReason ?? "UNKNOWN",
    returnReasonNote: line.note ?? "",
    customerNote: null,
    fulfillmentLineItem: () => fulfillmentLineView(env, order, line),
  };
}

function reverseLineView(env: ResolverEnv, order: SimOrder, line: ReturnLine): SimObject {
  return {
    __typename: "ReverseFulfillmentOrderLineItem",
    id: gid("ReverseFulfillmentOrderLineItem", line.reverseLineItemId),
    totalQuantity: line.quantity,
    remainingQuantity: line.quantity - line.processedQuantity,
    fulfillmentLineItem: () => fulfillmentLineView(env, order, line),
    dispositions: (line.dispositions ?? []).map((disposition) => ({
      __typename: "ReverseFulfillmentOrderDisposition",
      id: gid("ReverseFulfillmentOrderDisposition", disposition.id),
      type: disposition.type,
      quantity: disposition.quantity,
      location: () => {
        const location = disposition.locationId ? env.shop.locations.get(disposition.locationId) : undefined;
        return location ? locationView(env, location) : null;
      },
    })),
  };
}

/** The return's reverse fulfillment order: one per return here, created when the return is opened (approved). */
export function reverseFulfillmentOrderView(env: ResolverEnv, record: SimReturn): SimObject {
  const order = env.shop.orders.get(record.orderId)!;
  return {
    __typename: "ReverseFulfillmentOrder",
    id: gid("ReverseFulfillmentOrder", record.id),
    status: record.status === "OPEN" ? "OPEN" : record.status === "CANCELED" ? "CANCELED" : "CLOSED",
    order: () => orderView(env, order),
    lineItems: (args: ConnectionArgs) =>
      connection(
        "ReverseFulfillmentOrderLineItem",
        record.lineItems,
        args,
        (line) => [line.id],
        (line) => reverseLineView(env, order, line),
      ),
  };
}

/**
 * Return.suggestedFinancialOutcome: what refunding the given return line items would pay back. A paid order here was
 * paid by one sale transaction whose id is the order's id; the refund suggested against it is the lines' price.
 */
function suggestedFinancialOutcome(
  env: ResolverEnv,
  record: SimReturn,
  order: SimOrder,
  args: Record<string, unknown>,
) {
  const requested = Array.isArray(args.returnLineItems) ? (args.returnLineItems as Record<string, unknown>[]) : [];
  let amount = 0;
  for (const entry of requested) {
    const line = record.lineItems.find((candidate) => candidate.id === idOf(entry.id, "ReturnLineItem"));
    const price = order.lineItems.find((candidate) => candidate.id === line?.lineItemId)?.priceMinor ?? 0;
    amount += price * Math.min(Number(entry.quantity) || 0, line ? line.quantity - line.processedQuantity : 0);
  }
  const paid = order.financialStatus === "paid" || order.financialStatus === "partially_refunded";
  const transactions =
    paid && amount > 0
      ? [
          {
            __typename: "SuggestedOrderTransaction",
            kind: "SUGGESTED_REFUND",
            gateway: "manual",
            amountSet: moneyBag(env, amount),
            parentTransaction: { __typename: "OrderTransaction", id: gid("OrderTransaction", order.id), kind: "SALE" },
          },
        ]
      : [];
  return {
    __typename: "SuggestedReturnFinancialOutcome",
    discountedSubtotal: moneyBag(env, amount),
    financialTransfer: {
      __typename: "RefundReturnOutcome",
      amount: moneyBag(env, paid ? amount : 0),
      suggestedTransactions: transactions,
    },
  };
}

export function returnView(env: ResolverEnv, record: SimReturn): SimObject {
  const order = env.shop.orders.get(record.orderId)!;
  // A request not yet approved (or declined) has no reverse fulfillment order: nothing is on its way back.
  const reverse = record.status === "REQUESTED" || record.status === "DECLINED" ? [] : [record];
  return {
    __typename: "Return",
    id: gid("Return", record.id),
    name: record.name,
    status: record.status,
    createdAt: record.createdAt,
    totalQuantity: record.lineItems.reduce((sum, line) => sum + line.quantity, 0),
    order: () => orderView(env, order),
    returnLineItems: (args: ConnectionArgs) =>
      connection(
        "ReturnLineItemType",
        record.lineItems,
        args,
        (line) => [line.id],
        (line) => returnLineView(env, order, line),
      ),
    reverseFulfillmentOrders: (args: ConnectionArgs) =>
      connection(
        "ReverseFulfillmentOrder",
        reverse,
        args,
        (r) => [r.id],
        (r) => reverseFulfillmentOrderView(env, r),
      ),
    suggestedFinancialOutcome: (args: Record<string, unknown>) => suggestedFinancialOutcome(env, record, order, args),
  };
}
