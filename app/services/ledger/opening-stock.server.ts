import type { Db, Tx } from "../../db.server";
import { findInChunks } from "../chunks";
import { readBackfillProgress } from "../shopify/backfill-progress.server";
import type { ApplyContext, ApplyOutcome, ChannelRef } from "./apply-types";
import type { MovementInput, MovementKind } from "./movement-kinds";
import { locationForExternal } from "./orders/locations.server";
import { recordMovementsInTx } from "./record-movements.server";
import { LEDGER_TX, withLedgerRetry } from "./retry.server";
import { balanceKey, ensureStockLevels, lockStockLevels } from "./stock-locks.server";

// The first figure a channel gives for an item the ledger has never counted at that location is the best count there
// is: it becomes the opening stock. Without it a store connected to a shop that never counted its items would be set
// to 0 by the first push (the ledger's figure for stock it knows nothing about), or keep its own figure forever.
// Once an item has a count at a location, the ledger is the stock master there and channel figures are drift.

/** Movements that say what is physically there. An item without one at a location was never counted there. */
export const COUNTED_KINDS: MovementKind[] = ["receipt", "count", "adjustment", "transfer_in"];

type Count = { itemId: string; locationId: string };

/** Whether the ledger has counted the item at the location (a receipt, count, adjustment or transfer in). */
export async function isCounted(db: Db | Tx, shopId: string, at: Count): Promise<boolean> {
  const movement = await db.stockMovement.findFirst({
    where: { shopId, itemId: at.itemId, locationId: at.locationId, kind: { in: COUNTED_KINDS } },
    select: { id: true },
  });
  return movement !== null;
}

/**
 * Items whose stock the ledger knows somewhere. The sync engine pushes no other: a store connected to a shop that
 * never counted its items (or whose backfill stopped half-way) would otherwise be set to 0 everywhere by the first
 * push, the ledger's figure for stock it knows nothing about.
 */
export async function countedItemIds(db: Db, shopId: string, itemIds: string[]): Promise<Set<string>> {
  const rows = await findInChunks(
    [...new Set(itemIds)],
    (chunk) =>
      db.stockMovement.findMany({
        where: { shopId, itemId: { in: chunk }, kind: { in: COUNTED_KINDS } },
        distinct: ["itemId"],
        select: { itemId: true },
      }),
    300,
  );
  return new Set(rows.map((row) => row.itemId));
}

/** The channel's backfill is reading the store: opening stock is taken at its end, once the open orders are in. */
export function backfillRunning(settings: unknown): boolean {
  return readBackfillProgress(settings)?.status === "running";
}

type OpeningFigure = { itemId: string; externalInventoryItemId: string; locationExternalId: string };

/**
 * Where a channel's figure would be the item's opening stock (see importOpeningStock): the ledger location it maps
 * to, when the ledger never counted the item there. Null when it would not be: no mapping, a count already there, or
 * one figure for several SKUs.
 */
export async function openingKey(db: Db, channel: ChannelRef, input: OpeningFigure): Promise<Count | null> {
  const locationId = await locationForExternal(db, channel.id, input.locationExternalId);
  if (!locationId) return null;
  // One figure for several SKUs (WooCommerce variations whose stock the parent product manages): the ledger counts
  // per SKU and cannot split a shared pool, so none of them takes it; the merchant counts them instead.
  const sharing = await db.channelListing.count({
    where: { channelId: channel.id, externalInventoryItemId: input.externalInventoryItemId },
  });
  if (sharing > 1) return null;
  const key = { itemId: input.itemId, locationId };
  return (await isCounted(db, channel.shopId, key)) ? null : key;
}

/**
 * Records the channel's available figure as the item's opening stock at the ledger location the channel's location
 * maps to, as a count. Null when the ledger counted the item there already (or the location is not mapped): the
 * caller goes on as usual. Once per item and location, whichever channel says it first.
 *
 * Orders that reached the ledger before the count found nothing to reserve and were marked short. Those the channel
 * took off its figure were not oversold: the channel had the units. So on hand becomes the figure plus every unit those
 * orders need there (held or short), the short units are reserved, and their oversells resolved. With the figure's
 * time (`at`), those are the channel's own orders placed by then; the others (placed after the figure, or on another
 * channel) are not in it, and are reserved from it as far as it goes. Without it, every order there counts.
 */
export async function importOpeningStock(
  db: Db,
  channel: ChannelRef,
  input: OpeningFigure & { available: number; at?: Date },
  context: ApplyContext,
): Promise<ApplyOutcome | null> {
  const key = await openingKey(db, channel, input);
  if (!key) return null;
  const figure = Math.max(0, input.available);
  const actor = context.actor ?? `channel:${channel.id}`;
  await ensureStockLevels(db, channel.shopId, [key]);
  return withLedgerRetry(() =>
    db.$transaction(async (tx): Promise<ApplyOutcome | null> => {
      const balance = (await lockStockLevels(tx, channel.shopId, [key])).get(balanceKey(key))!;
      // Checked again under the balance's lock: a count made meanwhile wins over the channel's figure.
      if (await isCounted(tx, channel.shopId, key)) return null;
      const plan = await planOpening(tx, channel, key, { figure, at: input.at, balance });
      const movements: MovementInput[] = [
        {
          ...key,
          kind: "count",
          // Recorded even when it changes nothing: a store showing 0 is counted at 0, and the item is known from then.
          onHandDelta: plan.onHandDelta,
          committedDelta: 0,
          reason: `Opening stock from ${channel.name}`,
          source: context.source,
          actor,
          idempotencyKey: `opening:${key.itemId}:${key.locationId}`,
        },
        ...plan.reserve.map(
          (line): MovementInput => ({
            ...key,
            kind: "reserve",
            onHandDelta: 0,
            committedDelta: line.shortQty,
            reason: `Held by the order before the opening stock from ${channel.name}`,
            source: context.source,
            actor,
            idempotencyKey: `line:${line.id}:${line.movementSeq + 1}`,
            orderId: line.orderId,
            orderLineId: line.id,
          }),
        ),
      ];
      const { applied } = await recordMovementsInTx(tx, channel.shopId, movements);
      if (!applied.some((movement) => movement.kind === "count")) return null;
      for (const line of plan.reserve) {
        await tx.orderLine.update({
          where: { id: line.id },
          data: { reservedQty: { increment: line.shortQty }, shortQty: 0, movementSeq: { increment: 1 } },
        });
      }
      if (plan.reserve.length > 0) {
        await tx.oversell.updateMany({
          where: { shopId: channel.shopId, orderLineId: { in: plan.reserve.map((line) => line.id) }, resolvedAt: null },
          data: { resolvedAt: new Date() },
        });
      }
      const held = plan.inFigure > 0 ? ` (${plan.inFigure} more held by orders that came first)` : "";
      return { outcome: "applied", detail: `opening stock ${figure}${held}` };
    }, LEDGER_TX),
  );
}

type ShortLine = { id: string; orderId: string; shortQty: number; movementSeq: number };

/**
 * The opening count's change to on hand, and the short lines it reserves. `inFigure`: the short units the channel had
 * already taken off its figure (added to on hand and reserved).
 */
async function planOpening(
  tx: Tx,
  channel: ChannelRef,
  key: Count,
  input: { figure: number; at: Date | undefined; balance: { onHand: number; committed: number } },
): Promise<{ onHandDelta: number; reserve: ShortLine[]; inFigure: number }> {
  const { figure, at, balance } = input;
  const lines = await tx.orderLine.findMany({
    where: {
      shopId: channel.shopId,
      itemId: key.itemId,
      locationId: key.locationId,
      OR: [{ shortQty: { gt: 0 } }, ...(at ? [{ reservedQty: { gt: 0 } }] : [])],
    },
    select: {
      id: true,
      orderId: true,
      shortQty: true,
      reservedQty: true,
      movementSeq: true,
      order: { select: { channelId: true, placedAt: true } },
    },
    orderBy: { id: "asc" },
  });
  if (!at) {
    const short = lines.reduce((sum, line) => sum + line.shortQty, 0);
    return { onHandDelta: figure + short - (balance.onHand - balance.committed), reserve: lines, inFigure: short };
  }
  const taken = (line: (typeof lines)[number]) => line.order.channelId === channel.id && line.order.placedAt <= at;
  const included = lines.filter(taken);
  const inFigure = included.reduce((sum, line) => sum + line.shortQty, 0);
  const heldInFigure = included.reduce((sum, line) => sum + line.reservedQty, 0);
  const onHand = figure + inFigure + heldInFigure;
  // What the figure leaves once the orders in it hold their units: other orders' short lines, whole, in turn.
  let available = onHand - balance.committed - inFigure;
  const reserve: ShortLine[] = included.filter((line) => line.shortQty > 0);
  for (const line of lines.filter((candidate) => !taken(candidate) && candidate.shortQty > 0)) {
    if (line.shortQty > available) continue;
    reserve.push(line);
    available -= line.shortQty;
  }
  return { onHandDelta: onHand - balance.onHand, reserve, inFigure };
}
