import type { Db } from "../../db.server";
import { readChannelSettings } from "../channel-settings";
import { findInChunks } from "../chunks";
import { channelLocationIds } from "../ledger/orders/locations.server";
import { channelShows } from "./channel-shows";
import { sellableQuantity } from "./sellable";

const PLAN_PAGE = 2_000;
/** Listings (id and changeSeq, two bound values each) per guarded update: well inside either database's limit. */
const GUARDS_PER_UPDATE = 400;

type Guard = { id: string; changeSeq: number };

/**
 * Computes the sellable quantity of every listing whose stock moved, and queues for pushing those whose
 * channel does not show it yet. Returns the channels with something to push.
 */
export async function planPushes(db: Db, shopId: string): Promise<{ planned: number; channelsToPush: string[] }> {
  const channelsToPush = new Set<string>();
  let planned = 0;
  for (let page = 0; page < 50; page++) {
    const listings = await db.channelListing.findMany({
      where: { shopId, syncState: "pending" },
      select: {
        id: true,
        channelId: true,
        itemId: true,
        lastPushedQty: true,
        lastPushedAt: true,
        lastSeenQty: true,
        lastSeenAt: true,
        changeSeq: true,
        pushAttempts: true,
      },
      orderBy: { id: "asc" },
      take: PLAN_PAGE,
    });
    if (listings.length === 0) break;
    for (const [channelId, group] of groupBy(listings, (listing) => listing.channelId)) {
      const channel = await db.channel.findUnique({ where: { id: channelId }, select: { settings: true } });
      const rules = readChannelSettings(channel?.settings);
      const locationIds = await channelLocationIds(db, shopId, channelId);
      const levels = await findInChunks(
        group.map((listing) => listing.itemId),
        (itemIds) =>
          db.stockLevel.groupBy({
            by: ["itemId"],
            where: { shopId, itemId: { in: itemIds }, locationId: { in: locationIds } },
            _sum: { onHand: true, committed: true },
          }),
        300,
      );
      const available = new Map(
        levels.map((level) => [level.itemId, (level._sum.onHand ?? 0) - (level._sum.committed ?? 0)]),
      );
      // One guarded update per figure and state rather than per listing: a bulk change plans in a few statements.
      const decisions = new Map<string, { desiredQty: number; syncState: string; guards: Guard[] }>();
      for (const listing of group) {
        const desiredQty = sellableQuantity(available.get(listing.itemId) ?? 0, rules);
        // Against what the channel shows, not only what we pushed: an edit on the channel since our push must be set
        // back even when the ledger's figure did not move, and a sale the channel already counted needs no push.
        // A push that failed since the last one that succeeded may have landed all the same (its answer was lost):
        // what the channel shows is not known until a push succeeds.
        const known = listing.pushAttempts === 0;
        const syncState = known && desiredQty === channelShows(listing) ? "ok" : "queued";
        const key = `${desiredQty}:${syncState}`;
        const decision = decisions.get(key) ?? { desiredQty, syncState, guards: [] };
        decision.guards.push({ id: listing.id, changeSeq: listing.changeSeq });
        decisions.set(key, decision);
      }
      for (const { desiredQty, syncState, guards } of decisions.values()) {
        for (let start = 0; start < guards.length; start += GUARDS_PER_UPDATE) {
          // Guarded by changeSeq: a stock change since we read the balances leaves the listing pending.
          const { count } = await db.channelListing.updateMany({
            where: { syncState: "pending", OR: guards.slice(start, start + GUARDS_PER_UPDATE) },
            data: { desiredQty, syncState, pushAttempts: 0, nextPushAt: null, lastError: null },
          });
          planned += count;
          if (count > 0 && syncState === "queued") channelsToPush.add(channelId);
        }
      }
    }
    if (listings.length < PLAN_PAGE) break;
  }
  return { planned, channelsToPush: [...channelsToPush] };
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
