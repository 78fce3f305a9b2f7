import type { ReturnNoticed } from "../../../../connectors/events";
import type { Db } from "../../../db.server";
import { returnReaderFor } from "../../channels/return-readers";
import type { ApplyContext, ApplyOutcome, ChannelRef } from "../apply-types";
import { applyReturn } from "./return.server";

/** A thin return notice: the channel's reader says what the return is now, and that is applied. */
export async function applyReturnNotice(
  db: Db,
  channel: ChannelRef,
  event: ReturnNoticed,
  context: ApplyContext,
): Promise<ApplyOutcome> {
  const reader = returnReaderFor(channel.kind);
  if (!reader)
    throw new Error(`No return reader for ${channel.kind} channels: return ${event.returnExternalId} cannot be read`);
  const current = await reader.readReturn(db, channel, {
    orderExternalId: event.orderExternalId,
    returnExternalId: event.returnExternalId,
  });
  return applyReturn(db, channel, current, context);
}
