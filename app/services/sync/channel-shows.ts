/** What the ledger knows of a listing's quantity on its channel. */
export type ChannelView = {
  lastPushedQty: number | null;
  lastPushedAt: Date | null;
  lastSeenQty: number | null;
  lastSeenAt: Date | null;
};

/**
 * What the channel shows, as far as the ledger knows: a level seen there since our last push (an edit on the channel,
 * a sale, a read before a push), else what we pushed last; null when we know neither.
 */
export function channelShows(listing: ChannelView): number | null {
  const seenSincePush =
    listing.lastSeenQty != null &&
    listing.lastSeenAt != null &&
    (listing.lastPushedAt == null || listing.lastSeenAt > listing.lastPushedAt);
  return seenSincePush ? listing.lastSeenQty : listing.lastPushedQty;
}
