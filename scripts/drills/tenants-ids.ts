import type { Db } from "../../app/db.server.ts";

// Every id a route can be handed, of one shop: what drill:tenants aims shop A's principals at (shop B's) and what the
// mixed probes put next to them (shop A's own subjects, so only the foreign id stands between the probe and a write).

export type TenantIds = {
  shopId: string;
  orders: string[];
  openOrders: string[];
  orderLines: string[];
  fulfillments: string[];
  returns: string[];
  returnLines: string[];
  items: string[];
  skus: string[];
  locations: string[];
  channels: string[];
  shopifyChannels: string[];
  wooChannels: string[];
  channelLocations: string[];
  apiKeys: string[];
  inboxEvents: string[];
  quarantinedEvents: string[];
};

export async function tenantIds(db: Db, shopId: string): Promise<TenantIds> {
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
  const where = { shopId };
  const select = { id: true } as const;
  const orderBy = { id: "asc" } as const;
  const [orders, openOrders, orderLines, fulfillments, returns, returnLines, items, locations, channels] =
    await Promise.all([
      db.order.findMany({ where, select, orderBy }),
      db.order.findMany({ where: { shopId, status: "open", fulfillmentStatus: "unfulfilled" }, select, orderBy }),
      db.orderLine.findMany({ where: { order: { shopId } }, select, orderBy }),
      db.fulfillment.findMany({ where, select, orderBy }),
      db.return.findMany({ where, select, orderBy }),
      db.returnLine.findMany({ where: { return: { shopId } }, select, orderBy }),
      db.inventoryItem.findMany({ where, select: { id: true, sku: true }, orderBy }),
      db.location.findMany({ where, select, orderBy }),
      db.channel.findMany({ where, select: { id: true, kind: true }, orderBy }),
    ]);
  const [channelLocations, apiKeys, inboxEvents] = await Promise.all([
    db.channelLocation.findMany({ where: { channel: { shopId } }, select, orderBy }),
    db.apiKey.findMany({ where, select, orderBy }),
    db.inboxEvent.findMany({ where, select: { id: true, status: true }, orderBy }),
  ]);
  return {
    shopId,
    orders: ids(orders),
    openOrders: ids(openOrders),
    orderLines: ids(orderLines),
    fulfillments: ids(fulfillments),
    returns: ids(returns),
    returnLines: ids(returnLines),
    items: ids(items),
    skus: items.map((item) => item.sku),
    locations: ids(locations),
    channels: ids(channels),
    shopifyChannels: ids(channels.filter((channel) => channel.kind === "shopify")),
    wooChannels: ids(channels.filter((channel) => channel.kind === "woocommerce")),
    channelLocations: ids(channelLocations),
    apiKeys: ids(apiKeys),
    inboxEvents: ids(inboxEvents),
    quarantinedEvents: ids(inboxEvents.filter((event) => event.status === "quarantined")),
  };
}

/** Every id of the shop, for the leak search (an id the request did not carry must not come back). */
export function allIds(ids: TenantIds): string[] {
  const { shopId, skus: _skus, ...lists } = ids;
  return [shopId, ...new Set(Object.values(lists).flat())];
}
