// One shop with its Shopify channel (externalRef = the shop domain, as an install creates it), one location and the
// 30 catalogue items, each received into stock through the ledger so balances and movements agree.
import type { Db } from "../../app/db.server.ts";
import { recordMovements } from "../../app/services/ledger/record-movements.server.ts";
import { BENCH_SHOP_DOMAIN, BENCH_STOCK_PER_ITEM, CATALOG } from "./catalog.ts";

export type SeededShop = { shopId: string; channelId: string; locationId: string };

export async function seedBenchShop(db: Db): Promise<SeededShop> {
  const shop = await db.shop.create({ data: { name: "Bench Outfitters", shopifyDomain: BENCH_SHOP_DOMAIN } });
  const channel = await db.channel.create({
    data: { shopId: shop.id, kind: "shopify", name: "Shopify", externalRef: BENCH_SHOP_DOMAIN, status: "connected" },
  });
  const location = await db.location.create({ data: { shopId: shop.id, name: "Main warehouse" } });
  const items = [];
  for (const entry of CATALOG) {
    items.push(await db.inventoryItem.create({ data: { shopId: shop.id, sku: entry.sku, title: entry.title } }));
  }
  await recordMovements(
    db,
    shop.id,
    items.map((item) => ({
      itemId: item.id,
      locationId: location.id,
      kind: "receipt" as const,
      onHandDelta: BENCH_STOCK_PER_ITEM,
      committedDelta: 0,
      source: "system",
      reason: "Benchmark opening stock",
      idempotencyKey: `bench-receipt:${item.sku}`,
    })),
  );
  return { shopId: shop.id, channelId: channel.id, locationId: location.id };
}
