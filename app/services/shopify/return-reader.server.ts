import type { ShopifyAdmin } from "../../../connectors/shopify/admin";
import { mapShopifyReturn } from "../../../connectors/shopify/returns/map-return";
import { readShopifyReturn } from "../../../connectors/shopify/returns/read-return";
import type { Db } from "../../db.server";
import { registerReturnReader, type ReturnReader } from "../channels/return-readers";
import type { ChannelRef } from "../ledger/apply-types";
import { getShopifyAdmin } from "./admin-for-shop.server";

// Shopify's returns/* webhooks are thin (some carry only ids), so the ledger asks Shopify what the return is now:
// its status, its lines and what became of each processed unit, mapped to return.changed.

export type ShopifyReturnReaderOptions = {
  /** The Admin client for a channel; getShopifyAdmin(its shop domain) by default. Tests pass their own. */
  admin?: (channel: ChannelRef & { externalRef: string }) => Promise<ShopifyAdmin>;
  now?: () => Date;
};

export function createShopifyReturnReader(options: ShopifyReturnReaderOptions = {}): ReturnReader {
  const adminFor = options.admin ?? ((channel) => getShopifyAdmin(channel.externalRef));
  const now = options.now ?? (() => new Date());
  return {
    kind: "shopify",
    async readReturn(db: Db, channel: ChannelRef, ref) {
      const { externalRef } = await db.channel.findUniqueOrThrow({
        where: { id: channel.id },
        select: { externalRef: true },
      });
      const admin = await adminFor({ ...channel, externalRef });
      const found = await readShopifyReturn(admin, ref.returnExternalId);
      // Shopify does not delete returns: a notice for one it does not know is worth a retry, then the inbox's
      // quarantine with this message, rather than a guess.
      if (!found) throw new Error(`Shopify store ${externalRef} has no return ${ref.returnExternalId}`);
      if (found.orderId !== ref.orderExternalId) {
        throw new Error(
          `Return ${ref.returnExternalId} belongs to order ${found.orderId} on Shopify, not ${ref.orderExternalId}`,
        );
      }
      return mapShopifyReturn(found, now());
    },
  };
}

export function registerShopifyReturnReader(options: ShopifyReturnReaderOptions = {}) {
  registerReturnReader(createShopifyReturnReader(options));
}
