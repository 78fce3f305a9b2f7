import type { Db } from "../../db.server";

export type PushItem = {
  listingId: string;
  itemId: string;
  externalProductId: string | null;
  externalVariantId: string | null;
  externalInventoryItemId: string | null;
  /** The sellable quantity to show (a pusher with several locations shows it as their sum). */
  quantity: number;
  /** What we pushed last time (the compare-and-set base where the channel offers one). */
  previousQuantity: number | null;
};

/** A quantity a pusher set at one of the channel's locations (its external id), and when it sent it. */
export type PushedLocation = { location: string; quantity: number; at: Date };

/**
 * `locations`: what a pusher that sets stock per location set at each (on a failure, at those it did set before the
 * rest was refused). A pusher that sets one channel-wide figure leaves it out.
 */
export type PushItemResult =
  | { listingId: string; ok: true; pushedQuantity: number; locations?: PushedLocation[] }
  | { listingId: string; ok: false; retryable: boolean; error: string; locations?: PushedLocation[] };

export type PushChannel = { id: string; shopId: string; kind: string; externalRef: string; credentials: string | null };

/** One channel kind's way of setting stock: the connector's push, batched to the channel's limit. */
export interface ChannelPusher {
  readonly kind: string;
  /**
   * Listings per push: 250 for Shopify (its pusher sends their quantities, one per listing and location, in
   * inventorySetQuantities calls of at most 250), 100 for WooCommerce batches.
   */
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
