import { conflict, invalid } from "./errors";

// Pure rules for what a merchant may fulfil on an order: no I/O, so every refusal is easy to test.

export type PlannableLine = {
  id: string;
  title: string;
  itemId: string | null;
  locationId: string | null;
  quantity: number;
  removedQty: number;
  fulfilledQty: number;
  channelFulfilledQty: number;
};

export type FulfilRequest = { locationId?: string; lines: { lineId: string; quantity: number }[] };

/**
 * Units of a line still to ship: ordered, not removed, and shipped by neither us nor the channel (the channel may
 * report a shipment before its fulfilment reaches us, and those units must not be shipped again).
 */
export function leftToShip(line: Omit<PlannableLine, "id" | "title" | "itemId" | "locationId">): number {
  return Math.max(0, line.quantity - line.removedQty - Math.max(line.fulfilledQty, line.channelFulfilledQty));
}

/**
 * Checks a fulfilment against the order and picks the location it ships from: the one named, else the location
 * holding the lines' reservations, which must then be one location (a fulfilment leaves one building).
 */
export function planFulfilment<L extends PlannableLine>(
  order: { name: string; status: string; lines: L[] },
  request: FulfilRequest,
): { fromLocationId: string; lines: { line: L; quantity: number }[] } {
  if (order.status === "cancelled") throw conflict(`Order ${order.name} is cancelled: there is nothing to fulfil`);
  const byId = new Map(order.lines.map((line) => [line.id, line]));
  const seen = new Set<string>();
  const planned = request.lines.map((entry, index) => {
    const line = byId.get(entry.lineId);
    if (!line) throw invalid(`Line ${entry.lineId} is not on order ${order.name}`, ["lines", index, "lineId"]);
    if (seen.has(line.id)) {
      throw invalid(`Line "${line.title}" is listed twice; give its units once`, ["lines", index, "lineId"]);
    }
    seen.add(line.id);
    if (!line.itemId) {
      throw invalid(`Line "${line.title}" is not linked to an inventory item; map its SKU before fulfilling it`, [
        "lines",
        index,
        "lineId",
      ]);
    }
    const left = leftToShip(line);
    if (entry.quantity > left) {
      const what = left === 0 ? "has nothing left to fulfil" : `has only ${left} unit(s) left to fulfil`;
      throw invalid(`Line "${line.title}" ${what}`, ["lines", index, "quantity"]);
    }
    return { line, quantity: entry.quantity };
  });
  if (request.locationId) return { fromLocationId: request.locationId, lines: planned };
  const held = [...new Set(planned.map(({ line }) => line.locationId))];
  if (held.length > 1) {
    throw invalid(
      "These lines are held at different locations: fulfil each location's lines separately, or name the location they all ship from",
      ["locationId"],
    );
  }
  const [fromLocationId] = held;
  if (!fromLocationId) throw invalid("Name the location these lines ship from", ["locationId"]);
  return { fromLocationId, lines: planned };
}
