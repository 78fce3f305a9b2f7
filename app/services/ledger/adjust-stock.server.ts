import { z } from "zod";
import type { Db, Tx } from "../../db.server";
import { isUniqueViolation } from "../db-errors";
import { recordMovementsInTx } from "./record-movements.server";
import { balanceKey, ensureStockLevels, lockStockLevels, type BalanceKey } from "./stock-locks.server";

// Balances are 32-bit integers on PostgreSQL; refusing beyond this keeps an adjustment from
// overflowing the column (a server error) and catches a mistyped count.
export const MAX_ADJUST_QUANTITY = 1_000_000_000;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

export const AdjustStockInputSchema = z
  .object({
    itemId: z.string().min(1),
    locationId: z.string().min(1),
    delta: z
      .number()
      .int()
      .min(-MAX_ADJUST_QUANTITY)
      .max(MAX_ADJUST_QUANTITY)
      .refine((value) => value !== 0, "must not be zero")
      .optional(),
    countedQuantity: z.number().int().min(0).max(MAX_ADJUST_QUANTITY).optional(),
    reason: z.string().trim().min(1).max(200),
    source: z.string().min(1).max(120),
    actor: z.string().min(1).max(200),
    idempotencyKey: z.string().min(1).max(300),
  })
  .refine((input) => (input.delta === undefined) !== (input.countedQuantity === undefined), {
    message: "exactly one of delta and countedQuantity is required",
  });
export type AdjustStockInput = z.input<typeof AdjustStockInputSchema>;

export type AdjustedMovement = {
  id: string;
  itemId: string;
  locationId: string;
  kind: string;
  onHandDelta: number;
  committedDelta: number;
  reason: string | null;
  source: string;
  actor: string | null;
  createdAt: Date;
};
export type Balance = { onHand: number; committed: number; available: number };
export type AdjustStockResult = { movement: AdjustedMovement; balance: Balance; replayed: boolean };

export class AdjustStockError extends Error {
  constructor(
    readonly code: "unknown_item" | "unknown_location" | "quantity_out_of_range",
    message: string,
  ) {
    super(message);
    this.name = "AdjustStockError";
  }
}

const movementFields = {
  id: true,
  itemId: true,
  locationId: true,
  kind: true,
  onHandDelta: true,
  committedDelta: true,
  reason: true,
  source: true,
  actor: true,
  createdAt: true,
} as const;

/**
 * Changes an item's on-hand quantity at a location by a delta ("adjustment") or to a counted
 * quantity ("count"). A count's delta is computed from the balance locked inside the transaction,
 * so a concurrent movement cannot slip between the read and the write. An idempotency key the shop
 * has already used applies nothing and answers the original movement with the current balance.
 */
export async function adjustStock(db: Db, shopId: string, input: AdjustStockInput): Promise<AdjustStockResult> {
  const parsed = AdjustStockInputSchema.parse(input);
  const earlier = await findMovement(db, shopId, parsed.idempotencyKey);
  if (earlier) return { movement: earlier, balance: await readBalance(db, shopId, earlier), replayed: true };

  const key: BalanceKey = { itemId: parsed.itemId, locationId: parsed.locationId };
  await assertTarget(db, shopId, key);
  await ensureStockLevels(db, shopId, [key]);
  try {
    // maxWait: under a burst, transactions queue for the balance row's lock and the pool's connections.
    return await db.$transaction(
      async (tx) => {
        const locked = (await lockStockLevels(tx, shopId, [key])).get(balanceKey(key));
        if (!locked) throw new Error(`No balance row for item ${key.itemId} at location ${key.locationId}`);
        const onHandDelta =
          parsed.countedQuantity !== undefined ? parsed.countedQuantity - locked.onHand : parsed.delta;
        if (onHandDelta === undefined) throw new Error("unreachable: the schema requires delta or countedQuantity");
        const onHandAfter = locked.onHand + onHandDelta;
        if (onHandAfter < INT32_MIN || onHandAfter > INT32_MAX) {
          throw new AdjustStockError("quantity_out_of_range", `On hand would become ${onHandAfter}, out of range`);
        }
        const { applied } = await recordMovementsInTx(tx, shopId, [
          {
            ...key,
            kind: parsed.countedQuantity !== undefined ? "count" : "adjustment",
            onHandDelta,
            committedDelta: 0,
            reason: parsed.reason,
            source: parsed.source,
            actor: parsed.actor,
            idempotencyKey: parsed.idempotencyKey,
          },
        ]);
        const movement = await findMovement(tx, shopId, parsed.idempotencyKey);
        if (!movement) throw new Error(`Movement ${parsed.idempotencyKey} vanished inside its transaction`);
        return { movement, balance: await readBalance(tx, shopId, movement), replayed: applied.length === 0 };
      },
      { maxWait: 10_000, timeout: 20_000 },
    );
  } catch (error) {
    // A concurrent request with the same key committed first: answer its movement, apply nothing.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findMovement(db, shopId, parsed.idempotencyKey);
    if (!winner) throw error;
    return { movement: winner, balance: await readBalance(db, shopId, winner), replayed: true };
  }
}

// A foreign item or location id would otherwise create a balance row that mixes two shops.
async function assertTarget(db: Db, shopId: string, key: BalanceKey) {
  const [item, location] = await Promise.all([
    db.inventoryItem.findFirst({ where: { id: key.itemId, shopId }, select: { id: true } }),
    db.location.findFirst({ where: { id: key.locationId, shopId }, select: { id: true } }),
  ]);
  if (!item) throw new AdjustStockError("unknown_item", `Unknown inventory item ${key.itemId}`);
  if (!location) throw new AdjustStockError("unknown_location", `Unknown location ${key.locationId}`);
}

function findMovement(db: Db | Tx, shopId: string, idempotencyKey: string): Promise<AdjustedMovement | null> {
  return db.stockMovement.findUnique({
    where: { shopId_idempotencyKey: { shopId, idempotencyKey } },
    select: movementFields,
  });
}

async function readBalance(db: Db | Tx, shopId: string, key: BalanceKey): Promise<Balance> {
  const level = await db.stockLevel.findFirst({
    where: { shopId, itemId: key.itemId, locationId: key.locationId },
    select: { onHand: true, committed: true },
  });
  const onHand = level?.onHand ?? 0;
  const committed = level?.committed ?? 0;
  return { onHand, committed, available: onHand - committed };
}
