import type { WooBatchResult, WooClient, WooStockUpdate } from "../../../connectors/woocommerce/client/types";
import { parseStockRef } from "../../../connectors/woocommerce/stock-ref";
import {
  registerPusher,
  type ChannelPusher,
  type PushChannel,
  type PushItem,
  type PushItemResult,
} from "../sync/pushers";
import {
  readWooFailure,
  WooChannelKeysError,
  wooClientFromSealed,
  type WooClientOptions,
} from "./client-for-channel.server";

// The sync engine's WooCommerce side: the ledger's sellable quantity becomes the stock_quantity of the record that
// holds the listing's stock (a product, or a variation that manages its own stock), through the batch endpoints:
// /products/batch for products, /products/{parent}/variations/batch per parent. WooCommerce has no compare-and-set,
// so a sale between our plan and our write is overwritten until its order reaches us (ADR 0011).

/** WooCommerce's batch limit (woocommerce_rest_batch_items_limit): 100 items a call, more is a 413. */
export const WOO_BATCH_LIMIT = 100;
/** A Retry-After up to this long is waited out in the push; a longer one is left to the engine's backoff. */
export const MAX_THROTTLE_WAIT_MS = 5_000;
const MAX_THROTTLE_WAITS = 2;

export type WooPusherOptions = {
  /** The client for a channel; built from its sealed keys by default. Tests pass their own. */
  client?: (channel: PushChannel) => Promise<WooClient>;
  clientOptions?: WooClientOptions;
  sleep?: (ms: number) => Promise<void>;
};

type Target = { item: PushItem; id: number };
type Group = { parentId: number | null; targets: Target[] };
type Fail = (item: PushItem, retryable: boolean, error: string) => void;

/** Failures that say something about the whole store: calling it again in this push would fail the same way. */
class StoreStop extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export function createWooPusher(options: WooPusherOptions = {}): ChannelPusher {
  const clientFor =
    options.client ?? (async (channel: PushChannel) => wooClientFromSealed(channel.credentials, options.clientOptions));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    kind: "woocommerce",
    batchLimit: WOO_BATCH_LIMIT,
    async push(db, channel, items) {
      const results = new Map<string, PushItemResult>();
      const fail: Fail = (item, retryable, error) =>
        results.set(item.listingId, { listingId: item.listingId, ok: false, retryable, error });
      const groups = groupByStockRecord(items, fail);
      let client: WooClient;
      try {
        client = await clientFor(channel);
      } catch (error) {
        // Keys that cannot be opened need the merchant; anything else (the database, say) may pass.
        const retryable = !(error instanceof WooChannelKeysError);
        const message = error instanceof Error ? error.message : String(error);
        for (const group of groups) for (const target of group.targets) fail(target.item, retryable, message);
        return items.map((item) => results.get(item.listingId)!);
      }
      let stopped: StoreStop | null = null;
      for (const group of groups) {
        if (stopped) {
          for (const target of group.targets) fail(target.item, stopped.retryable, stopped.message);
          continue;
        }
        try {
          await pushGroup(client, group, results, fail, sleep);
        } catch (error) {
          if (!(error instanceof StoreStop)) throw error;
          stopped = error;
          for (const target of group.targets)
            if (!results.has(target.item.listingId)) fail(target.item, error.retryable, error.message);
        }
      }
      return items.map(
        (item) =>
          results.get(item.listingId) ?? {
            listingId: item.listingId,
            ok: false,
            retryable: true,
            error: "not sent: the push stopped before this listing",
          },
      );
    },
  };
}

/**
 * Listings by the record that holds their stock. Several listings on one record (variations whose stock their parent
 * manages) can only be written when they agree; otherwise the last write would silently win.
 */
function groupByStockRecord(items: PushItem[], fail: Fail): Group[] {
  const groups = new Map<string, Group>();
  for (const item of items) {
    const ref = item.externalInventoryItemId ? parseStockRef(item.externalInventoryItemId) : null;
    if (!ref) {
      fail(item, false, "the listing is not linked to a WooCommerce product or variation that holds stock");
      continue;
    }
    const parentId = ref.kind === "variation" ? ref.parentId : null;
    const key = parentId === null ? "products" : `variations:${parentId}`;
    const group = groups.get(key) ?? { parentId, targets: [] };
    group.targets.push({ item, id: ref.id });
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const byId = new Map<number, Target[]>();
    for (const target of group.targets) byId.set(target.id, [...(byId.get(target.id) ?? []), target]);
    const kept: Target[] = [];
    for (const [id, targets] of byId) {
      const quantities = new Set(targets.map((target) => target.item.quantity));
      if (quantities.size === 1) {
        kept.push(...targets);
        continue;
      }
      for (const target of targets) {
        fail(
          target.item,
          false,
          `${targets.length} listings share the stock of WooCommerce ${group.parentId === null ? "product" : "variation"} ${id} ` +
            `and need different quantities (${[...quantities].join(", ")}): give each variation its own stock in WooCommerce`,
        );
      }
    }
    group.targets = kept;
  }
  return [...groups.values()].filter((group) => group.targets.length > 0);
}

async function pushGroup(
  client: WooClient,
  group: Group,
  results: Map<string, PushItemResult>,
  fail: Fail,
  sleep: (ms: number) => Promise<void>,
) {
  // One update per record; listings sharing a record agree on the quantity (checked above).
  const updates = new Map<number, WooStockUpdate>();
  for (const target of group.targets) updates.set(target.id, { id: target.id, stockQuantity: target.item.quantity });
  const answers = new Map<number, WooBatchResult>();
  const all = [...updates.values()];
  for (let start = 0; start < all.length; start += WOO_BATCH_LIMIT) {
    for (const answer of await send(client, group, all.slice(start, start + WOO_BATCH_LIMIT), sleep)) {
      answers.set(answer.id, answer);
    }
  }
  const what = group.parentId === null ? "product" : `variation (of product ${group.parentId})`;
  for (const target of group.targets) {
    if (results.has(target.item.listingId)) continue;
    const answer = answers.get(target.id);
    const quantity = target.item.quantity;
    if (!answer) fail(target.item, true, `WooCommerce did not answer for ${what} ${target.id}`);
    else if (!answer.ok)
      fail(
        target.item,
        answer.retryable,
        `WooCommerce refused the stock of ${what} ${target.id}: ${answer.message} (${answer.code})`,
      );
    else if (answer.stockQuantity === null)
      fail(
        target.item,
        false,
        `WooCommerce does not track the stock of ${what} ${target.id}: turn on "Manage stock" for it in WooCommerce`,
      );
    else if (answer.stockQuantity !== quantity)
      fail(
        target.item,
        true,
        `WooCommerce shows ${answer.stockQuantity} for ${what} ${target.id} after we set ${quantity}`,
      );
    else results.set(target.item.listingId, { listingId: target.item.listingId, ok: true, pushedQuantity: quantity });
  }
}

/**
 * One batch call, with what the store's refusal allows: a short Retry-After is waited out and the call sent again, a
 * 413 (a store that lowered its batch limit) is split in halves. Failures of the whole store stop the push.
 */
async function send(
  client: WooClient,
  group: Group,
  updates: WooStockUpdate[],
  sleep: (ms: number) => Promise<void>,
): Promise<WooBatchResult[]> {
  for (let waits = 0; ; waits++) {
    try {
      return group.parentId === null
        ? await client.updateProductStock(updates)
        : await client.updateVariationStock(group.parentId, updates);
    } catch (error) {
      const failure = readWooFailure(error);
      switch (failure.kind) {
        case "throttled": {
          const waitMs = failure.retryAfterMs ?? 1_000;
          if (waits < MAX_THROTTLE_WAITS && waitMs <= MAX_THROTTLE_WAIT_MS) {
            await sleep(waitMs);
            continue;
          }
          throw new StoreStop(`WooCommerce is rate-limiting us (429, retry after ${Math.ceil(waitMs / 1000)} s)`, true);
        }
        case "too_large": {
          if (updates.length === 1)
            throw new StoreStop(`WooCommerce refused a batch of one item: ${failure.message}`, false);
          const half = Math.ceil(updates.length / 2);
          return [
            ...(await send(client, group, updates.slice(0, half), sleep)),
            ...(await send(client, group, updates.slice(half), sleep)),
          ];
        }
        case "auth":
          throw new StoreStop(
            `WooCommerce refused our API keys (${failure.message}): reconnect the channel with keys that can write products`,
            false,
          );
        case "not_found":
        case "invalid":
          // About this call only (a parent product deleted, say): the listings in it fail, other calls go on.
          return updates.map((update) => ({
            id: update.id,
            ok: false,
            code: failure.kind,
            message:
              failure.kind === "not_found" && group.parentId !== null
                ? `product ${group.parentId} no longer exists on WooCommerce`
                : failure.message,
            retryable: false,
          }));
        default:
          // The store is down, timing out, or not answering as WooCommerce: whether it is worth retrying is the
          // connector's call (a timeout is, a bad certificate is not).
          throw new StoreStop(`WooCommerce did not take the stock update: ${failure.message}`, failure.retryable);
      }
    }
  }
}

/** Puts the WooCommerce pusher in the sync engine's registry (once, from the job handlers' registration). */
export function registerWooPusher(options: WooPusherOptions = {}) {
  registerPusher(createWooPusher(options));
}
