import type { ShopContext } from "./context";
import type { ShopState } from "./state";

// A shop's bulk query operations (bulkOperationRunQuery): each one moves CREATED → RUNNING → COMPLETED on the
// simulator's clock, checked whenever it is looked at, and its JSONL is produced at the moment it completes (a store
// changed while it runs shows up, or not, as on Shopify). Tests set the timing and make operations fail.

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";
/** Shopify's BulkOperationErrorCode. */
export type BulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";
/** Milliseconds from creation until RUNNING, then until the operation finishes. */
export type BulkTiming = { startMs: number; runMs: number };
/** What an operation produced: one JSON line per object, nested objects naming their parent (`__parentId`). */
export type BulkResult = { lines: string[]; objectCount: number; rootObjectCount: number };

export const DEFAULT_BULK_TIMING: BulkTiming = { startMs: 100, runMs: 400 };
/** Result and partial-data URLs expire 7 days after the operation finishes. */
export const BULK_RESULT_TTL_MS = 7 * 24 * 3600 * 1000;

export type SimBulkOperation = {
  id: number;
  type: "QUERY";
  query: string;
  status: BulkStatus;
  errorCode: BulkErrorCode | null;
  createdAt: Date;
  /** Set when the operation completed successfully, as Shopify's completedAt. */
  completedAt: Date | null;
  /** When it finished either way (the URLs' lifetime counts from here). */
  finishedAtMs: number | null;
  /** COMPLETED: everything; FAILED: the partial data, if the failure left any. */
  result: BulkResult | null;
  runningAtMs: number;
  finishAtMs: number;
  run: () => BulkResult;
  failWith: BulkFailure | null;
};

export type BulkFailure = { errorCode: BulkErrorCode; partialData?: boolean };

const ACTIVE: BulkStatus[] = ["CREATED", "RUNNING", "CANCELING"];

export class SimBulkOperations {
  private readonly operations = new Map<number, SimBulkOperation>();
  private timing: BulkTiming = { ...DEFAULT_BULK_TIMING };
  private nextFailure: BulkFailure | null = null;

  constructor(private readonly ctx: ShopContext) {}

  /** Tests: how long the next operations take. */
  configure(timing: Partial<BulkTiming>) {
    this.timing = { ...this.timing, ...timing };
  }

  /** Tests: the next operation started fails when it would have completed (with half its data, if `partialData`). */
  failNext(failure: BulkFailure) {
    this.nextFailure = failure;
  }

  /** Tests: an operation still running fails at once. */
  fail(id: number, failure: BulkFailure) {
    const operation = this.get(id);
    if (!operation || !ACTIVE.includes(operation.status)) throw new Error(`Bulk operation ${id} is not running`);
    operation.failWith = failure;
    this.finish(operation);
  }

  start(query: string, run: () => BulkResult): SimBulkOperation {
    // The schedule counts from the clock's time (a stamp may run ahead of it when many changes share a millisecond).
    const createdAt = this.ctx.clock.stamp();
    const at = this.ctx.clock.nowMs();
    const operation: SimBulkOperation = {
      id: this.ctx.clock.id(),
      type: "QUERY",
      query,
      status: "CREATED",
      errorCode: null,
      createdAt,
      completedAt: null,
      finishedAtMs: null,
      result: null,
      runningAtMs: at + this.timing.startMs,
      finishAtMs: at + this.timing.startMs + this.timing.runMs,
      run,
      failWith: this.nextFailure,
    };
    this.nextFailure = null;
    this.operations.set(operation.id, operation);
    return this.refresh(operation);
  }

  get(id: number): SimBulkOperation | undefined {
    const operation = this.operations.get(id);
    return operation && this.refresh(operation);
  }

  /** The app's most recent bulk query, as currentBulkOperation answers. */
  current(): SimBulkOperation | undefined {
    const latest = [...this.operations.values()].at(-1);
    return latest && this.refresh(latest);
  }

  /** Operations that still hold one of the shop's bulk query slots. */
  active(): SimBulkOperation[] {
    return [...this.operations.values()].map((operation) => this.refresh(operation)).filter(isActive);
  }

  /** bulkOperationCancel: CANCELING now, CANCELED when next looked at. */
  cancel(operation: SimBulkOperation) {
    operation.status = "CANCELING";
    operation.finishedAtMs = this.ctx.clock.nowMs();
  }

  private refresh(operation: SimBulkOperation): SimBulkOperation {
    const now = this.ctx.clock.nowMs();
    if (operation.status === "CANCELING" && now > operation.finishedAtMs!) operation.status = "CANCELED";
    if (operation.status === "CREATED" && now >= operation.runningAtMs) operation.status = "RUNNING";
    if (operation.status === "RUNNING" && now >= operation.finishAtMs) this.finish(operation);
    if (operation.status === "COMPLETED" && now - operation.finishedAtMs! >= BULK_RESULT_TTL_MS) {
      operation.status = "EXPIRED";
      operation.result = null;
    }
    return operation;
  }

  private finish(operation: SimBulkOperation) {
    operation.finishedAtMs = this.ctx.clock.nowMs();
    let result: BulkResult;
    try {
      result = operation.run();
    } catch (error) {
      // Whatever broke while running it: Shopify reports it as an internal error, without data.
      console.warn(`simulated bulk operation ${operation.id} failed:`, error);
      operation.status = "FAILED";
      operation.errorCode = "INTERNAL_SERVER_ERROR";
      return;
    }
    const failure = operation.failWith;
    if (failure) {
      operation.status = "FAILED";
      operation.errorCode = failure.errorCode;
      const half = Math.floor(result.lines.length / 2);
      operation.result = failure.partialData && half > 0 ? partial(result, half) : null;
      return;
    }
    operation.status = "COMPLETED";
    operation.completedAt = this.ctx.clock.stamp();
    operation.result = result;
  }
}

const isActive = (operation: SimBulkOperation) => ACTIVE.includes(operation.status);

function partial(result: BulkResult, count: number): BulkResult {
  const lines = result.lines.slice(0, count);
  const roots = lines.filter((line) => !line.includes('"__parentId"')).length;
  return { lines, objectCount: lines.length, rootObjectCount: roots };
}

const stores = new WeakMap<ShopState, SimBulkOperations>();

/** The bulk operations of a shop (one set per store, made on first use). */
export function bulkOperationsOf(ctx: ShopContext): SimBulkOperations {
  let store = stores.get(ctx.shop);
  if (!store) {
    store = new SimBulkOperations(ctx);
    stores.set(ctx.shop, store);
  }
  return store;
}
