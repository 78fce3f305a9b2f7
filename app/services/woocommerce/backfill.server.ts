import type { WooClient } from "../../../connectors/woocommerce/client/types";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import type { InboxRetryPolicy } from "../inbox/enqueue.server";
import {
  newBackfillProgress,
  readBackfillProgress,
  saveBackfillFailure,
  saveBackfillProgress,
  type BackfillProgress,
} from "../shopify/backfill-progress.server";
import type { ChannelRef } from "../ledger/apply-types";
import { openingStockPage } from "./backfill-stock.server";
import { feedOrdersPage, feedProductsPage, resourceApplied, type FedPage, type WooFeed } from "./poll-feed.server";
import { laterGmt, readPollState, savePollState, toWooGmt } from "./poll-state.server";

// The first import of a WooCommerce store: the polling safety net's code run from further back, with progress. All
// products (and variations), then the orders modified in the last BACKFILL_DAYS days, page by page into the inbox as
// if their webhooks had come (poll-feed). Progress is the Shopify backfill's record in Channel.settings.backfill
// (phases catalog, orders, reconcile, done; the cursor is the next page), saved after every page, so the channels screen shows
// the same progress bar and a crashed or failed run resumes at the page it had reached. A page read twice is a set of
// duplicates, so resuming costs nothing but the reads.
//
// The reconcile phase reads the products once more, after the orders are applied, and takes the store's figures as
// the opening stock of items the ledger never counted (backfill-stock).
//
// When it is done the poll's high-water marks start at the moment the run started: whatever changed while it was
// paging is read again by the first poll.

export type WooBackfillOptions = {
  client: WooClient;
  queue: JobQueue;
  /** Orders modified in the last N days. */
  days: number;
  now?: () => Date;
  logger?: LoggerLike;
  /** How the inbox retries processing what is fed; its default when absent. */
  retry?: InboxRetryPolicy;
  /** How long the orders wait for the catalogue to be applied (60 s by default; 0 when nothing processes the inbox). */
  catalogWaitMs?: number;
  /** Called after every page is fed and its progress saved. */
  onPage?: (progress: BackfillProgress) => void | Promise<void>;
};

export async function runWooBackfill(
  db: Db,
  channelId: string,
  options: WooBackfillOptions,
): Promise<BackfillProgress> {
  const now = options.now ?? (() => new Date());
  const channel = await db.channel.findUniqueOrThrow({
    where: { id: channelId },
    select: { id: true, shopId: true, kind: true, name: true, settings: true },
  });
  if (channel.kind !== "woocommerce")
    throw new Error(`Channel ${channelId} is a ${channel.kind} channel, not WooCommerce`);
  const stored = readBackfillProgress(channel.settings);
  // An unfinished run (crashed, or failed and retried) continues where it stopped; a finished one starts afresh.
  let progress: BackfillProgress =
    stored && stored.status !== "done" && WOO_PHASES.includes(stored.phase)
      ? { ...stored, status: "running", error: null }
      : { ...newBackfillProgress(options.days, now()), phase: "catalog" };
  await saveBackfillProgress(db, channelId, progress);
  options.logger?.info(
    {
      channelId,
      runId: progress.runId,
      phase: progress.phase,
      page: progress.cursor,
      resumed: stored?.runId === progress.runId,
    },
    "woocommerce backfill started",
  );
  const feed: WooFeed & { channel: ChannelRef } = {
    db,
    queue: options.queue,
    channel,
    client: options.client,
    via: "backfill",
    logger: options.logger,
    retry: options.retry,
  };
  try {
    while (progress.phase !== "done") {
      if (progress.phase === "orders" && progress.cursor === null) {
        const applied = await resourceApplied(feed, "product.", options.catalogWaitMs ?? 60_000);
        if (!applied)
          options.logger?.warn({ channelId }, "woocommerce backfill: orders fed before the catalogue was applied");
      }
      if (progress.phase === "reconcile" && progress.cursor === null) {
        const applied = await resourceApplied(feed, "order.", options.catalogWaitMs ?? 60_000);
        if (!applied)
          options.logger?.warn(
            { channelId },
            "woocommerce backfill: opening stock taken before every order was applied",
          );
      }
      progress = await nextPage(feed, progress);
      await saveBackfillProgress(db, channelId, progress);
      await options.onPage?.(progress);
    }
    progress = { ...progress, status: "done", cursor: null, finishedAt: now().toISOString() };
    await saveBackfillProgress(db, channelId, progress);
    await startPolling(db, channelId, progress);
    await db.channel.update({ where: { id: channelId }, data: { lastSyncAt: now() } });
    options.logger?.info({ channelId, runId: progress.runId, counts: progress.counts }, "woocommerce backfill done");
    return progress;
  } catch (error) {
    const failed = await saveBackfillFailure(db, channelId, progress, error);
    options.logger?.error(
      { channelId, runId: progress.runId, phase: progress.phase, page: progress.cursor, err: failed.error },
      "woocommerce backfill failed",
    );
    throw error;
  }
}

const WOO_PHASES: BackfillProgress["phase"][] = ["catalog", "orders", "reconcile"];

async function nextPage(
  feed: WooFeed & { channel: ChannelRef },
  progress: BackfillProgress,
): Promise<BackfillProgress> {
  const page = Number(progress.cursor ?? "1");
  if (progress.phase === "reconcile") {
    const read = await openingStockPage(feed, page, { source: `backfill:${progress.runId}` });
    const next = {
      ...progress,
      cursor: String(page + 1),
      processed: progress.processed + read.items,
      total: read.total,
      counts: { ...progress.counts, levels: progress.counts.levels + read.levels },
    };
    return read.items > 0 && page < read.totalPages ? next : enter(next, "done");
  }
  if (progress.phase === "catalog") {
    const fed = await feedProductsPage(feed, { page });
    const next = advance(progress, fed, page, "listings");
    return fed.items > 0 && page < fed.totalPages ? next : enter(next, "orders");
  }
  // Orders: the window is fixed when the run starts (since), so a resumed run reads the same one.
  const fed = await feedOrdersPage(feed, { page, modifiedAfterGmt: toWooGmt(new Date(progress.since)) });
  const next = advance(progress, fed, page, "orders");
  return fed.items > 0 && page < fed.totalPages ? next : enter(next, "reconcile");
}

/** The page is fed: the cursor moves to the next one and the phase's share of the bar with it. */
function advance(
  progress: BackfillProgress,
  fed: FedPage,
  page: number,
  count: "listings" | "orders",
): BackfillProgress {
  return {
    ...progress,
    cursor: String(page + 1),
    processed: progress.processed + fed.items,
    total: fed.total,
    counts: {
      ...progress.counts,
      [count]: progress.counts[count] + Math.max(0, fed.read - fed.parents - fed.unkeyed),
      skipped: progress.counts.skipped + fed.unkeyed,
    },
  };
}

function enter(progress: BackfillProgress, phase: "orders" | "reconcile" | "done"): BackfillProgress {
  // processed and total describe the current phase (the bar's position within it), so both start again.
  return { ...progress, phase, cursor: null, processed: 0, total: undefined };
}

/** The poll takes over from the moment the run started (kept if a poll already went further). */
async function startPolling(db: Db, channelId: string, progress: BackfillProgress) {
  const channel = await db.channel.findUniqueOrThrow({ where: { id: channelId }, select: { settings: true } });
  const state = readPollState(channel.settings);
  const from = toWooGmt(new Date(progress.startedAt));
  await savePollState(db, channelId, {
    productsAfter: laterGmt(state?.productsAfter, from),
    ordersAfter: laterGmt(state?.ordersAfter, from),
    lastRunAt: state?.lastRunAt ?? null,
    lastError: state?.lastError ?? null,
  });
}
