import type { Db } from "../../db.server";
import type { PushChannel } from "./pushers";

// Reconciliation reads what each channel shows, all of it, through one reader per channel kind: the counterpart of
// the pushers (pushers.ts). A reader pages through the channel's stock figures for the listings the ledger knows and
// hands each page over as it arrives; what to make of the figures is reconciliation's (reconcile.server.ts).

/** One figure the channel shows: an item's available quantity at one of the channel's locations. */
export type ChannelLevel = {
  /** The listing's externalInventoryItemId: a Shopify inventory item id, a WooCommerce stock ref. */
  externalInventoryItemId: string;
  /** The channel's own location id (a Shopify location id; "default", WooCommerce's one stock pool). */
  location: string;
  available: number;
};

/**
 * A page of figures and when it was asked for. A figure is what the channel showed at some moment between the request
 * and its answer: anything the ledger wrote after `readAt` may be newer than it.
 */
export type LevelPage = { levels: ChannelLevel[]; readAt: Date };

export type ReadChannel = PushChannel & { settings?: unknown };

export interface LevelReader {
  readonly kind: string;
  /** Reads every figure, page by page, and answers how many calls it made to the channel. */
  read(db: Db, channel: ReadChannel, onPage: (page: LevelPage) => Promise<void>): Promise<{ calls: number }>;
}

const readers = new Map<string, LevelReader>();

export function registerLevelReader(reader: LevelReader) {
  readers.set(reader.kind, reader);
}

export function levelReaderFor(kind: string): LevelReader | undefined {
  return readers.get(kind);
}

/** The channel kinds that can be reconciled. */
export function readableKinds(): string[] {
  return [...readers.keys()];
}
