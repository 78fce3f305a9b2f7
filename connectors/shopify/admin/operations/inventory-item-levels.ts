import { z } from "zod";
import { ShopifyGidSchema } from "../gid";

// "available" of a list of inventory items at one location, one aliased inventoryItem field per item
// (i0, i1, ...). Each costs about 3 points; 100 a query stays well under the 1,000 ceiling.
export const INVENTORY_ITEM_LEVELS_MAX = 100;

export function inventoryItemLevelsQuery(count: number): string {
  if (count < 1 || count > INVENTORY_ITEM_LEVELS_MAX) {
    throw new Error(`inventoryItemLevelsQuery reads 1 to ${INVENTORY_ITEM_LEVELS_MAX} items`);
  }
  const indexes = Array.from({ length: count }, (_, index) => index);
  const params = indexes.map((index) => `$i${index}: ID!`).join(", ");
  const fields = indexes
    .map(
      (index) =>
        `    i${index}: inventoryItem(id: $i${index}) {\n      id\n      inventoryLevel(locationId: $locationId) {\n` +
        `        quantities(names: ["available"]) {\n          name\n          quantity\n        }\n      }\n    }`,
    )
    .join("\n");
  return `query ChannelLedgerInventoryItemLevels${count}($locationId: ID!, ${params}) {\n${fields}\n  }\n`;
}

export function inventoryItemLevelsVariables(locationGid: string, itemGids: string[]): Record<string, unknown> {
  return Object.fromEntries([["locationId", locationGid], ...itemGids.map((id, index) => [`i${index}`, id])]);
}

const AliasedItemSchema = z
  .object({
    id: ShopifyGidSchema,
    inventoryLevel: z
      .object({ quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })) })
      .nullable(),
  })
  .nullable();

export const InventoryItemLevelsResponseSchema = z.record(z.string(), AliasedItemSchema);

/** Per requested item (by position): its available at the location, or null when not stocked there or unknown. */
export function availableByPosition(data: z.output<typeof InventoryItemLevelsResponseSchema>, count: number) {
  return Array.from({ length: count }, (_, index) => {
    const quantities = data[`i${index}`]?.inventoryLevel?.quantities;
    return quantities?.find((entry) => entry.name === "available")?.quantity ?? null;
  });
}
