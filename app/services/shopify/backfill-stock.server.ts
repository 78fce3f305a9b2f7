import type { LevelQuantities } from "../../../connectors/shopify/backfill/map-catalog";
import type { Db } from "../../db.server";
import type { ApplyContext, ChannelRef } from "../ledger/apply-types";
import type { MovementInput } from "../ledger/movement-kinds";
import { recordMovementsInTx } from "../ledger/record-movements.server";
import { LEDGER_TX, withLedgerRetry } from "../ledger/retry.server";
import { balanceKey, ensureStockLevels, lockStockLevels, type BalanceKey } from "../ledger/stock-locks.server";

// Counts from Shopify: each mapped item's on hand at a location becomes Shopify's on_hand there, as a "count"
// movement of the difference. The difference is taken from the balance locked in the same transaction, and the key
// names the run, phase, item and location, so a page applied twice (a resume) moves nothing the second time.

export async function applyShopifyCounts(
  db: Db,
  channel: ChannelRef,
  input: { runId: string; phase: string; locationId: string; levels: LevelQuantities[]; reason: string },
  context: ApplyContext,
): Promise<number> {
  const externalIds = input.levels.map((level) => level.externalInventoryItemId);
  if (externalIds.length === 0) return 0;
  const listings = await db.channelListing.findMany({
    where: { channelId: channel.id, externalInventoryItemId: { in: externalIds } },
    select: { itemId: true, externalInventoryItemId: true },
  });
  const itemByExternal = new Map(listings.map((listing) => [listing.externalInventoryItemId, listing.itemId]));
  const targets = new Map<string, { key: BalanceKey; onHand: number }>();
  for (const level of input.levels) {
    const itemId = itemByExternal.get(level.externalInventoryItemId);
    // Items without a SKU have no ledger item; their stock stays Shopify's business.
    if (!itemId) continue;
    const key = { itemId, locationId: input.locationId };
    targets.set(balanceKey(key), { key, onHand: level.onHand });
  }
  const keys = [...targets.values()].map((target) => target.key);
  if (keys.length === 0) return 0;
  await ensureStockLevels(db, channel.shopId, keys);
  return withLedgerRetry(() =>
    db.$transaction(async (tx) => {
      const balances = await lockStockLevels(tx, channel.shopId, keys);
      const movements: MovementInput[] = [];
      for (const [id, target] of targets) {
        const delta = target.onHand - (balances.get(id)?.onHand ?? 0);
        if (delta === 0) continue;
        movements.push({
          ...target.key,
          kind: "count",
          onHandDelta: delta,
          committedDelta: 0,
          reason: input.reason,
          source: context.source,
          actor: context.actor,
          idempotencyKey: `backfill:${input.runId}:${input.phase}:${target.key.itemId}:${target.key.locationId}`,
        });
      }
      const { applied } = await recordMovementsInTx(tx, channel.shopId, movements);
      return applied.length;
    }, LEDGER_TX),
  );
}
