import type { ShopifyAdmin } from "../../../connectors/shopify/admin";
import { registerCommander, type ChannelCommander, type CommandChannel } from "../commands/commanders";
import { getShopifyAdmin } from "./admin-for-shop.server";
import { fulfillmentHandlers } from "./commands/fulfillment.server";
import { orderCancelHandlers } from "./commands/order-cancel.server";
import { returnHandlers } from "./commands/returns.server";

export type ShopifyCommanderOptions = {
  /** The Admin client for a channel; getShopifyAdmin(channel.externalRef) by default. Tests pass their own. */
  admin?: (channel: CommandChannel) => Promise<ShopifyAdmin>;
};

export type AdminFor = (channel: CommandChannel) => Promise<ShopifyAdmin>;

/** Merchant changes made in our screens or API, carried out on the Shopify store with the Admin GraphQL API. */
export function createShopifyCommander(options: ShopifyCommanderOptions = {}): ChannelCommander {
  const adminFor: AdminFor = options.admin ?? ((channel) => getShopifyAdmin(channel.externalRef));
  return {
    kind: "shopify",
    handlers: {
      ...fulfillmentHandlers(adminFor),
      ...orderCancelHandlers(adminFor),
      ...returnHandlers(adminFor),
    },
  };
}

export function registerShopifyCommander(options: ShopifyCommanderOptions = {}) {
  registerCommander(createShopifyCommander(options));
}
