import type { Db } from "../../db.server";

export type PushItem = {
  listingId: string;
  itemId: string;
  externalProductId: string | null;
  externalVariantId: string | null;
  externalInventoryItemId: string | null;
  /** The sellable quantity to show. */
  quantity: number;
  /** What we pushed last time (the compare-and-set base where the channel offers one). */
  previousQuantity: number | null;
};

export type PushItemResult =
  | { listingId: string; ok: true; pushedQuantity: number }
  | { listingId: string; ok: false; retryable: boolean; error: string };

export type PushChannel = { id: string; shopId: string; kind: string; externalRef: string; credentials: string | null };

/** One channel kind's way of setting stock: the connector's push, batched to the channel's limit. */
export interface ChannelPusher {
  readonly kind: string;
  /** Quantities per call: 250 for Shopify's inventorySetQuantities, 100 for WooCommerce batches. */
  readonly batchLimit: number;
  push(db: Db, channel: PushChannel, items: PushItem[]): Promise<PushItemResult[]>;
}

const pushers = new Map<string, ChannelPusher>();

export function registerPusher(pusher: ChannelPusher) {
  pushers.set(pusher.kind, pusher);
}

export function pusherFor(kind: string): ChannelPusher | undefined {
  return pushers.get(kind);
}
