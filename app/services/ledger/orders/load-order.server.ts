import type { Db, Tx } from "../../../db.server";
import { NotYetKnownError } from "../apply-types";

/** The line fields the ledger moves (LineState). */
export const LINE_STATE_SELECT = {
  id: true,
  orderId: true,
  externalId: true,
  itemId: true,
  locationId: true,
  quantity: true,
  reservedQty: true,
  shortQty: true,
  fulfilledQty: true,
  channelFulfilledQty: true,
  removedQty: true,
  restockedQty: true,
  movementSeq: true,
} as const;

export const LEDGER_LINE_SELECT = { ...LINE_STATE_SELECT, item: { select: { backorderPolicy: true } } } as const;

/** The order an event refers to, with its lines; an order not imported yet is worth retrying. */
export async function loadOrderForEvent(db: Db | Tx, channelId: string, orderExternalId: string) {
  const order = await db.order.findUnique({
    where: { channelId_externalId: { channelId, externalId: orderExternalId } },
    select: { id: true, name: true, status: true, currency: true, lines: { select: LEDGER_LINE_SELECT } },
  });
  if (!order) throw new NotYetKnownError(`Order ${orderExternalId} is not imported yet`);
  return order;
}

export type LoadedOrder = Awaited<ReturnType<typeof loadOrderForEvent>>;
