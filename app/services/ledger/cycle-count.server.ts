import { z } from "zod";
import type { Db } from "../../db.server";
import { findInChunks } from "../chunks";
import { isUniqueViolation } from "../db-errors";
import { MAX_ADJUST_QUANTITY } from "./adjust-stock.server";
import type { MovementInput } from "./movement-kinds";
import { recordMovementsInTx } from "./record-movements.server";
import { ensureStockLevels, lockStockLevels } from "./stock-locks.server";

export const MAX_COUNT_LINES = 1_000;

export const CycleCountInputSchema = z.object({
  locationId: z.string().min(1),
  // Negative counts pass the schema so they are refused with the items they concern (CycleCountError).
  counts: z
    .array(z.object({ itemId: z.string().min(1), countedQuantity: z.number().int().max(MAX_ADJUST_QUANTITY) }))
    .max(MAX_COUNT_LINES),
});
export type CycleCountInput = z.input<typeof CycleCountInputSchema>;

// Letters, digits and dashes only: the id is a prefix of idempotency keys, looked up with startsWith.
export const CountSessionIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,100}$/, "Not a count session id");

export const PostCycleCountInputSchema = CycleCountInputSchema.extend({
  sessionId: CountSessionIdSchema,
  note: z.string().trim().max(200).optional(),
  source: z.string().min(1).max(120).default("ui"),
  actor: z.string().min(1).max(200),
});
export type PostCycleCountInput = z.input<typeof PostCycleCountInputSchema>;

export class CycleCountError extends Error {
  constructor(
    readonly code: "no_counts" | "negative_count" | "duplicate_item" | "unknown_item" | "unknown_location",
    message: string,
    readonly itemIds: string[] = [],
  ) {
    super(message);
    this.name = "CycleCountError";
  }
}

export type CountLine = { itemId: string; countedQuantity: number };
export type CountDifference = {
  itemId: string;
  sku: string;
  title: string;
  onHand: number;
  counted: number;
  difference: number;
};

/** The counted items whose count differs from on hand, in the order they were counted. */
export function countDifferences(
  counts: CountLine[],
  onHandOf: (itemId: string) => number,
): { itemId: string; onHand: number; counted: number; difference: number }[] {
  return counts.flatMap((line) => {
    const onHand = onHandOf(line.itemId);
    const difference = line.countedQuantity - onHand;
    return difference === 0 ? [] : [{ itemId: line.itemId, onHand, counted: line.countedQuantity, difference }];
  });
}

const sessionKeyPrefix = (sessionId: string) => `count:${sessionId}:`;

/** What posting the count would change now: only the items whose count differs from on hand. */
export async function reviewCycleCount(db: Db, shopId: string, input: CycleCountInput) {
  const parsed = CycleCountInputSchema.parse(input);
  const { location, items } = await assertCount(db, shopId, parsed.locationId, parsed.counts);
  const levels = await findInChunks(
    parsed.counts.map((line) => line.itemId),
    (chunk) =>
      db.stockLevel.findMany({
        where: { shopId, locationId: location.id, itemId: { in: chunk } },
        select: { itemId: true, onHand: true },
      }),
  );
  const onHand = new Map(levels.map((level) => [level.itemId, level.onHand]));
  const differences = countDifferences(parsed.counts, (itemId) => onHand.get(itemId) ?? 0).map((difference) =>
    withItem(difference, items),
  );
  return { location, differences, unchanged: parsed.counts.length - differences.length };
}

/**
 * Posts a cycle count at one location: a `count` movement for every item whose count differs from on hand, all in
 * one transaction. The differences are taken from the balances locked inside it, so a sale landing between review and
 * post cannot be counted twice. A session posts once: a second submit (double click, retry) finds the session's
 * movements and applies nothing.
 */
export async function postCycleCount(db: Db, shopId: string, input: PostCycleCountInput) {
  const parsed = PostCycleCountInputSchema.parse(input);
  const { location, items } = await assertCount(db, shopId, parsed.locationId, parsed.counts);
  const keys = parsed.counts.map((line) => ({ itemId: line.itemId, locationId: location.id }));
  await ensureStockLevels(db, shopId, keys);
  const prefix = sessionKeyPrefix(parsed.sessionId);
  try {
    return await db.$transaction(
      async (tx) => {
        const locked = await lockStockLevels(tx, shopId, keys);
        const earlier = await tx.stockMovement.findMany({
          where: { shopId, idempotencyKey: { startsWith: prefix } },
          select: { itemId: true, onHandDelta: true },
        });
        if (earlier.length > 0) return { location, ...replayOf(earlier, parsed.counts, items), replayed: true };
        const onHand = new Map([...locked.values()].map((level) => [level.itemId, level.onHand]));
        const differences = countDifferences(parsed.counts, (itemId) => onHand.get(itemId) ?? 0);
        const reason = parsed.note ? `Cycle count: ${parsed.note}` : "Cycle count";
        const movements: MovementInput[] = differences.map((difference) => ({
          itemId: difference.itemId,
          locationId: location.id,
          kind: "count",
          onHandDelta: difference.difference,
          committedDelta: 0,
          reason,
          source: parsed.source,
          actor: parsed.actor,
          idempotencyKey: `${prefix}${difference.itemId}`,
        }));
        await recordMovementsInTx(tx, shopId, movements);
        return {
          location,
          posted: differences.map((difference) => withItem(difference, items)),
          unchanged: parsed.counts.length - differences.length,
          replayed: false,
        };
      },
      { maxWait: 10_000, timeout: 20_000 },
    );
  } catch (error) {
    // The same session committed first in a concurrent request: answer what it posted.
    if (!isUniqueViolation(error)) throw error;
    const earlier = await db.stockMovement.findMany({
      where: { shopId, idempotencyKey: { startsWith: prefix } },
      select: { itemId: true, onHandDelta: true },
    });
    return { location, ...replayOf(earlier, parsed.counts, items), replayed: true };
  }
}

async function assertCount(db: Db, shopId: string, locationId: string, counts: CountLine[]) {
  if (counts.length === 0) throw new CycleCountError("no_counts", "Enter at least one counted quantity");
  const negative = counts.filter((line) => line.countedQuantity < 0).map((line) => line.itemId);
  if (negative.length > 0) throw new CycleCountError("negative_count", "A count cannot be negative", negative);
  const seen = new Set<string>();
  const duplicates = counts.filter((line) => seen.has(line.itemId) || !seen.add(line.itemId)).map((l) => l.itemId);
  if (duplicates.length > 0) throw new CycleCountError("duplicate_item", "An item was counted twice", duplicates);

  const [location, items] = await Promise.all([
    db.location.findFirst({ where: { id: locationId, shopId }, select: { id: true, name: true } }),
    findInChunks([...seen], (chunk) =>
      db.inventoryItem.findMany({
        where: { shopId, id: { in: chunk } },
        select: { id: true, sku: true, title: true },
      }),
    ),
  ]);
  if (!location) throw new CycleCountError("unknown_location", `Unknown location ${locationId}`);
  const known = new Map(items.map((item) => [item.id, item]));
  const unknown = [...seen].filter((itemId) => !known.has(itemId));
  if (unknown.length > 0) throw new CycleCountError("unknown_item", "Unknown inventory item", unknown);
  return { location, items: known };
}

function withItem<T extends { itemId: string }>(
  row: T,
  items: Map<string, { sku: string; title: string }>,
): T & { sku: string; title: string } {
  const item = items.get(row.itemId);
  return { ...row, sku: item?.sku ?? "", title: item?.title ?? "" };
}

function replayOf(
  earlier: { itemId: string; onHandDelta: number }[],
  counts: CountLine[],
  items: Map<string, { sku: string; title: string }>,
) {
  const counted = new Map(counts.map((line) => [line.itemId, line.countedQuantity]));
  const posted: CountDifference[] = earlier.map((movement) => {
    const quantity = counted.get(movement.itemId) ?? movement.onHandDelta;
    return withItem(
      {
        itemId: movement.itemId,
        onHand: quantity - movement.onHandDelta,
        counted: quantity,
        difference: movement.onHandDelta,
      },
      items,
    );
  });
  return { posted, unchanged: counts.length - posted.length };
}
