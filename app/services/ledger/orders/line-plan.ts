// Pure reservation rules for one order line. No I/O: exhaustively testable.

export type LineQuantities = {
  quantity: number;
  removedQty: number;
  fulfilledQty: number;
  channelFulfilledQty: number;
};

export type OrderStatus = "open" | "cancelled" | "closed";

/** Units the line should hold committed: what is ordered, not removed and not yet shipped. */
export function targetReservation(line: LineQuantities, status: OrderStatus): number {
  if (status === "cancelled") return 0;
  const shipped = Math.max(line.fulfilledQty, line.channelFulfilledQty);
  return Math.max(0, line.quantity - line.removedQty - shipped);
}

export type ReservationPlan = { reserve: number; release: number; short: number };

/**
 * How to move from the units reserved now to the target. A reservation never takes available below
 * zero unless the item allows backorders; what cannot be reserved is short (an oversell).
 */
export function planReservation(input: {
  target: number;
  reserved: number;
  available: number;
  allowBackorder: boolean;
}): ReservationPlan {
  const { target, reserved, available, allowBackorder } = input;
  if (target < reserved) return { reserve: 0, release: reserved - target, short: 0 };
  const need = target - reserved;
  const granted = allowBackorder ? need : Math.max(0, Math.min(need, available));
  return { reserve: granted, release: 0, short: need - granted };
}

/** Shipping n units consumes at most the units the line holds committed. */
export function planShipment(units: number, reserved: number) {
  return { onHandDelta: -units, committedDelta: -Math.min(units, reserved) };
}

/** Restocking returned units: never more than were shipped and not yet restocked. */
export function restockable(units: number, line: { fulfilledQty: number; restockedQty: number }): number {
  return Math.max(0, Math.min(units, line.fulfilledQty - line.restockedQty));
}
