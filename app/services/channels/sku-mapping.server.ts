import { z } from "zod";
import type { Db } from "../../db.server";
import type { ApplyContext } from "../ledger/apply-types";
import { remapOrder } from "../ledger/orders/remap.server";

// Order lines whose SKU matched no inventory item wait with needsMapping. The merchant picks the item a channel SKU
// stands for; every waiting line with that SKU (or, without a SKU, that title) is mapped through the ledger's remap,
// which assigns a location and reserves what the order still needs.

export const MAP_SKU_INTENT = "map-sku";

export const SkuMappingFormSchema = z.object({
  intent: z.literal(MAP_SKU_INTENT),
  // Empty when the channel sent no SKU: the title tells the lines apart then.
  sku: z.string().trim().default(""),
  title: z.string().default(""),
  itemId: z.string({ error: "Choose an inventory item" }).trim().min(1, "Choose an inventory item"),
});

export type SkuMappingInput = Omit<z.output<typeof SkuMappingFormSchema>, "intent">;

export type UnmatchedSku = { sku: string | null; title: string; lines: number; orders: number; units: number };

const waitingLines = (shopId: string, channelId: string) => ({
  shopId,
  needsMapping: true,
  itemId: null,
  order: { channelId, shopId },
});

/** The channel's unmatched lines grouped by the SKU it sent (by title for lines without one), most orders first. */
export async function listUnmatchedSkus(db: Db, shopId: string, channelId: string): Promise<UnmatchedSku[]> {
  const lines = await db.orderLine.findMany({
    where: waitingLines(shopId, channelId),
    select: { sku: true, title: true, quantity: true, orderId: true },
    orderBy: { id: "asc" },
  });
  const groups = new Map<
    string,
    { sku: string | null; title: string; lines: number; orders: Set<string>; units: number }
  >();
  for (const line of lines) {
    const sku = line.sku?.trim() ? line.sku : null;
    const key = sku !== null ? `sku:${sku}` : `title:${line.title}`;
    const group = groups.get(key) ?? { sku, title: line.title, lines: 0, orders: new Set<string>(), units: 0 };
    group.lines += 1;
    group.units += line.quantity;
    group.orders.add(line.orderId);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => ({ ...group, orders: group.orders.size }))
    .sort((a, b) => b.orders - a.orders || (a.sku ?? a.title).localeCompare(b.sku ?? b.title));
}

/** The items a SKU can be mapped to, by SKU. */
export function listMappableItems(db: Db, shopId: string, take = 1_000) {
  return db.inventoryItem.findMany({
    where: { shopId },
    orderBy: { sku: "asc" },
    take,
    select: { id: true, sku: true, title: true },
  });
}

export type MapSkuOutcome =
  | { ok: true; mapped: number; itemSku: string }
  | { ok: false; status: 400 | 404; fieldErrors: Record<string, string[]> };

export async function mapChannelSku(
  db: Db,
  shopId: string,
  channelId: string,
  input: SkuMappingInput,
  context: ApplyContext,
): Promise<MapSkuOutcome> {
  const item = await db.inventoryItem.findFirst({
    where: { id: input.itemId, shopId },
    select: { id: true, sku: true },
  });
  if (!item) return { ok: false, status: 400, fieldErrors: { itemId: ["Choose one of the shop's inventory items"] } };
  const lines = await db.orderLine.findMany({
    where: {
      ...waitingLines(shopId, channelId),
      ...(input.sku === "" ? { OR: [{ sku: null }, { sku: "" }], title: input.title } : { sku: input.sku }),
    },
    select: { id: true, orderId: true },
    orderBy: { id: "asc" },
  });
  if (lines.length === 0) {
    return { ok: false, status: 404, fieldErrors: { form: ["No line waits for that SKU any more: reload"] } };
  }
  let mapped = 0;
  for (const line of lines) {
    mapped += await remapOrder(db, shopId, line.orderId, context, { lineId: line.id, itemId: item.id });
  }
  return { ok: true, mapped, itemSku: item.sku };
}
