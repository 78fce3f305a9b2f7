import { z } from "zod";
import type { ShopifyAdmin } from "../../../connectors/shopify/admin";
import type { ChannelLevel, LevelPage } from "../sync/level-readers";
import type { SellableLocation } from "../sync/location-quantities.server";
import {
  jsonlLines,
  runBulkQuery,
  ShopifyBulkOperationError,
  type BulkRunOptions,
  type JsonlOptions,
} from "./bulk-operation.server";
import { availableOf, inventoryItemOfLevel, LEVEL_ID } from "./level-reader-query";

// Reconciliation's Shopify side for large stores: one bulk query for "available" at every location of the store, in
// place of a paged query per location. Shopify runs it on its side, no matter the cost bucket, and the JSONL comes
// back as one line per location and one per level, the level naming its location in `__parentId` and its inventory
// item in its own id. The figures are handed over in the pages the reader's contract expects, for the sellable
// mapped locations only.

/**
 * Every location, inactive and fulfillment-service (legacy) ones included, as `location(id:)` reads them in the paged
 * query; no `first`, which a bulk query does not use. Two connections, nested two deep: within Shopify's bulk limits.
 */
export const BULK_LEVELS_QUERY = /* GraphQL */ `
  {
    locations(includeInactive: true, includeLegacy: true) {
      edges {
        node {
          id
          inventoryLevels {
            edges {
              node {
                id
                quantities(names: ["available"]) {
                  name
                  quantity
                }
              }
            }
          }
        }
      }
    }
  }
`;

const LOCATION_GID = /^gid:\/\/shopify\/Location\/(\d{1,20})$/;

const LocationLineSchema = z.object({ id: z.string().regex(LOCATION_GID, "must be a Location id") });
const LevelLineSchema = z.object({
  id: z.string().regex(LEVEL_ID, "must be an InventoryLevel id naming its inventory_item_id"),
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
  __parentId: z.string().regex(LOCATION_GID, "must be a Location id"),
});

export type BulkLevelLogger = { warn(obj: object, msg?: string): void };

export type BulkLevelReadOptions = {
  pageSize: number;
  now: () => Date;
  bulk?: BulkRunOptions;
  download?: JsonlOptions;
  logger?: BulkLevelLogger;
};

/** How many unreadable lines are described in the warning; all of them are counted. */
const BAD_LINE_SAMPLE = 3;

export async function readLevelsInBulk(
  admin: ShopifyAdmin,
  locations: SellableLocation[],
  onPage: (page: LevelPage) => Promise<void>,
  options: BulkLevelReadOptions,
): Promise<{ calls: number }> {
  // A figure in the file is what Shopify showed at some moment after the operation started.
  const readAt = options.now();
  const operation = await runBulkQuery(admin, BULK_LEVELS_QUERY, options.bulk);
  if (!operation.url) {
    // Shopify writes no file when the query found nothing; a count without a file is not "nothing".
    if (operation.objectCount > 0) {
      throw new ShopifyBulkOperationError(
        `Shopify bulk operation ${operation.id} completed with ${operation.objectCount} objects but no result URL`,
        operation.id,
      );
    }
    return { calls: operation.calls };
  }
  const wanted = new Set(locations.map((location) => location.externalLocationId));
  let page: ChannelLevel[] = [];
  const bad = { count: 0, sample: [] as { line: number; reason: string }[] };
  let lineNo = 0;
  for await (const text of jsonlLines(operation.url, options.download)) {
    lineNo += 1;
    const parsed = parseLine(text);
    if ("reason" in parsed) {
      bad.count += 1;
      if (bad.sample.length < BAD_LINE_SAMPLE) bad.sample.push({ line: lineNo, reason: parsed.reason });
      continue;
    }
    if (!parsed.level || !wanted.has(parsed.level.location)) continue;
    page.push(parsed.level);
    if (page.length >= options.pageSize) {
      await onPage({ readAt, levels: page });
      page = [];
    }
  }
  if (page.length > 0) await onPage({ readAt, levels: page });
  if (bad.count > 0) {
    options.logger?.warn(
      { operationId: operation.id, lines: lineNo, skipped: bad.count, sample: bad.sample },
      "skipped unreadable lines of a Shopify bulk result",
    );
  }
  // The download counts as a call to the channel.
  return { calls: operation.calls + 1 };
}

/** A level line as a figure, a location line as nothing to hand over, anything else as the reason it is unreadable. */
function parseLine(text: string): { level: ChannelLevel | null } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: "not JSON" };
  }
  const isChild = typeof value === "object" && value !== null && "__parentId" in value;
  if (!isChild) {
    const location = LocationLineSchema.safeParse(value);
    return location.success ? { level: null } : { reason: describe(location.error) };
  }
  const level = LevelLineSchema.safeParse(value);
  if (!level.success) return { reason: describe(level.error) };
  return {
    level: {
      externalInventoryItemId: inventoryItemOfLevel(level.data.id),
      location: LOCATION_GID.exec(level.data.__parentId)![1]!,
      available: availableOf(level.data),
    },
  };
}

const describe = (error: z.ZodError) => {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "line"}: ${issue.message}` : "invalid";
};
