import type { ShopifyAdmin } from "../../../connectors/shopify/admin";
import { toGid } from "../../../connectors/shopify/admin/gid";
import { getLogger } from "../../logger.server";
import { registerLevelReader, type LevelReader, type ReadChannel } from "../sync/level-readers";
import { sellableLocations } from "../sync/location-quantities.server";
import { getShopifyAdmin } from "./admin-for-shop.server";
import type { BulkRunOptions, JsonlOptions } from "./bulk-operation.server";
import { readLevelsInBulk, type BulkLevelLogger } from "./level-reader-bulk.server";
import {
  availableOf,
  inventoryItemOfLevel,
  LOCATION_AVAILABLE_PAGE_SIZE,
  LOCATION_AVAILABLE_QUERY,
  LocationAvailableResponseSchema,
} from "./level-reader-query";

// Reconciliation's Shopify side: "available" at every sellable mapped location, the locations the sync engine sets,
// one location after the other in pages of 250. Other locations are not the ledger's to judge. Reading per location
// keeps each page's cost flat whatever the number of locations; the client's cost bucket paces the pages. A channel
// with more listings than BULK_THRESHOLD_LISTINGS is read with one bulk operation instead (level-reader-bulk.server.ts).

/**
 * Above this many listings the reader runs a bulk operation instead of paging. A paged read costs about 2 points a
 * level at each location: 2,000 listings at one location are 8 pages, some 4,000 points, which a standard plan's
 * bucket (restoring 100 points a second) serves in about 20 s and Plus at once; each further 50 listings add a second
 * per location on a standard plan (50,000 take over 15 minutes there, 80 s on Plus). A bulk operation costs a
 * mutation and a few polls whatever the size. Below the threshold its fixed wait (Shopify queues it and writes a
 * file; the polls catch up with it up to 2 s late) buys nothing, and the shop's bulk query slots stay free.
 */
export const BULK_THRESHOLD_LISTINGS = 2_000;

export type ShopifyLevelReaderOptions = {
  /** The Admin client for a channel; getShopifyAdmin(channel.externalRef) by default. Tests pass their own. */
  admin?: (channel: ReadChannel) => Promise<ShopifyAdmin>;
  pageSize?: number;
  now?: () => Date;
  /** Listings above which a bulk operation reads the channel; BULK_THRESHOLD_LISTINGS by default. */
  bulkThreshold?: number;
  /** Polling and timeout of the bulk operation. */
  bulk?: BulkRunOptions;
  /** How its result is downloaded (tests pass their own fetch). */
  download?: JsonlOptions;
  logger?: BulkLevelLogger;
};

export function createShopifyLevelReader(options: ShopifyLevelReaderOptions = {}): LevelReader {
  const adminFor = options.admin ?? ((channel: ReadChannel) => getShopifyAdmin(channel.externalRef));
  const first = options.pageSize ?? LOCATION_AVAILABLE_PAGE_SIZE;
  const now = options.now ?? (() => new Date());
  const threshold = options.bulkThreshold ?? BULK_THRESHOLD_LISTINGS;
  return {
    kind: "shopify",
    async read(db, channel, onPage) {
      const locations = await sellableLocations(db, channel.id);
      if (locations.length === 0) return { calls: 0 };
      const admin = await adminFor(channel);
      if ((await db.channelListing.count({ where: { channelId: channel.id } })) > threshold) {
        return readLevelsInBulk(admin, locations, onPage, {
          pageSize: first,
          now,
          bulk: options.bulk,
          download: options.download,
          logger: options.logger ?? getLogger().child({ module: "shopify-level-reader", channelId: channel.id }),
        });
      }
      let calls = 0;
      for (const { externalLocationId } of locations) {
        let after: string | null = null;
        for (;;) {
          const readAt = now();
          const location = await readPage(admin, externalLocationId, first, after);
          calls += 1;
          // A location deleted in Shopify since it was mapped stocks nothing: its items read as missing there.
          if (!location) break;
          const { nodes, pageInfo } = location.inventoryLevels;
          await onPage({
            readAt,
            levels: nodes.map((level) => ({
              externalInventoryItemId: inventoryItemOfLevel(level.id),
              location: externalLocationId,
              available: availableOf(level),
            })),
          });
          if (!pageInfo.hasNextPage || !pageInfo.endCursor) break;
          after = pageInfo.endCursor;
        }
      }
      return { calls };
    },
  };
}

async function readPage(admin: ShopifyAdmin, locationId: string, first: number, after: string | null) {
  const { data } = await admin.request(
    LOCATION_AVAILABLE_QUERY,
    { locationId: toGid("Location", locationId), first, after },
    { schema: LocationAvailableResponseSchema },
  );
  return data.location;
}

/** Puts the Shopify reader in reconciliation's registry (once, from the job handlers' registration). */
export function registerShopifyLevelReader(options: ShopifyLevelReaderOptions = {}) {
  registerLevelReader(createShopifyLevelReader(options));
}
