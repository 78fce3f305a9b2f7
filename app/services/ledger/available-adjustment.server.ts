import type { Db, Tx } from "../../db.server";
import type { ApplyOutcome } from "./apply-types";
import { recordMovementsInTx } from "./record-movements.server";
import { LEDGER_TX, withLedgerRetry } from "./retry.server";
import { balanceKey, ensureStockLevels, lockStockLevels } from "./stock-locks.server";

/** Moves on hand so that available at a location becomes the given figure (a channel-side count). */
export async function adjustToAvailable(
  db: Db,
  shopId: string,
  input: {
    itemId: string;
    locationId: string;
    available: number;
    reason: string;
    source: string;
    actor: string;
    idempotencyKey: string;
    /** Runs in the same transaction once the adjustment is recorded, so what it writes exists exactly when it does. */
    onApplied?: (tx: Tx, delta: number) => Promise<unknown>;
  },
): Promise<ApplyOutcome> {
  const key = { itemId: input.itemId, locationId: input.locationId };
  await ensureStockLevels(db, shopId, [key]);
  return withLedgerRetry(() =>
    db.$transaction(async (tx) => {
      const balance = (await lockStockLevels(tx, shopId, [key])).get(balanceKey(key))!;
      const delta = input.available - (balance.onHand - balance.committed);
      if (delta === 0) return { outcome: "ignored", detail: "already at that quantity" } as const;
      const { applied } = await recordMovementsInTx(tx, shopId, [
        {
          ...key,
          kind: "adjustment",
          onHandDelta: delta,
          committedDelta: 0,
          reason: input.reason,
          source: input.source,
          actor: input.actor,
          idempotencyKey: input.idempotencyKey,
        },
      ]);
      if (applied.length > 0) await input.onApplied?.(tx, delta);
      return applied.length > 0
        ? ({ outcome: "applied", detail: `on hand ${delta > 0 ? "+" : ""}${delta}` } as const)
        : ({ outcome: "ignored", detail: "already applied" } as const);
    }, LEDGER_TX),
  );
}
