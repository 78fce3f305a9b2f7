import {
  FULFILLABLE_STATUSES,
  type ShopifyFulfillmentOrder,
} from "../../../../connectors/shopify/admin/operations/order-fulfillment-orders";
import { numericId } from "../../../../connectors/shopify/admin/gid";
import { CommandRefusedError } from "../../commands/commanders";

// Pure: which fulfillment order line items a fulfilment's units come off. fulfillmentCreate names those, never
// order lines, and only open fulfillment orders at the one location the units leave from.

export type FulfilmentUnits = { lineItemId: string; title: string; quantity: number };

export type LineItemsByFulfillmentOrder = {
  fulfillmentOrderId: string;
  fulfillmentOrderLineItems: { id: string; quantity: number }[];
}[];

/** The Shopify location the units leave from: its numeric id, and the name the merchant knows it by. */
export type FulfilmentLocation = { id: string; name: string };

export function allocateFulfilment(
  fulfillmentOrders: ShopifyFulfillmentOrder[],
  location: FulfilmentLocation,
  lines: FulfilmentUnits[],
): LineItemsByFulfillmentOrder {
  const here = fulfillmentOrders.filter(
    (fo) => fo.assignedLocation.location && numericId(fo.assignedLocation.location.id, "Location") === location.id,
  );
  const open = here.filter((fo) => FULFILLABLE_STATUSES.includes(fo.status));
  const taken = new Map<string, Map<string, number>>();
  for (const line of lines) {
    let needed = line.quantity;
    for (const fo of open) {
      for (const item of fo.lineItems.nodes) {
        if (needed === 0) break;
        if (numericId(item.lineItem.id, "LineItem") !== line.lineItemId) continue;
        const units = taken.get(fo.id) ?? new Map<string, number>();
        const free = item.remainingQuantity - (units.get(item.id) ?? 0);
        const take = Math.min(free, needed);
        if (take <= 0) continue;
        units.set(item.id, (units.get(item.id) ?? 0) + take);
        taken.set(fo.id, units);
        needed -= take;
      }
    }
    if (needed > 0) throw shortage(line, line.quantity - needed, here, open, location);
  }
  return [...taken].map(([fulfillmentOrderId, units]) => ({
    fulfillmentOrderId,
    fulfillmentOrderLineItems: [...units].map(([id, quantity]) => ({ id, quantity })),
  }));
}

function shortage(
  line: FulfilmentUnits,
  found: number,
  here: ShopifyFulfillmentOrder[],
  open: ShopifyFulfillmentOrder[],
  location: FulfilmentLocation,
) {
  const blocked = here.filter((fo) => !open.includes(fo)).map((fo) => fo.status.toLowerCase());
  const why =
    here.length === 0
      ? `Shopify expects nothing of this order from ${location.name}`
      : `Shopify has only ${found} unit(s) of it open at ${location.name}` +
        (blocked.length > 0
          ? ` (fulfillment orders there that cannot take it: ${[...new Set(blocked)].join(", ")})`
          : "");
  return new CommandRefusedError(`Cannot fulfil ${line.quantity} unit(s) of "${line.title}": ${why}`);
}
