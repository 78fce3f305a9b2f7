// A ledger shop selling on a simulated WooCommerce store, in step with it, for the reconciliation tests (not imported
// by the app).
import { formatStockRef } from "../../../connectors/woocommerce/stock-ref";
import type { Db } from "../../db.server";
import type { StoreHandle } from "../../../test/sim/woocommerce/store-handle";
import type { WooSim } from "../../../test/sim/woocommerce/sim";
import { WOO_STOCK_POOL } from "../woocommerce/connect.server";
import { createWooStockSource } from "../woocommerce/level-reader-source.server";
import { createWooLevelReader } from "../woocommerce/level-reader.server";
import { createWooPusher } from "../woocommerce/pusher.server";
import { WOO_KEYS, wooChannel, wooClientOf, wooListings, wooStore } from "../woocommerce/test-support";
import { registerLevelReader } from "./level-readers";
import { planPushes } from "./plan.server";
import { pushChannel } from "./push.server";
import { registerPusher } from "./pushers";

/** Plans and pushes until nothing is due: the store then shows the ledger's figures. */
export async function pushAll(db: Db, shopId: string, channelId: string) {
  await planPushes(db, shopId);
  for (let call = 0; call < 1_000; call++) if (!(await pushChannel(db, channelId)).more) return;
}

/**
 * A store with one simple product per SKU (stock 0), listed on a WooCommerce channel whose stock pool is mapped to the
 * shop's location, `onHand` units of each received in the ledger and pushed: the store shows `onHand` of each.
 */
export async function wooInStep(
  db: Db,
  sim: WooSim,
  skus: string[],
  options: { onHand?: number; settings?: object; push?: boolean; name?: string } = {},
) {
  const store = wooStore(sim, options.name ?? "reconcile");
  for (const sku of skus) store.addProduct({ name: sku, sku, price: "10.00", stock: 0 });
  return wooLedger(db, store, skus, options);
}

export async function wooLedger(
  db: Db,
  store: StoreHandle,
  skus: string[],
  options: { onHand?: number; settings?: object; push?: boolean; refs?: Map<string, string> } = {},
) {
  const target = await wooChannel(db, store, options.settings ?? {});
  await db.channelLocation.create({
    data: {
      shopId: target.shop.id,
      channelId: target.channel.id,
      locationId: target.location.id,
      externalLocationId: WOO_STOCK_POOL,
    },
  });
  registerPusher(createWooPusher({ client: async () => wooClientOf(store) }));
  registerLevelReader(
    createWooLevelReader({ source: async () => createWooStockSource({ url: store.url, ...WOO_KEYS }) }),
  );
  const entries = skus.map((sku) => ({
    sku,
    stockRef: options.refs?.get(sku) ?? formatStockRef({ kind: "product", id: store.product(sku).id }),
  }));
  const listings = await wooListings(db, target, entries, { onHand: options.onHand ?? 5 });
  if (options.push !== false) await pushAll(db, target.shop.id, target.channel.id);
  const itemOf = (sku: string) => listings.items.find((item) => item.sku === sku)!;
  return { store, ...target, ...listings, itemOf };
}
