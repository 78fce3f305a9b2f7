import { findLevel, isQuantityName, isSettableName, moveQuantities, setQuantity } from "../catalog";
import type { SimObject } from "../graphql/collect";
import { FieldError } from "../graphql/errors";
import { gid, idOf } from "../gid";
import { quantityOf, type SimLevel, type StoredQuantityName } from "../state";
import { versionAtLeast, type ResolverEnv } from "./env";
import { idempotent } from "./idempotency";
import { itemView, locationView } from "./catalog";

// inventorySetQuantities (absolute, compare-and-set on changeFromQuantity) and inventoryAdjustQuantities (deltas).
// Both are all-or-nothing: one bad or stale quantity and nothing changes.

const REASONS = new Set([
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_created",
  "movement_updated",
  "movement_received",
  "movement_canceled",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
]);
const MAX_QUANTITY = 1_000_000_000;

type UserError = { field: string[]; message: string; code: string };
type Change = { name: string; delta: number; quantityAfterChange: number; level: SimLevel };

const failed = (userErrors: UserError[]) => ({
  __typename: "InventoryMutationPayload",
  inventoryAdjustmentGroup: null,
  userErrors,
});

function group(env: ResolverEnv, input: Record<string, unknown>, changes: Change[]): SimObject {
  return {
    __typename: "InventoryAdjustmentGroup",
    id: gid("InventoryAdjustmentGroup", env.clock.id()),
    createdAt: env.clock.stamp(),
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
    changes: (args: { quantityNames?: unknown }) =>
      changes
        .filter((change) => !Array.isArray(args.quantityNames) || args.quantityNames.includes(change.name))
        .map((change) => ({
          __typename: "InventoryChange",
          name: change.name,
          delta: change.delta,
          quantityAfterChange: change.quantityAfterChange,
          item: () => itemView(env, env.shop.inventoryItems.get(change.level.inventoryItemId)!),
          location: () => locationView(env, env.shop.locations.get(change.level.locationId)!),
        })),
  };
}

function checkCommon(input: Record<string, unknown>, errors: UserError[]) {
  if (typeof input.reason !== "string" || !REASONS.has(input.reason)) {
    errors.push({ field: ["input", "reason"], message: "The specified reason is invalid.", code: "INVALID_REASON" });
  }
  const uri = input.referenceDocumentUri;
  if (uri !== undefined && uri !== null && (typeof uri !== "string" || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(uri))) {
    errors.push({
      field: ["input", "referenceDocumentUri"],
      message: "The specified reference document is invalid.",
      code: "INVALID_REFERENCE_DOCUMENT",
    });
  }
}

function levelFor(env: ResolverEnv, entry: Record<string, unknown>, field: string[], errors: UserError[]) {
  const itemId = idOf(entry.inventoryItemId, "InventoryItem");
  const locationId = idOf(entry.locationId, "Location");
  if (itemId === undefined || !env.shop.inventoryItems.has(itemId)) {
    errors.push({
      field: [...field, "inventoryItemId"],
      message: "The specified inventory item could not be found.",
      code: "INVALID_INVENTORY_ITEM",
    });
    return undefined;
  }
  if (locationId === undefined || !env.shop.locations.has(locationId)) {
    errors.push({
      field: [...field, "locationId"],
      message: "The specified location could not be found.",
      code: "INVALID_LOCATION",
    });
    return undefined;
  }
  const level = findLevel(env, itemId, locationId);
  if (!level) {
    errors.push({
      field,
      message: "The specified inventory item is not stocked at the location.",
      code: "ITEM_NOT_STOCKED_AT_LOCATION",
    });
  }
  return level;
}

function setQuantities(env: ResolverEnv, args: Record<string, unknown>) {
  const input = (args.input ?? {}) as Record<string, unknown>;
  const quantities = Array.isArray(input.quantities) ? (input.quantities as Record<string, unknown>[]) : [];
  const strict = versionAtLeast(env.apiVersion, "2026-04");
  if (strict && ("ignoreCompareQuantity" in input || quantities.some((q) => "compareQuantity" in q))) {
    throw new FieldError("compareQuantity and ignoreCompareQuantity were removed in 2026-04; use changeFromQuantity", {
      code: "BAD_REQUEST",
    });
  }
  if (strict && quantities.some((q) => !("changeFromQuantity" in q))) {
    // Mandatory since 2026-04: an explicit null opts out of the check, leaving it out is an error.
    throw new FieldError("changeFromQuantity is required on every quantity (pass null to skip the check)", {
      code: "BAD_REQUEST",
    });
  }
  const errors: UserError[] = [];
  const name = String(input.name);
  if (!isSettableName(name)) {
    errors.push({
      field: ["input", "name"],
      message: "The quantity name must be either 'available' or 'on_hand'.",
      code: "INVALID_NAME",
    });
  }
  checkCommon(input, errors);
  const seen = new Set<SimLevel>();
  const plan = quantities.flatMap((entry, index) => {
    const field = ["input", "quantities", String(index)];
    const level = levelFor(env, entry, field, errors);
    if (!level || !isSettableName(name)) return [];
    if (seen.has(level)) {
      errors.push({
        field,
        message: "The combination of inventoryItemId and locationId must be unique.",
        code: "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
      });
    }
    seen.add(level);
    const quantity = Number(entry.quantity);
    if (!Number.isInteger(quantity) || quantity < 0) {
      errors.push({
        field: [...field, "quantity"],
        message: "The quantity can't be negative.",
        code: "INVALID_QUANTITY_NEGATIVE",
      });
    } else if (quantity > MAX_QUANTITY) {
      errors.push({
        field: [...field, "quantity"],
        message: "The total quantity can't be higher than 1,000,000,000.",
        code: "INVALID_QUANTITY_TOO_HIGH",
      });
    }
    const from = entry.changeFromQuantity ?? entry.compareQuantity;
    if (from !== null && from !== undefined && from !== quantityOf(level, name)) {
      errors.push({
        field: [...field, "changeFromQuantity"],
        message: "The changeFromQuantity value does not match persisted value.",
        code: "CHANGE_FROM_QUANTITY_STALE",
      });
    }
    return [{ level, quantity }];
  });
  if (errors.length > 0 || !isSettableName(name)) return failed(errors);
  const changes: Change[] = [];
  for (const { level, quantity } of plan) {
    const delta = setQuantity(env, level, name, quantity);
    changes.push({ name: "available", delta, quantityAfterChange: level.quantities.available, level });
    changes.push({ name: "on_hand", delta, quantityAfterChange: quantityOf(level, "on_hand"), level });
  }
  return {
    __typename: "InventorySetQuantitiesPayload",
    inventoryAdjustmentGroup: group(env, input, changes),
    userErrors: [],
  };
}

function adjustQuantities(env: ResolverEnv, args: Record<string, unknown>) {
  const input = (args.input ?? {}) as Record<string, unknown>;
  const entries = Array.isArray(input.changes) ? (input.changes as Record<string, unknown>[]) : [];
  const errors: UserError[] = [];
  const name = String(input.name);
  if (!isQuantityName(name) || name === "on_hand" || name === "committed") {
    errors.push({
      field: ["input", "name"],
      message: `The quantity name '${name}' cannot be adjusted.`,
      code: "INVALID_QUANTITY_NAME",
    });
  }
  checkCommon(input, errors);
  const plan = entries.flatMap((entry, index) => {
    const field = ["input", "changes", String(index)];
    const level = levelFor(env, entry, field, errors);
    if (!level || !isQuantityName(name)) return [];
    const from = entry.changeFromQuantity;
    if (from !== null && from !== undefined && from !== quantityOf(level, name)) {
      errors.push({
        field: [...field, "changeFromQuantity"],
        message: "The changeFromQuantity value does not match persisted value.",
        code: "CHANGE_FROM_QUANTITY_STALE",
      });
    }
    return [{ level, delta: Number(entry.delta) }];
  });
  if (errors.length > 0) return failed(errors);
  const changes: Change[] = [];
  for (const { level, delta } of plan) {
    const stored = name as StoredQuantityName;
    const onHandMoves = stored !== "incoming";
    moveQuantities(env, level, { [stored]: delta });
    changes.push({ name, delta, quantityAfterChange: level.quantities[stored], level });
    if (onHandMoves) changes.push({ name: "on_hand", delta, quantityAfterChange: quantityOf(level, "on_hand"), level });
  }
  return {
    __typename: "InventoryAdjustQuantitiesPayload",
    inventoryAdjustmentGroup: group(env, input, changes),
    userErrors: [],
  };
}

const errorPayload = (code: string, message: string) => failed([{ field: ["idempotent"], message, code }]);

export function inventoryMutations(env: ResolverEnv): Record<string, unknown> {
  return {
    inventorySetQuantities: idempotent(env, (args) => setQuantities(env, args), { errorPayload }),
    inventoryAdjustQuantities: idempotent(env, (args) => adjustQuantities(env, args), {
      errorPayload,
      requiredFrom: "2026-04",
    }),
  };
}
