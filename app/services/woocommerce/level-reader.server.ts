import { formatStockRef, parseStockRef } from "../../../connectors/woocommerce/stock-ref";
import { WOO_LOCATION } from "../../../connectors/woocommerce/parse-product";
import type { Db } from "../../db.server";
import { registerLevelReader, type ChannelLevel, type LevelReader, type ReadChannel } from "../sync/level-readers";
import { openWooCredentials } from "./client-for-channel.server";
import { createWooStockSource, type WooProductStock, type WooStockSource } from "./level-reader-source.server";

// Reconciliation's WooCommerce side: stock_quantity of every record that holds a listing's stock (see stock-ref.ts),
// at the store's one stock pool, location "default". /products lists every product but never a variation, so the
// variations endpoint is read for the variable products whose variations hold stock of their own for a listing; a
// variation whose stock its parent manages reads as its parent (product:<parent>), which /products already has.

/** Pages read at once after the first (which says how many there are); the store's own limiter may slow them. */
export const WOO_READ_CONCURRENCY = 4;

export type WooLevelReaderOptions = {
  /** The stock source of a channel; built from its sealed keys by default. Tests pass their own. */
  source?: (channel: ReadChannel) => Promise<WooStockSource>;
  /** The encryption key the channel's keys are sealed with; the configured ENCRYPTION_KEY by default. */
  key?: Buffer;
  concurrency?: number;
  now?: () => Date;
};

export function createWooLevelReader(options: WooLevelReaderOptions = {}): LevelReader {
  const sourceFor =
    options.source ??
    (async (channel: ReadChannel) => createWooStockSource(openWooCredentials(channel.credentials, options.key)));
  const concurrency = options.concurrency ?? WOO_READ_CONCURRENCY;
  const now = options.now ?? (() => new Date());
  return {
    kind: "woocommerce",
    async read(db, channel, onPage) {
      const parents = await parentsWithOwnStock(db, channel.id);
      const source = await sourceFor(channel);
      let calls = 0;

      async function readPage(page: number) {
        const readAt = now();
        const answer = await source.products(page);
        calls += 1;
        const levels = answer.items.flatMap(productLevel);
        const variable = answer.items.filter((product) => isParentToRead(product, parents));
        await inPool(variable, concurrency, async (product) => {
          for (let variationPage = 1; ; variationPage++) {
            const variations = await source.variations(product.id, variationPage);
            calls += 1;
            for (const variation of variations.items) {
              if (variation.manageStock !== true || variation.stockQuantity === null) continue;
              levels.push(
                level(formatStockRef({ kind: "variation", parentId: product.id, id: variation.id }), variation),
              );
            }
            if (variations.items.length === 0 || variationPage >= variations.totalPages) break;
          }
        });
        await onPage({ levels, readAt });
        return answer;
      }

      const first = await readPage(1);
      if (first.items.length > 0 && first.totalPages > 1) {
        const rest = Array.from({ length: first.totalPages - 1 }, (_, index) => index + 2);
        await inPool(rest, concurrency, readPage);
      }
      return { calls };
    },
  };
}

/** Parents of the listings whose stock a variation holds itself (variation:<parent>:<id>): their variations are read. */
async function parentsWithOwnStock(db: Db, channelId: string): Promise<Set<number>> {
  const listings = await db.channelListing.findMany({
    where: { channelId, externalInventoryItemId: { startsWith: "variation:" } },
    select: { externalInventoryItemId: true },
  });
  const parents = new Set<number>();
  for (const { externalInventoryItemId } of listings) {
    const ref = externalInventoryItemId ? parseStockRef(externalInventoryItemId) : null;
    if (ref?.kind === "variation") parents.add(ref.parentId);
  }
  return parents;
}

function isParentToRead(product: WooProductStock, parents: Set<number>) {
  return product.type === "variable" && product.variations.length > 0 && parents.has(product.id);
}

/** A product holds stock only when it manages its own (a variable one then holds its variations' too). */
function productLevel(product: WooProductStock): ChannelLevel[] {
  if (product.manageStock !== true || product.stockQuantity === null || product.type === "variation") return [];
  return [level(formatStockRef({ kind: "product", id: product.id }), product)];
}

function level(ref: string, record: { stockQuantity: number | null }): ChannelLevel {
  return { externalInventoryItemId: ref, location: WOO_LOCATION, available: record.stockQuantity ?? 0 };
}

/** Runs `work` over the items, at most `limit` at a time; after a failure no new item is started. */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      try {
        await work(items[next++]!);
      } catch (error) {
        next = items.length;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Puts the WooCommerce reader in reconciliation's registry (once, from the job handlers' registration). */
export function registerWooLevelReader(options: WooLevelReaderOptions = {}) {
  registerLevelReader(createWooLevelReader(options));
}
