import { z } from "zod";
import type { Db } from "../../db.server";

export const MAX_LOW_STOCK_THRESHOLD = 1_000_000;

/** null clears the threshold: the item is then never flagged as low. */
export const LowStockThresholdSchema = z
  .number()
  .int("Enter a whole number")
  .min(0, "Cannot be negative")
  .max(MAX_LOW_STOCK_THRESHOLD, `At most ${MAX_LOW_STOCK_THRESHOLD}`)
  .nullable();

/**
 * Sets or clears the item's low-stock threshold: it is flagged low once available (all locations) is at or below it.
 * Answers null when the shop has no such item.
 */
export async function setLowStockThreshold(
  db: Db,
  shopId: string,
  itemId: string,
  threshold: number | null,
): Promise<{ id: string; sku: string; lowStockThreshold: number | null } | null> {
  const value = LowStockThresholdSchema.parse(threshold);
  const { count } = await db.inventoryItem.updateMany({
    where: { id: itemId, shopId },
    data: { lowStockThreshold: value },
  });
  if (count === 0) return null;
  return db.inventoryItem.findFirst({
    where: { id: itemId, shopId },
    select: { id: true, sku: true, lowStockThreshold: true },
  });
}
