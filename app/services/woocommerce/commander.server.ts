import type { Db } from "../../db.server";
import { registerCommander, type ChannelCommander, type CommandChannel } from "../commands/commanders";
import { wooCommandClientFor, type WooCommandClient } from "./client-for-channel.server";
import { fulfillmentHandlers } from "./commands/fulfillment";
import { orderCancelHandlers } from "./commands/order-cancel";
import { returnHandlers } from "./commands/returns";

export type WooClientForCommand = (channel: CommandChannel, db: Db) => Promise<WooCommandClient>;

export type WooCommanderOptions = {
  /** The client for a channel; built from its sealed keys by default. Tests pass their own. */
  client?: WooClientForCommand;
};

/**
 * Merchant changes made in our screens or API, carried out on the WooCommerce store with its REST API: fulfilments
 * as order notes and the order's status, cancellations, returns as notes and refunds. WooCommerce takes no
 * idempotency key, so every step checks the order first (order-steps).
 */
export function createWooCommander(options: WooCommanderOptions = {}): ChannelCommander {
  const clientFor: WooClientForCommand = options.client ?? ((channel, db) => wooCommandClientFor(db, channel.id));
  return {
    kind: "woocommerce",
    handlers: {
      ...fulfillmentHandlers(clientFor),
      ...orderCancelHandlers(clientFor),
      ...returnHandlers(clientFor),
    },
  };
}

export function registerWooCommander(options: WooCommanderOptions = {}) {
  registerCommander(createWooCommander(options));
}
