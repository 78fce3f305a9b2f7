import type { ShopifyAdmin } from "../../../connectors/shopify/admin/client";
import {
  fulfillmentEventsFromAdmin,
  listingsFromVariants,
  orderSnapshotFromAdmin,
  readLevelsPage,
  readLocationsPage,
  readOrdersPage,
  readVariantsPage,
} from "../../../connectors/shopify/backfill";
import type { FulfillmentChanged, OrderSnapshot } from "../../../connectors/events";
import type { LoggerLike } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import type { ApplyContext } from "../ledger/apply-types";
import { applyListings } from "../ledger/catalog.server";
import { upsertOrders } from "../ledger/orders/upsert-order.server";
import { applyBackfilledFulfillment } from "./backfill-fulfillments.server";
import { mappedLocations, mapShopifyLocations } from "./backfill-locations.server";
import {
  newBackfillProgress,
  readBackfillProgress,
  saveBackfillFailure,
  saveBackfillProgress,
  type BackfillPhase,
  type BackfillProgress,
} from "./backfill-progress.server";
import { applyShopifyCounts } from "./backfill-stock.server";

// The first import of a Shopify store into the ledger, one page at a time, progress saved after every page:
//   locations → ledger locations and the channel's location mapping
//   catalog   → inventory items and listings (applyListings)
//   stock     → on hand per mapped location := Shopify's on_hand (count movements), so reservations have stock
//   orders    → orders updated in the window (upsertOrders), then their fulfillments (fulfillment.changed; see
//               backfill-fulfillments for why each ship comes with a count)
//   reconcile → on hand := Shopify's on_hand again, catching up whatever was sold, shipped or received in Shopify
//               while the run was under way
// Every step is idempotent, so a resumed page, a second run or a webhook arriving meanwhile changes nothing twice.

export const DEFAULT_BACKFILL_DAYS = 60;

export type BackfillOptions = {
  admin: ShopifyAdmin;
  days?: number;
  /** Smaller pages (tests); the defaults are the largest each query allows within Shopify's cost limit. */
  pageSizes?: Partial<Record<"locations" | "variants" | "levels" | "orders", number>>;
  now?: () => Date;
  logger?: LoggerLike;
  /** Called after every page is applied and its progress saved. */
  onPage?: (progress: BackfillProgress) => void | Promise<void>;
};

type Channel = { id: string; shopId: string; kind: string; name: string; settings: unknown };
type Step = { db: Db; channel: Channel; options: BackfillOptions; context: ApplyContext };

export async function runShopifyBackfill(
  db: Db,
  channelId: string,
  options: BackfillOptions,
): Promise<BackfillProgress> {
  const now = options.now ?? (() => new Date());
  const channel = await db.channel.findUniqueOrThrow({
    where: { id: channelId },
    select: { id: true, shopId: true, kind: true, name: true, settings: true },
  });
  if (channel.kind !== "shopify") throw new Error(`Channel ${channelId} is a ${channel.kind} channel, not Shopify`);
  const stored = readBackfillProgress(channel.settings);
  // An unfinished run (crashed, or failed and retried) continues where it stopped; a finished one starts afresh.
  let progress: BackfillProgress =
    stored && stored.status !== "done"
      ? { ...stored, status: "running", error: null }
      : newBackfillProgress(options.days ?? DEFAULT_BACKFILL_DAYS, now());
  const resumed = stored?.runId === progress.runId;
  await saveBackfillProgress(db, channelId, progress);
  options.logger?.info(
    { channelId, runId: progress.runId, phase: progress.phase, resumed },
    "shopify backfill started",
  );
  const step: Step = {
    db,
    channel,
    options,
    context: { source: "shopify-backfill", actor: `backfill:${progress.runId}` },
  };
  try {
    while (progress.phase !== "done") {
      progress = await nextPage(step, progress);
      await saveBackfillProgress(db, channelId, progress);
      await options.onPage?.(progress);
    }
    progress = { ...progress, status: "done", cursor: null, locationId: null, finishedAt: now().toISOString() };
    await saveBackfillProgress(db, channelId, progress);
    await db.channel.update({ where: { id: channelId }, data: { lastSyncAt: now() } });
    options.logger?.info({ channelId, runId: progress.runId, counts: progress.counts }, "shopify backfill done");
    return progress;
  } catch (error) {
    const failed = await saveBackfillFailure(db, channelId, progress, error);
    options.logger?.error(
      { channelId, runId: progress.runId, phase: progress.phase, err: failed.error },
      "shopify backfill failed",
    );
    throw error;
  }
}

async function nextPage(step: Step, progress: BackfillProgress): Promise<BackfillProgress> {
  switch (progress.phase) {
    case "locations":
      return locationsPage(step, progress);
    case "catalog":
      return catalogPage(step, progress);
    case "stock":
    case "reconcile":
      return stockPage(step, progress);
    case "orders":
      return ordersPage(step, progress);
    case "done":
      return progress;
  }
}

/** Moves to the next phase; the stock phases start at the first mapped location. */
async function enter(step: Step, progress: BackfillProgress, phase: BackfillPhase): Promise<BackfillProgress> {
  const next = { ...progress, phase, cursor: null, locationId: null };
  if (phase !== "stock" && phase !== "reconcile") return next;
  const first = (await mappedLocations(step.db, step.channel.id))[0];
  if (first) return { ...next, locationId: first.externalLocationId };
  return enter(step, next, phase === "stock" ? "orders" : "done");
}

async function locationsPage(step: Step, progress: BackfillProgress): Promise<BackfillProgress> {
  const page = await readLocationsPage(step.options.admin, progress.cursor, step.options.pageSizes?.locations);
  const mapped = await mapShopifyLocations(step.db, step.channel, page.items);
  const next = {
    ...progress,
    processed: progress.processed + page.items.length,
    counts: { ...progress.counts, locations: progress.counts.locations + mapped },
  };
  return page.hasNextPage ? { ...next, cursor: page.endCursor } : enter(step, next, "catalog");
}

async function catalogPage(step: Step, progress: BackfillProgress): Promise<BackfillProgress> {
  const page = await readVariantsPage(step.options.admin, progress.cursor, step.options.pageSizes?.variants);
  const event = listingsFromVariants(page.items);
  if (event.listings.length > 0) await applyListings(step.db, step.channel, event, step.context);
  const next = {
    ...progress,
    processed: progress.processed + page.items.length,
    counts: { ...progress.counts, listings: progress.counts.listings + event.listings.filter((l) => l.sku).length },
  };
  return page.hasNextPage ? { ...next, cursor: page.endCursor } : enter(step, next, "stock");
}

async function stockPage(step: Step, progress: BackfillProgress): Promise<BackfillProgress> {
  const locations = await mappedLocations(step.db, step.channel.id);
  const index = locations.findIndex((location) => location.externalLocationId === progress.locationId);
  const location = locations[index];
  if (!location) return enter(step, progress, progress.phase === "stock" ? "orders" : "done");
  const page = await readLevelsPage(
    step.options.admin,
    location.externalLocationId,
    progress.cursor,
    step.options.pageSizes?.levels,
  );
  await applyShopifyCounts(
    step.db,
    step.channel,
    {
      runId: progress.runId,
      phase: progress.phase,
      locationId: location.locationId,
      levels: page.items,
      reason: progress.phase === "stock" ? "Opening balance from Shopify" : "Matched to Shopify after the import",
    },
    step.context,
  );
  const next = {
    ...progress,
    processed: progress.processed + page.items.length,
    counts: { ...progress.counts, levels: progress.counts.levels + page.items.length },
  };
  if (page.hasNextPage) return { ...next, cursor: page.endCursor };
  const following = locations[index + 1];
  if (following) return { ...next, cursor: null, locationId: following.externalLocationId };
  return enter(step, next, progress.phase === "stock" ? "orders" : "done");
}

async function ordersPage(step: Step, progress: BackfillProgress): Promise<BackfillProgress> {
  const page = await readOrdersPage(step.options.admin, {
    since: new Date(progress.since),
    after: progress.cursor,
    first: step.options.pageSizes?.orders,
  });
  const snapshots: OrderSnapshot[] = [];
  const fulfillments: FulfillmentChanged[] = [];
  let skipped = 0;
  for (const complete of page.items) {
    try {
      snapshots.push(orderSnapshotFromAdmin(complete));
      fulfillments.push(...fulfillmentEventsFromAdmin(complete));
    } catch (error) {
      skipped += 1;
      step.options.logger?.warn({ order: complete.order.id, err: String(error) }, "order left out of the backfill");
    }
  }
  if (snapshots.length > 0) await upsertOrders(step.db, step.channel, snapshots, step.context);
  // After the page's orders exist, so every fulfillment finds its order and lines.
  for (const event of fulfillments) {
    await applyBackfilledFulfillment(step.db, step.channel, progress.runId, event, step.context);
  }
  const next = {
    ...progress,
    processed: progress.processed + page.items.length,
    counts: {
      ...progress.counts,
      orders: progress.counts.orders + snapshots.length,
      fulfillments: progress.counts.fulfillments + fulfillments.length,
      skipped: progress.counts.skipped + skipped,
    },
  };
  return page.hasNextPage ? { ...next, cursor: page.endCursor } : enter(step, next, "reconcile");
}
