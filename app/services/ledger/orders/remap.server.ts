import type { Db } from "../../../db.server";
import type { ApplyContext } from "../apply-types";
import { LEDGER_TX, withLedgerRetry } from "../retry.server";
import { ensureStockLevels, lockStockLevels } from "../stock-locks.server";
import { LedgerBatch } from "./ledger-batch.server";
import type { OrderStatus } from "./line-plan";
import { LEDGER_LINE_SELECT } from "./load-order.server";
import { assignLocations, channelLocationIds } from "./locations.server";

/**
 * Lines flagged "needs mapping" whose SKU now has an inventory item: they get the item and a location
 * and reserve what their order still needs. Returns the number of lines mapped.
 */
export async function remapLines(db: Db, shopId: string, skus: string[], context: ApplyContext): Promise<number> {
  if (skus.length === 0) return 0;
  const waiting = await db.orderLine.findMany({
    where: { shopId, needsMapping: true, sku: { in: skus } },
    select: { orderId: true },
    distinct: ["orderId"],
  });
  let mapped = 0;
  for (const { orderId } of waiting) mapped += await remapOrder(db, shopId, orderId, context);
  return mapped;
}

/** Maps an order's lines by SKU, or to an explicit item for a line the merchant mapped by hand. */
export async function remapOrder(
  db: Db,
  shopId: string,
  orderId: string,
  context: ApplyContext,
  manual?: { lineId: string; itemId: string },
): Promise<number> {
  return withLedgerRetry(async () => {
    const order = await db.order.findFirst({
      where: { id: orderId, shopId },
      select: {
        id: true,
        channelId: true,
        status: true,
        lines: { select: { ...LEDGER_LINE_SELECT, sku: true, needsMapping: true } },
      },
    });
    if (!order) return 0;
    const unmapped = order.lines.filter((line) => line.needsMapping && !line.itemId);
    const items = await db.inventoryItem.findMany({
      where: {
        shopId,
        OR: [{ sku: { in: unmapped.flatMap((line) => (line.sku ? [line.sku] : [])) } }, { id: manual?.itemId ?? "" }],
      },
      select: { id: true, sku: true, backorderPolicy: true },
    });
    const choice = new Map<string, { id: string; backorderPolicy: string }>();
    for (const line of unmapped) {
      const item =
        manual?.lineId === line.id ? items.find((i) => i.id === manual.itemId) : items.find((i) => i.sku === line.sku);
      if (item) choice.set(line.id, item);
    }
    if (choice.size === 0) return 0;
    const locationIds = await channelLocationIds(db, shopId, order.channelId);
    const assigned = await assignLocations(db, shopId, locationIds, [
      ...new Set([...choice.values()].map((i) => i.id)),
    ]);
    const keys = [...choice.values()].map((item) => ({ itemId: item.id, locationId: assigned.get(item.id)! }));
    await ensureStockLevels(db, shopId, keys);
    return db.$transaction(async (tx) => {
      const balances = await lockStockLevels(tx, shopId, keys);
      const batch = new LedgerBatch(shopId, order.channelId, balances, context.source, context.actor ?? "system");
      let count = 0;
      for (const [lineId, item] of choice) {
        const { count: claimed } = await tx.orderLine.updateMany({
          where: { id: lineId, needsMapping: true, itemId: null },
          data: { itemId: item.id, locationId: assigned.get(item.id)!, needsMapping: false },
        });
        if (claimed === 0) continue;
        const line = await tx.orderLine.findUniqueOrThrow({ where: { id: lineId }, select: LEDGER_LINE_SELECT });
        batch.reconcileReservation(line, order.status as OrderStatus, item.backorderPolicy === "allow");
        count += 1;
      }
      const stillUnmapped = await tx.orderLine.count({ where: { orderId, needsMapping: true } });
      await tx.order.update({ where: { id: orderId }, data: { needsMapping: stillUnmapped > 0 } });
      if (count > 0) batch.note(orderId, "mapped", `${count} line(s) mapped to inventory items`);
      await batch.commit(tx);
      return count;
    }, LEDGER_TX);
  });
}
