import type { JobQueue } from "../../../jobs/queue";
import type { Db } from "../../db.server";
import { ensureShopifyShop } from "../shopify-install.server";
import { readBackfillProgress } from "./backfill-progress.server";
import { enqueueShopifyBackfill } from "./jobs.server";

/**
 * After Shopify authorises the app for a shop (install, reinstall, scope change): the shop and its channel
 * exist and are connected, and a backfill is queued unless one already finished for this installation.
 * A reinstall after an uninstall backfills again, since the store went on selling while we were away.
 */
export async function onShopifyInstalled(db: Db, queue: JobQueue, domain: string) {
  const before = await db.shop.findUnique({
    where: { shopifyDomain: domain.toLowerCase() },
    select: { uninstalledAt: true },
  });
  const { shop, channel } = await ensureShopifyShop(db, { domain });
  const progress = readBackfillProgress(channel.settings);
  const reinstalled = before?.uninstalledAt != null;
  const backfill = !progress || progress.status !== "done" || reinstalled;
  if (backfill) await enqueueShopifyBackfill(queue, channel.id);
  return { shop, channel, backfill };
}
