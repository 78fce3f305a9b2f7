// Builders for ledger tests: a shop with locations, items with stock, channels, and order snapshots.
import type { Db } from "../../app/db.server.ts";
import { recordMovements } from "../../app/services/ledger/record-movements.server.ts";
import type { OrderSnapshot } from "../../connectors/events.ts";

export async function makeShop(db: Db, options: { locations?: string[]; channels?: string[] } = {}) {
  const shop = await db.shop.create({ data: { name: "Test shop" } });
  const locations = [];
  for (const name of options.locations ?? ["Warehouse"]) {
    locations.push(await db.location.create({ data: { shopId: shop.id, name } }));
  }
  const channels = [];
  for (const kind of options.channels ?? ["shopify"]) {
    channels.push(
      await db.channel.create({
        data: { shopId: shop.id, kind, name: kind, externalRef: `${kind}-${channels.length}.test` },
        select: { id: true, shopId: true, kind: true, name: true, settings: true },
      }),
    );
  }
  return { shop, locations, channels };
}

export async function makeItem(
  db: Db,
  shopId: string,
  sku: string,
  stock: { locationId: string; onHand: number }[],
  options: { backorderPolicy?: "deny" | "allow" } = {},
) {
  const item = await db.inventoryItem.create({
    data: { shopId, sku, title: `Item ${sku}`, backorderPolicy: options.backorderPolicy ?? "deny" },
  });
  await recordMovements(
    db,
    shopId,
    stock.map((level) => ({
      itemId: item.id,
      locationId: level.locationId,
      kind: "receipt" as const,
      onHandDelta: level.onHand,
      committedDelta: 0,
      source: "test",
      idempotencyKey: `receipt:${sku}:${level.locationId}`,
    })),
  );
  return item;
}

export function snapshot(
  externalId: string,
  version: number,
  lines: { id?: string; sku: string | null; quantity: number; removed?: number; fulfilled?: number }[],
  status: OrderSnapshot["status"] = "open",
): OrderSnapshot {
  return {
    externalId,
    name: `#${externalId}`,
    channelUpdatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, version)),
    placedAt: new Date(Date.UTC(2026, 0, 1)),
    status,
    currency: "USD",
    totalMinor: lines.reduce((sum, line) => sum + line.quantity * 1000, 0),
    customer: { name: "Ada Lovelace", email: "ada@example.com" },
    lines: lines.map((line, index) => ({
      externalId: line.id ?? `L${index + 1}`,
      sku: line.sku,
      title: line.sku ?? "Custom item",
      quantity: line.quantity,
      priceMinor: 1000,
      fulfilledQuantity: line.fulfilled ?? 0,
      removedQuantity: line.removed ?? 0,
    })),
  };
}

export async function balance(db: Db, itemId: string, locationId: string) {
  const level = await db.stockLevel.findUnique({ where: { itemId_locationId: { itemId, locationId } } });
  return {
    onHand: level?.onHand ?? 0,
    committed: level?.committed ?? 0,
    available: (level?.onHand ?? 0) - (level?.committed ?? 0),
  };
}
