import type { ReturnChanged } from "../../../connectors/events";
import type { Db } from "../../db.server";
import type { ChannelRef } from "../ledger/apply-types";

/**
 * How a channel whose return notices are thin (Shopify's returns/* topics) tells the ledger what a return looks
 * like now: its status, its lines and each line's disposition, read from the channel's API.
 */
export interface ReturnReader {
  readonly kind: string;
  readReturn(
    db: Db,
    channel: ChannelRef,
    ref: { orderExternalId: string; returnExternalId: string },
  ): Promise<ReturnChanged>;
}

const readers = new Map<string, ReturnReader>();

export function registerReturnReader(reader: ReturnReader) {
  readers.set(reader.kind, reader);
}

export function returnReaderFor(kind: string): ReturnReader | undefined {
  return readers.get(kind);
}
