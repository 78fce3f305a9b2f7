import { randomUUID } from "node:crypto";
import type { Db } from "../../db.server";
import { adjustStock, AdjustStockError, type AdjustedMovement } from "../ledger/adjust-stock.server";
import type { ApiAuth } from "./auth.server";
import { ApiError } from "./errors.server";
import type { AdjustmentRequest, AdjustmentResponse, ApiMovement } from "./schemas";

/**
 * Applies a stock adjustment or count sent through the API. With an Idempotency-Key the movement
 * carries `api:<key>`, so even a duplicate that got past the idempotency record applies nothing.
 */
export async function createAdjustment(
  db: Db,
  auth: ApiAuth,
  body: AdjustmentRequest,
  idempotencyKey: string | null,
): Promise<AdjustmentResponse> {
  const [item, location] = await Promise.all([
    db.inventoryItem.findUnique({
      where: { shopId_sku: { shopId: auth.shopId, sku: body.sku } },
      select: { id: true },
    }),
    db.location.findFirst({ where: { id: body.location_id, shopId: auth.shopId }, select: { id: true } }),
  ]);
  if (!item) throw new ApiError(422, "unknown_sku", `No inventory item has SKU ${body.sku}`, { sku: body.sku });
  if (!location) {
    throw new ApiError(422, "unknown_location", `No location has id ${body.location_id}`, {
      location_id: body.location_id,
    });
  }

  try {
    const { movement, balance } = await adjustStock(db, auth.shopId, {
      itemId: item.id,
      locationId: location.id,
      ...(body.counted_quantity != null ? { countedQuantity: body.counted_quantity } : { delta: body.delta ?? 0 }),
      reason: body.reason,
      source: "api",
      actor: `api-key:${auth.apiKeyId}`,
      idempotencyKey: idempotencyKey === null ? `api-request:${randomUUID()}` : `api:${idempotencyKey}`,
    });
    const sku = movement.itemId === item.id ? body.sku : await skuOf(db, auth.shopId, movement.itemId);
    return {
      data: {
        movement: toApiMovement(movement, sku),
        balance: { on_hand: balance.onHand, committed: balance.committed, available: balance.available },
      },
    };
  } catch (error) {
    if (!(error instanceof AdjustStockError)) throw error;
    // The item or location vanished between the lookup and the write, or the result overflows.
    const code = error.code === "unknown_item" ? "unknown_sku" : error.code;
    throw new ApiError(422, code, error.message);
  }
}

async function skuOf(db: Db, shopId: string, itemId: string) {
  const item = await db.inventoryItem.findFirst({ where: { id: itemId, shopId }, select: { sku: true } });
  return item?.sku ?? "";
}

function toApiMovement(movement: AdjustedMovement, sku: string): ApiMovement {
  if (movement.kind !== "adjustment" && movement.kind !== "count") {
    throw new Error(`Movement ${movement.id} of kind ${movement.kind} answered an API adjustment`);
  }
  return {
    id: movement.id,
    kind: movement.kind,
    item_id: movement.itemId,
    sku,
    location_id: movement.locationId,
    on_hand_delta: movement.onHandDelta,
    committed_delta: movement.committedDelta,
    reason: movement.reason,
    source: movement.source,
    actor: movement.actor,
    created_at: movement.createdAt.toISOString(),
  };
}
