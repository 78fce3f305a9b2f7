import { numericId, toGid } from "../../../../connectors/shopify/admin/gid";
import {
  RETURN_CREATE_MUTATION,
  ReturnCreateInputSchema,
  ReturnCreateResponseSchema,
  type ReturnCreateInput,
} from "../../../../connectors/shopify/admin/operations/return-create";
import type { ShopifyAdmin } from "../../../../connectors/shopify/admin";
import { readReturnableLines } from "../../../../connectors/shopify/returns/read-return";
import type { Db } from "../../../db.server";
import { CommandRefusedError, type CommandHandler } from "../../commands/commanders";
import { ReturnCreateCommandSchema } from "../../commands/kinds";
import { isUniqueViolation } from "../../db-errors";
import type { AdminFor } from "../commander.server";
import { firstAttemptRequest } from "./first-attempt.server";
import { refusedBy } from "./user-errors";

type MerchantReturn = NonNullable<Awaited<ReturnType<typeof loadReturn>>>;

function loadReturn(db: Db, shopId: string, returnId: string) {
  return db.return.findFirst({
    where: { id: returnId, shopId },
    select: {
      id: true,
      externalId: true,
      orderId: true,
      order: { select: { externalId: true, name: true } },
      lines: {
        select: { quantity: true, reason: true, orderLine: { select: { externalId: true, title: true } } },
        orderBy: { id: "asc" },
      },
    },
  });
}

/**
 * The merchant's return, opened on Shopify with returnCreate. Shopify returns name fulfillment line items, so each
 * line's units are taken from the order's returnable fulfillment line items in turn (a line shipped in two
 * fulfilments becomes two). Shopify's id is stored on the return before the command is done, which is what lets the
 * returns/* echo find it (ADR 0010).
 */
export function returnCreateHandler(adminFor: AdminFor): CommandHandler {
  return async ({ db, channel, command, idempotencyKey }) => {
    const { returnId } = ReturnCreateCommandSchema.parse(command.payload);
    const record = await loadReturn(db, channel.shopId, returnId);
    if (!record) throw new CommandRefusedError(`Return ${returnId} no longer exists`);
    // A previous attempt stored Shopify's id and died before finishing: the return is on Shopify already.
    if (record.externalId) return { returnId: record.externalId };
    const admin = await adminFor(channel);
    const returnInput = await firstAttemptRequest(db, command.id, ReturnCreateInputSchema, () =>
      planReturnCreate(db, admin, record),
    );
    const { data } = await admin.request(
      RETURN_CREATE_MUTATION,
      { returnInput, idempotencyKey },
      { schema: ReturnCreateResponseSchema, idempotent: true },
    );
    const answer = data.returnCreate;
    if (answer?.userErrors.length) throw refusedBy("returnCreate", answer.userErrors);
    if (!answer?.return) throw new Error("Shopify answered returnCreate without a return or an error");
    const externalId = numericId(answer.return.id, "Return");
    try {
      await db.return.update({ where: { id: record.id }, data: { externalId } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new CommandRefusedError(
        `Shopify return ${externalId} is already in the ledger as another return of order ${record.order.name}`,
      );
    }
    return { returnId: externalId, status: answer.return.status };
  };
}

async function planReturnCreate(db: Db, admin: ShopifyAdmin, record: MerchantReturn): Promise<ReturnCreateInput> {
  const returnable = new Map<string, { id: string; left: number }[]>();
  for (const line of await readReturnableLines(admin, record.order.externalId)) {
    const lineItemId = numericId(line.fulfillmentLineItem.lineItem.id, "LineItem");
    returnable.set(lineItemId, [
      ...(returnable.get(lineItemId) ?? []),
      { id: line.fulfillmentLineItem.id, left: line.quantity },
    ]);
  }
  const returnLineItems: ReturnCreateInput["returnLineItems"] = [];
  for (const line of record.lines) {
    let missing = line.quantity;
    for (const candidate of returnable.get(line.orderLine.externalId) ?? []) {
      const quantity = Math.min(missing, candidate.left);
      if (quantity === 0) continue;
      candidate.left -= quantity;
      missing -= quantity;
      returnLineItems.push({
        fulfillmentLineItemId: candidate.id,
        quantity,
        ...(line.reason ? { returnReasonNote: line.reason.slice(0, 255) } : {}),
      });
    }
    if (missing === 0) continue;
    const shipping = await db.channelCommand.findFirst({
      where: { orderId: record.orderId, kind: "fulfillment.create", state: { in: ["pending", "running"] } },
      select: { id: true },
    });
    // Our own fulfilment of these units has not reached Shopify yet: retrying after it has can succeed.
    if (shipping) {
      throw new Error(
        `Waiting for fulfilment command ${shipping.id}: Shopify cannot take the return of units it has not shipped`,
      );
    }
    throw new CommandRefusedError(
      `Shopify has ${line.quantity - missing} unit(s) of ${line.orderLine.title} on order ${record.order.name} left to return, not ${line.quantity}`,
    );
  }
  return { orderId: toGid("Order", record.order.externalId), returnLineItems, notifyCustomer: false };
}
