import { z } from "zod";
import type { Db } from "../../db.server";
import { leftToShip } from "../orders/fulfil-plan";

/** What one IndexTable page can select, with room to spare. */
export const PICK_LIST_MAX_ORDERS = 250;

/** `?ids=a,b,c` (or repeated `ids`), as the orders list's bulk action builds it. */
export const PickListQuerySchema = z.object({
  ids: z
    .array(z.string())
    .transform((values) => [...new Set(values.flatMap((value) => value.split(",")).map((id) => id.trim()))])
    .transform((ids) => ids.filter((id) => id.length > 0))
    .pipe(
      z
        .array(z.string().max(100, "An order id is at most 100 characters"))
        .max(PICK_LIST_MAX_ORDERS, `Choose at most ${PICK_LIST_MAX_ORDERS} orders for one pick list`),
    ),
});

export type PickListOrder = { id: string; name: string; quantity: number };
export type PickListItem = { sku: string | null; title: string; quantity: number; orders: PickListOrder[] };
export type PickListLocation = { id: string | null; name: string; units: number; items: PickListItem[] };

/**
 * The units still to ship on the chosen orders, grouped by the location that holds them, then by SKU: what a picker
 * walks the shelves with. Cancelled orders and lines with nothing left are left out; ids of other shops are unknown.
 */
export async function loadPickList(db: Db, shopId: string, orderIds: string[]) {
  const rows = await db.order.findMany({
    where: { shopId, id: { in: orderIds } },
    select: {
      id: true,
      name: true,
      status: true,
      lines: {
        orderBy: { id: "asc" },
        select: {
          sku: true,
          title: true,
          locationId: true,
          quantity: true,
          removedQty: true,
          fulfilledQty: true,
          channelFulfilledQty: true,
        },
      },
    },
  });
  // By order number, as the picker reads them off the packing slips (#9 before #10).
  const orders = rows.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }) || a.id.localeCompare(b.id));
  const locations = await db.location.findMany({ where: { shopId }, select: { id: true, name: true } });
  const nameOf = (locationId: string | null) =>
    locations.find((location) => location.id === locationId)?.name ?? "No location assigned";

  const byLocation = new Map<string | null, Map<string, PickListItem>>();
  const nothingToPick: { id: string; name: string; reason: string }[] = [];
  for (const order of orders) {
    if (order.status === "cancelled") {
      nothingToPick.push({ id: order.id, name: order.name, reason: "cancelled" });
      continue;
    }
    let picked = 0;
    for (const line of order.lines) {
      const quantity = leftToShip(line);
      if (quantity === 0) continue;
      picked += quantity;
      const items = byLocation.get(line.locationId) ?? new Map<string, PickListItem>();
      byLocation.set(line.locationId, items);
      // Lines without a SKU are grouped by their title: still picked, by name.
      const key = line.sku ?? `title:${line.title}`;
      const item = items.get(key) ?? { sku: line.sku, title: line.title, quantity: 0, orders: [] };
      items.set(key, item);
      item.quantity += quantity;
      const already = item.orders.find((entry) => entry.id === order.id);
      if (already) already.quantity += quantity;
      else item.orders.push({ id: order.id, name: order.name, quantity });
    }
    if (picked === 0) nothingToPick.push({ id: order.id, name: order.name, reason: "nothing left to fulfil" });
  }

  const groups: PickListLocation[] = [...byLocation.entries()]
    .map(([locationId, items]) => {
      const sorted = [...items.values()].sort((a, b) => (a.sku ?? a.title).localeCompare(b.sku ?? b.title));
      return {
        id: locationId,
        name: nameOf(locationId),
        units: sorted.reduce((sum, item) => sum + item.quantity, 0),
        items: sorted,
      };
    })
    // Lines without a location come last: someone has to decide where they ship from.
    .sort((a, b) => Number(a.id === null) - Number(b.id === null) || a.name.localeCompare(b.name));

  const found = new Set(orders.map((order) => order.id));
  return {
    orders: orders.map((order) => ({ id: order.id, name: order.name })),
    locations: groups,
    units: groups.reduce((sum, group) => sum + group.units, 0),
    nothingToPick,
    unknownIds: orderIds.filter((id) => !found.has(id)),
  };
}

export type PickList = Awaited<ReturnType<typeof loadPickList>>;
