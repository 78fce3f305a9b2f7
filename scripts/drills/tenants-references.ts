import type { Row, Snapshot } from "./support/table-snapshot.ts";

// Isolation below the HTTP edge: no row may belong to one shop and point at another's. Every row that carries a shopId
// names its owner; every other column holding the id of an owned row (itemId, locationId, orderId, channelId,
// orderLineId...) must point into the same shop, and a row without a shopId of its own (a return line, a fulfilment
// line) must not point into two. Shop B sells a SKU shop A sells too, on both its channels, so a ledger that matched
// SKUs or listings across shops would show here.

const OWN_ID_COLUMNS = new Set(["id", "shopId"]);

export function crossShopReferences(snapshot: Snapshot): string[] {
  const owner = new Map<string, string>();
  for (const state of Object.values(snapshot)) {
    for (const row of state.rows.values()) {
      if (typeof row.id === "string" && typeof row.shopId === "string") owner.set(row.id, row.shopId);
    }
  }
  const problems: string[] = [];
  for (const [table, state] of Object.entries(snapshot)) {
    for (const row of state.rows.values()) {
      const shops = referencedShops(row, owner);
      if (shops.size > 1)
        problems.push(`${table} ${String(row.id)} belongs to or points into shops ${[...shops].join(", ")}`);
    }
  }
  return problems;
}

function referencedShops(row: Row, owner: Map<string, string>): Set<string> {
  const shops = new Set<string>();
  if (typeof row.shopId === "string") shops.add(row.shopId);
  for (const [column, value] of Object.entries(row)) {
    if (OWN_ID_COLUMNS.has(column) || !/Id$/.test(column) || typeof value !== "string") continue;
    const shop = owner.get(value);
    if (shop) shops.add(shop);
  }
  return shops;
}
