import { wooEventKey } from "../../../connectors/woocommerce/event-key";
import type { WooClient, WooRaw } from "../../../connectors/woocommerce/client/types";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import type { InboxRetryPolicy } from "../inbox/enqueue.server";
import { sleep } from "../../../jobs/timing";
import { receiveInboxEvent } from "../inbox/receive.server";
import { laterGmt } from "./poll-state.server";

// The one way WooCommerce records reach the ledger other than a webhook, shared by the polling safety net and the
// backfill: each record read from the REST API goes into the inbox exactly as its webhook would have brought it (the
// body as WooCommerce sent it, the topic, the key wooEventKey gives a delivery of the same version). The parser and
// the ledger do the rest, and a copy of a version a webhook already brought is a duplicate that costs one insert.

/** The most WordPress lists per page. */
export const WOO_PAGE_SIZE = 100;

export type WooFeed = {
  db: Db;
  queue: JobQueue;
  channel: { id: string; shopId: string };
  client: WooClient;
  /** Recorded with each event, so the inbox shows where a copy came from. */
  via: "poll" | "backfill";
  logger?: LoggerLike;
  /** How the inbox retries processing the events; its default when absent. */
  retry?: InboxRetryPolicy;
};

export type FedPage = {
  /** Products or orders on the page. */
  items: number;
  /** Records read for the page (for products, with their variations). */
  read: number;
  /** Variable products among them: their variations are the listings. */
  parents: number;
  fresh: number;
  duplicates: number;
  /** Bodies without an id or date_modified_gmt: no version to key them by, so left to the next webhook. */
  unkeyed: number;
  /** The newest date_modified_gmt among the page's products or orders (the high-water mark's candidate). */
  newest: string | null;
  total: number;
  totalPages: number;
};

type Versioned = WooRaw & { id: number; dateModifiedGmt: string };

/** One page of products changed after the mark (all when there is none), each variable product with its variations. */
export async function feedProductsPage(
  feed: WooFeed,
  query: { page: number; modifiedAfterGmt?: string },
): Promise<FedPage> {
  const page = await feed.client.listProducts({ ...query, perPage: WOO_PAGE_SIZE });
  const records: Versioned[] = [];
  let parents = 0;
  for (const product of page.items) {
    records.push(product);
    // /products never lists variations, and the variations endpoint has no modified_after: a changed variation shows
    // up here through its parent, which WooCommerce saves when it syncs a variable product. Unchanged variations are
    // duplicates of what the inbox has. (A variation edit that leaves its parent's date alone is reconciliation's.)
    if (product.type === "variable" && product.variations.length > 0) {
      parents += 1;
      records.push(...(await allVariations(feed.client, product.id)));
    }
  }
  const fed = await feedRecords(feed, "product.updated", records);
  return {
    ...fed,
    parents,
    items: page.items.length,
    newest: newestOf(page.items),
    total: page.total,
    totalPages: page.totalPages,
  };
}

/**
 * One page of orders changed after the mark: WooCommerce's "any" status (everything but trash and checkout drafts)
 * unless `status` names others (["trash"]: orders trashed since, whose snapshot cancels them in the ledger).
 */
export async function feedOrdersPage(
  feed: WooFeed,
  query: { page: number; modifiedAfterGmt?: string; status?: string[] },
): Promise<FedPage> {
  const page = await feed.client.listOrders({ ...query, perPage: WOO_PAGE_SIZE });
  const fed = await feedRecords(feed, "order.updated", page.items);
  return {
    ...fed,
    parents: 0,
    items: page.items.length,
    newest: newestOf(page.items),
    total: page.total,
    totalPages: page.totalPages,
  };
}

/**
 * Waits, at most `ms`, until the inbox has applied the channel's events of one resource ("product." or "order."):
 * orders fed after the products then find the items and listings their lines name instead of racing them into the
 * ledger, and opening stock is taken after the open orders hold their units. False when time ran out (what follows
 * goes on all the same; a line that missed its item is mapped when the item's listing is applied).
 */
export async function resourceApplied(feed: WooFeed, topicPrefix: "product." | "order.", ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    const waiting = await feed.db.inboxEvent.count({
      where: {
        channelId: feed.channel.id,
        topic: { startsWith: topicPrefix },
        status: { in: ["pending", "processing"] },
      },
    });
    if (waiting === 0) return true;
    if (Date.now() >= until) return false;
    await sleep(200);
  }
}

/** A product's variations, each body marked as a variation of it the way a webhook's is. */
export async function allVariations(client: WooClient, productId: number): Promise<Versioned[]> {
  const variations: Versioned[] = [];
  for (let page = 1; ; page++) {
    const answer = await client.listVariations(productId, { page, perPage: WOO_PAGE_SIZE });
    // The variation webhook's body names its type and parent; stores older than the variations endpoint's type and
    // parent_id fields get them from what was asked, so the parser reads both the same way.
    variations.push(
      ...answer.items.map((variation) => ({
        ...variation,
        raw: variation.raw && { type: "variation", parent_id: productId, ...variation.raw },
      })),
    );
    if (answer.items.length === 0 || page >= answer.totalPages) return variations;
  }
}

function newestOf(records: { dateModifiedGmt: string }[]): string | null {
  return records.reduce<string | null>((newest, record) => laterGmt(newest, record.dateModifiedGmt.slice(0, 19)), null);
}

async function feedRecords(
  feed: WooFeed,
  topic: "product.updated" | "order.updated",
  records: Versioned[],
): Promise<Pick<FedPage, "read" | "fresh" | "duplicates" | "unkeyed">> {
  const counts = { read: records.length, fresh: 0, duplicates: 0, unkeyed: 0 };
  // All at once: the inbox stores deliveries that arrive together with one insert.
  await Promise.all(
    records.map(async (record) => {
      const resource = topic === "order.updated" ? "order" : record.raw?.type === "variation" ? "variation" : "product";
      if (!record.raw) throw new Error(`The WooCommerce client did not keep the body of ${resource} ${record.id}`);
      const eventId = wooEventKey(topic, record.raw);
      if (!eventId) {
        counts.unkeyed += 1;
        feed.logger?.warn(
          { channelId: feed.channel.id, resource, id: record.id },
          "woocommerce record without a version",
        );
        return;
      }
      const { duplicate } = await receiveInboxEvent(
        feed.db,
        feed.queue,
        {
          shopId: feed.channel.shopId,
          channelId: feed.channel.id,
          source: `woocommerce:${feed.channel.id}`,
          eventId,
          topic,
          payload: JSON.stringify(record.raw),
          headers: { "x-channelledger-via": feed.via },
        },
        { logger: feed.logger, retry: feed.retry },
      );
      if (duplicate) counts.duplicates += 1;
      else counts.fresh += 1;
    }),
  );
  return counts;
}
