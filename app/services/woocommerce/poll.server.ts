import type { WooClient } from "../../../connectors/woocommerce/client/types";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import type { InboxRetryPolicy } from "../inbox/enqueue.server";
import { feedOrdersPage, feedProductsPage, resourceApplied, type FedPage, type WooFeed } from "./poll-feed.server";
import { fromWooGmt, laterGmt, readPollState, savePollState, toWooGmt, type PollState } from "./poll-state.server";

// The polling safety net. Core WooCommerce never retries a webhook, collapses a burst of changes to one resource into
// one delivery, and disables a webhook after a few failures, so on a schedule we ask for every product and order
// modified since the last high-water mark and feed them to the inbox (poll-feed): what the webhooks brought is a
// duplicate, what they lost is applied.

/**
 * Read again before each mark: WooCommerce's times are whole seconds and modified_after is exclusive, so a change in
 * the mark's own second would be missed without it; it also absorbs a small difference between our clock and the
 * store's.
 */
export const POLL_OVERLAP_MS = 60_000;

export type SweepCounts = { read: number; fresh: number; duplicates: number; unkeyed: number };

export type PollOutcome =
  | { status: "polled"; products: SweepCounts; orders: SweepCounts; state: PollState }
  /** No mark yet: the backfill sets the first ones (the caller queues it). */
  | { status: "needs_backfill" }
  | { status: "skipped"; reason: string };

export type WooPollOptions = {
  client: WooClient;
  queue: JobQueue;
  now?: () => Date;
  logger?: LoggerLike;
  /** How the inbox retries processing what is fed; its default when absent. */
  retry?: InboxRetryPolicy;
  /** How long orders wait for new products to be applied (15 s by default; 0 when nothing processes the inbox). */
  catalogWaitMs?: number;
};

type ReadPage = (feed: WooFeed, query: { page: number; modifiedAfterGmt?: string }) => Promise<FedPage>;

const trashedOrdersPage: ReadPage = (feed, query) => feedOrdersPage(feed, { ...query, status: ["trash"] });

const add = (a: SweepCounts, b: SweepCounts): SweepCounts => ({
  read: a.read + b.read,
  fresh: a.fresh + b.fresh,
  duplicates: a.duplicates + b.duplicates,
  unkeyed: a.unkeyed + b.unkeyed,
});

export async function runWooPoll(db: Db, channelId: string, options: WooPollOptions): Promise<PollOutcome> {
  const now = options.now ?? (() => new Date());
  const channel = await db.channel.findUniqueOrThrow({
    where: { id: channelId },
    select: { id: true, shopId: true, kind: true, status: true, settings: true },
  });
  if (channel.kind !== "woocommerce")
    throw new Error(`Channel ${channelId} is a ${channel.kind} channel, not WooCommerce`);
  if (channel.status !== "connected") return { status: "skipped", reason: `the channel is ${channel.status}` };
  const state = readPollState(channel.settings);
  if (!state) return { status: "needs_backfill" };

  const startedAt = now();
  const feed: WooFeed = {
    db,
    queue: options.queue,
    channel,
    client: options.client,
    via: "poll",
    logger: options.logger,
    retry: options.retry,
  };
  // Products first, so the listings of a new product exist when its first orders are applied.
  let next: PollState = { ...state, lastRunAt: startedAt.toISOString() };
  try {
    const products = await sweep(feed, feedProductsPage, state.productsAfter, startedAt);
    next = { ...next, productsAfter: products.mark };
    // A new product and its first orders in one poll: the listings first, so the orders' lines find their items.
    if (products.counts.fresh > 0) await resourceApplied(feed, "product.", options.catalogWaitMs ?? 15_000);
    const orders = await sweep(feed, feedOrdersPage, state.ordersAfter, startedAt);
    // "any" leaves trashed orders out, and WooCommerce's order.deleted names no version the ledger could apply: the
    // trashed order's own snapshot (status "trash", a newer date_modified_gmt) cancels it instead.
    const trashed = await sweep(feed, trashedOrdersPage, state.ordersAfter, startedAt);
    next = { ...next, ordersAfter: laterGmt(orders.mark, trashed.mark), lastError: null };
    await savePollState(db, channelId, next);
    return { status: "polled", products: products.counts, orders: add(orders.counts, trashed.counts), state: next };
  } catch (error) {
    // The marks that were reached stay; the rest is read again next time.
    await savePollState(db, channelId, { ...next, lastError: String(error instanceof Error ? error.message : error) });
    throw error;
  }
}

/**
 * Every page of one resource modified after the mark less the overlap. The new mark is the newest version read, but
 * never later than the moment the sweep started: a record saved while we were paging, on a page already read, must be
 * read by the next sweep.
 */
async function sweep(
  feed: WooFeed,
  readPage: ReadPage,
  after: string | null,
  startedAt: Date,
): Promise<{ mark: string | null; counts: SweepCounts }> {
  const modifiedAfterGmt = after ? toWooGmt(new Date(fromWooGmt(after).getTime() - POLL_OVERLAP_MS)) : undefined;
  const counts: SweepCounts = { read: 0, fresh: 0, duplicates: 0, unkeyed: 0 };
  let newest: string | null = null;
  for (let page = 1; ; page++) {
    const fed = await readPage(feed, { page, modifiedAfterGmt });
    counts.read += fed.read;
    counts.fresh += fed.fresh;
    counts.duplicates += fed.duplicates;
    counts.unkeyed += fed.unkeyed;
    newest = laterGmt(newest, fed.newest);
    if (fed.items === 0 || page >= fed.totalPages) break;
  }
  const capped = newest && newest > toWooGmt(startedAt) ? toWooGmt(startedAt) : newest;
  // Never backwards: the overlap reads versions older than the mark again.
  return { mark: laterGmt(after, capped), counts };
}

/** Why the last poll failed before it could read anything (keys that no longer open, say), for the channels screen. */
export async function recordPollError(db: Db, channelId: string, message: string, now = new Date()): Promise<void> {
  const channel = await db.channel.findUnique({ where: { id: channelId }, select: { settings: true } });
  const state = readPollState(channel?.settings);
  if (state) await savePollState(db, channelId, { ...state, lastRunAt: now.toISOString(), lastError: message });
}
