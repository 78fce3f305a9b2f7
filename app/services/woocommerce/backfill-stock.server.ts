import { parseProductWebhook } from "../../../connectors/woocommerce/parse-product";
import type { ApplyContext, ChannelRef } from "../ledger/apply-types";
import { importOpeningStock } from "../ledger/opening-stock.server";
import { allVariations, WOO_PAGE_SIZE, type WooFeed } from "./poll-feed.server";

// The backfill's last phase: the store's stock figures, read once the open orders are in the ledger, become the
// opening stock of every item the ledger never counted at the store's location. WooCommerce takes an order's units
// off stock_quantity when it is paid, so the figure is what is left to sell: on hand is that plus what the ledger's
// open orders hold. Items the ledger counted already keep the ledger's figure (the ledger is the stock master).

export type StockPage = { items: number; levels: number; opened: number; total: number; totalPages: number };

export async function openingStockPage(
  feed: WooFeed & { channel: ChannelRef },
  page: number,
  context: ApplyContext,
): Promise<StockPage> {
  const answer = await feed.client.listProducts({ page, perPage: WOO_PAGE_SIZE });
  const bodies: unknown[] = [];
  for (const product of answer.items) {
    bodies.push(product.raw);
    if (product.type === "variable" && product.variations.length > 0)
      bodies.push(...(await allVariations(feed.client, product.id)).map((variation) => variation.raw));
  }
  const levels = bodies.flatMap((body) => {
    try {
      const parsed = parseProductWebhook(body);
      return "events" in parsed ? parsed.events.filter((event) => event.type === "inventory_level.changed") : [];
    } catch {
      // A body the parser refuses was quarantined when the catalogue phase fed it; it has no listing to open.
      return [];
    }
  });
  const listings = await feed.db.channelListing.findMany({
    where: {
      channelId: feed.channel.id,
      externalInventoryItemId: { in: levels.map((level) => level.externalInventoryItemId) },
    },
    select: { itemId: true, externalInventoryItemId: true },
  });
  const itemOf = new Map(listings.map((listing) => [listing.externalInventoryItemId, listing.itemId]));
  let opened = 0;
  for (const level of levels) {
    const itemId = itemOf.get(level.externalInventoryItemId);
    if (!itemId) continue;
    const outcome = await importOpeningStock(
      feed.db,
      feed.channel,
      {
        itemId,
        externalInventoryItemId: level.externalInventoryItemId,
        locationExternalId: level.locationExternalId,
        available: level.available,
      },
      context,
    );
    if (outcome?.outcome === "applied") opened += 1;
  }
  return {
    items: answer.items.length,
    levels: levels.length,
    opened,
    total: answer.total,
    totalPages: answer.totalPages,
  };
}
