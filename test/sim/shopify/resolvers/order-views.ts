import type { SimObject } from "../graphql/collect";
import { connection, type ConnectionArgs } from "../graphql/connection";
import { gid } from "../gid";
import { formatMinor } from "../money";
import { fulfilledByLine, orderFulfillmentStatus } from "../rest";
import type { SimLineItem, SimOrder } from "../state";
import { variantView } from "./catalog";
import type { ResolverEnv } from "./env";
import { fulfillmentOrderView, fulfillmentView, returnView } from "./fulfillment-views";

// Views of orders and their line items.

function moneyBag(env: ResolverEnv, minor: number): SimObject {
  const money = {
    __typename: "MoneyV2",
    amount: formatMinor(minor, env.shop.currency),
    currencyCode: env.shop.currency,
  };
  return { __typename: "MoneyBag", shopMoney: money, presentmentMoney: money };
}

function displayFulfillmentStatus(env: ResolverEnv, order: SimOrder) {
  const status = orderFulfillmentStatus(env.shop, order);
  return status === "fulfilled" ? "FULFILLED" : status === "partial" ? "PARTIALLY_FULFILLED" : "UNFULFILLED";
}

export function orderView(env: ResolverEnv, order: SimOrder): SimObject {
  const { shop } = env;
  const total = order.lineItems.reduce((sum, line) => sum + line.quantity * line.priceMinor, 0);
  const current = order.lineItems.reduce((sum, line) => sum + line.currentQuantity * line.priceMinor, 0);
  const fulfillments = () => order.fulfillmentIds.map((id) => shop.fulfillments.get(id)!);
  const address = order.shippingAddress;
  return {
    __typename: "Order",
    id: gid("Order", order.id),
    legacyResourceId: String(order.id),
    name: order.name,
    email: order.email,
    createdAt: order.createdAt,
    processedAt: order.createdAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason?.toUpperCase() ?? null,
    closedAt: order.closedAt,
    closed: order.closedAt !== null,
    displayFinancialStatus: order.financialStatus.toUpperCase(),
    displayFulfillmentStatus: displayFulfillmentStatus(env, order),
    currencyCode: shop.currency,
    totalPriceSet: moneyBag(env, total),
    subtotalPriceSet: moneyBag(env, total),
    currentTotalPriceSet: moneyBag(env, current),
    customer: order.customer
      ? {
          __typename: "Customer",
          id: gid("Customer", order.customer.id),
          firstName: order.customer.firstName ?? null,
          lastName: order.customer.lastName ?? null,
          displayName: [order.customer.firstName, order.customer.lastName].filter(Boolean).join(" "),
        }
      : null,
    shippingAddress: address
      ? {
          __typename: "MailingAddress",
          name: address.name ?? null,
          firstName: address.firstName ?? null,
          lastName: address.lastName ?? null,
          company: null,
          address1: address.address1 ?? null,
          address2: null,
          city: address.city ?? null,
          province: null,
          provinceCode: null,
          zip: address.zip ?? null,
          country: address.country ?? null,
          countryCodeV2: address.countryCode ?? null,
          phone: null,
        }
      : null,
    lineItems: (args: ConnectionArgs) =>
      connection(
        "LineItem",
        order.lineItems,
        args,
        (line) => [line.id],
        (line) => lineItemView(env, order, line),
      ),
    fulfillments: ({ first }: { first?: unknown }) =>
      fulfillments()
        .slice(0, typeof first === "number" ? first : undefined)
        .map((fulfillment) => fulfillmentView(env, fulfillment)),
    fulfillmentOrders: (args: ConnectionArgs) =>
      connection(
        "FulfillmentOrder",
        order.fulfillmentOrderIds.map((id) => shop.fulfillmentOrders.get(id)!),
        args,
        (fo) => [fo.id],
        (fo) => fulfillmentOrderView(env, fo),
      ),
    returns: (args: ConnectionArgs) =>
      connection(
        "Return",
        order.returnIds.map((id) => shop.returns.get(id)!),
        args,
        (r) => [r.id],
        (r) => returnView(env, r),
      ),
  };
}

export function lineItemView(env: ResolverEnv, order: SimOrder, line: SimLineItem): SimObject {
  const shipped = Math.min(fulfilledByLine(env.shop, order).get(line.id) ?? 0, line.currentQuantity);
  const open = order.fulfillmentOrderIds
    .map((id) => env.shop.fulfillmentOrders.get(id)!)
    .reduce((sum, fo) => sum + (fo.lineItems.find((item) => item.lineItemId === line.id)?.remainingQuantity ?? 0), 0);
  const variant = line.variantId ? env.shop.variants.get(line.variantId) : undefined;
  return {
    __typename: "LineItem",
    id: gid("LineItem", line.id),
    sku: line.sku,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    title: line.title,
    variantTitle: line.variantTitle,
    quantity: line.quantity,
    currentQuantity: line.currentQuantity,
    unfulfilledQuantity: Math.max(0, line.currentQuantity - shipped),
    fulfillableQuantity: open,
    requiresShipping: true,
    originalUnitPriceSet: moneyBag(env, line.priceMinor),
    discountedUnitPriceSet: moneyBag(env, line.priceMinor),
    variant: () => (variant ? variantView(env, variant) : null),
  };
}
