import { randomUUID } from "node:crypto";
import type { Tx } from "../../../db.server";
import { bulkInsert } from "../bulk-insert.server";
import type { MovementInput } from "../movement-kinds";
import { recordMovementsInTx } from "../record-movements.server";
import { balanceKey, type LockedBalance } from "../stock-locks.server";
import { planReservation, planShipment, targetReservation, type OrderStatus } from "./line-plan";

/** The order line fields the ledger moves. */
export type LineState = {
  id: string;
  orderId: string;
  itemId: string | null;
  locationId: string | null;
  quantity: number;
  reservedQty: number;
  shortQty: number;
  fulfilledQty: number;
  channelFulfilledQty: number;
  removedQty: number;
  restockedQty: number;
  movementSeq: number;
};

type Oversell = { orderId: string; orderLineId: string; itemId: string; locationId: string; quantityShort: number };
type Timeline = { orderId: string; kind: string; message: string };

/**
 * Everything one ledger transaction changes, collected while the balances are locked, then written
 * together. Planned movements update the locked balances in memory, so two lines of the same item in one
 * order are each checked against what the other already took.
 */
export class LedgerBatch {
  readonly movements: MovementInput[] = [];
  readonly oversells: Oversell[] = [];
  readonly timeline: Timeline[] = [];
  private readonly touched = new Map<string, LineState>();

  constructor(
    private readonly shopId: string,
    private readonly channelId: string | null,
    private readonly balances: Map<string, LockedBalance>,
    private readonly source: string,
    private readonly actor: string,
  ) {}

  private balance(itemId: string, locationId: string): LockedBalance {
    const balance = this.balances.get(balanceKey({ itemId, locationId }));
    if (!balance) throw new Error(`Balance of item ${itemId} at ${locationId} was not locked`);
    return balance;
  }

  available(itemId: string, locationId: string): number {
    const balance = this.balance(itemId, locationId);
    return balance.onHand - balance.committed;
  }

  /** Appends a movement for a line; its key is the line's next sequence number. */
  move(
    line: LineState,
    movement: {
      kind: MovementInput["kind"];
      onHandDelta: number;
      committedDelta: number;
      locationId?: string;
      reason?: string;
    },
  ) {
    if (!line.itemId) throw new Error(`Line ${line.id} has no inventory item`);
    const locationId = movement.locationId ?? line.locationId;
    if (!locationId) throw new Error(`Line ${line.id} has no location`);
    if (movement.onHandDelta === 0 && movement.committedDelta === 0) return;
    line.movementSeq += 1;
    this.movements.push({
      itemId: line.itemId,
      locationId,
      kind: movement.kind,
      onHandDelta: movement.onHandDelta,
      committedDelta: movement.committedDelta,
      reason: movement.reason,
      source: this.source,
      actor: this.actor,
      idempotencyKey: `line:${line.id}:${line.movementSeq}`,
      orderId: line.orderId,
      orderLineId: line.id,
    });
    const balance = this.balance(line.itemId, locationId);
    balance.onHand += movement.onHandDelta;
    balance.committed += movement.committedDelta;
    this.touched.set(line.id, line);
  }

  /** Brings the line's reservation to what its order needs now; short units become an Oversell. */
  reconcileReservation(line: LineState, status: OrderStatus, allowBackorder: boolean) {
    if (!line.itemId || !line.locationId) return;
    const plan = planReservation({
      target: targetReservation(line, status),
      reserved: line.reservedQty,
      available: this.available(line.itemId, line.locationId),
      allowBackorder,
    });
    if (plan.reserve > 0) this.move(line, { kind: "reserve", onHandDelta: 0, committedDelta: plan.reserve });
    if (plan.release > 0) this.move(line, { kind: "release", onHandDelta: 0, committedDelta: -plan.release });
    line.reservedQty += plan.reserve - plan.release;
    if (plan.short > line.shortQty) {
      this.oversells.push({
        orderId: line.orderId,
        orderLineId: line.id,
        itemId: line.itemId,
        locationId: line.locationId,
        quantityShort: plan.short - line.shortQty,
      });
    }
    if (plan.short !== line.shortQty) this.touched.set(line.id, line);
    line.shortQty = plan.short;
  }

  /** Ships units from a location; when it is not the reserved one, the reservation there is released. */
  ship(line: LineState, units: number, fromLocationId: string | null) {
    if (!line.itemId || !line.locationId || units === 0) return;
    const from = fromLocationId ?? line.locationId;
    const { onHandDelta, committedDelta } = planShipment(units, line.reservedQty);
    if (from === line.locationId) {
      this.move(line, { kind: "ship", onHandDelta, committedDelta });
    } else {
      this.move(line, { kind: "release", onHandDelta: 0, committedDelta, reason: "Shipped from another location" });
      this.move(line, { kind: "ship", onHandDelta, committedDelta: 0, locationId: from });
    }
    line.reservedQty += committedDelta;
    line.fulfilledQty += units;
    this.touched.set(line.id, line);
  }

  /** A cancelled shipment puts the units back on the shelf they left. */
  unship(line: LineState, units: number, fromLocationId: string | null) {
    if (!line.itemId || !line.locationId || units === 0) return;
    const from = fromLocationId ?? line.locationId;
    this.move(line, {
      kind: "ship",
      onHandDelta: units,
      committedDelta: 0,
      locationId: from,
      reason: "Fulfilment cancelled",
    });
    line.fulfilledQty -= units;
    this.touched.set(line.id, line);
  }

  restock(line: LineState, units: number, locationId: string | null, reason: string) {
    if (units <= 0) return;
    this.move(line, {
      kind: "return_restock",
      onHandDelta: units,
      committedDelta: 0,
      locationId: locationId ?? undefined,
      reason,
    });
    line.restockedQty += units;
  }

  note(orderId: string, kind: string, message: string) {
    this.timeline.push({ orderId, kind, message });
  }

  /**
   * Writes movements, balances, line state, oversells and the timeline in the caller's transaction.
   * Lines the caller is about to insert with their final state (newLineIds) are not updated.
   */
  async commit(tx: Tx, newLineIds: ReadonlySet<string> = new Set()) {
    await recordMovementsInTx(tx, this.shopId, this.movements);
    for (const line of this.touched.values()) {
      if (newLineIds.has(line.id)) continue;
      await tx.orderLine.update({
        where: { id: line.id },
        data: {
          reservedQty: line.reservedQty,
          shortQty: line.shortQty,
          fulfilledQty: line.fulfilledQty,
          restockedQty: line.restockedQty,
          movementSeq: line.movementSeq,
        },
      });
    }
    if (this.oversells.length > 0) {
      await tx.oversell.createMany({
        data: this.oversells.map((oversell) => ({ ...oversell, shopId: this.shopId, channelId: this.channelId })),
      });
    }
    if (this.timeline.length > 0) {
      const createdAt = new Date();
      await bulkInsert(
        tx,
        "TimelineEvent",
        this.timeline.map((event) => ({
          id: randomUUID(),
          shopId: this.shopId,
          orderId: event.orderId,
          kind: event.kind,
          message: event.message,
          source: this.source,
          data: null,
          createdAt,
        })),
        { json: ["data"] },
      );
    }
  }
}
