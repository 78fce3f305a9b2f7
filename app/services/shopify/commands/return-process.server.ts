import type { ShopifyAdmin } from "../../../../connectors/shopify/admin";
import { numericId, toGid } from "../../../../connectors/shopify/admin/gid";
import {
  RETURN_PROCESS_MUTATION,
  RETURN_REFUND_SUGGESTION_QUERY,
  ReturnProcessInputSchema,
  ReturnProcessResponseSchema,
  ReturnRefundSuggestionResponseSchema,
  type ReturnProcessInput,
} from "../../../../connectors/shopify/admin/operations/return-process";
import { readShopifyReturn, type ShopifyReturn } from "../../../../connectors/shopify/returns/read-return";
import type { Db } from "../../../db.server";
import { CommandRefusedError, type CommandChannel, type CommandHandler } from "../../commands/commanders";
import { ReturnProcessCommandSchema, type CommandPayload } from "../../commands/kinds";
import type { AdminFor } from "../commander.server";
import { firstAttemptRequest } from "./first-attempt.server";
import { refusedBy } from "./user-errors";

type ProcessPayload = CommandPayload<"return.process">;
type LedgerReturn = NonNullable<Awaited<ReturnType<typeof loadReturn>>>;
type Entry = ReturnProcessInput["returnLineItems"][number];

function loadReturn(db: Db, shopId: string, returnId: string) {
  return db.return.findFirst({
    where: { id: returnId, shopId },
    select: {
      id: true,
      externalId: true,
      lines: { select: { id: true, orderLine: { select: { externalId: true, locationId: true, title: true } } } },
    },
  });
}

/**
 * What the merchant received, confirmed on Shopify with returnProcess: per return line item, the units restocked at
 * the Shopify location that stands for the line's ledger location, or not restocked; refunded with the transactions
 * Shopify suggests when the merchant asked for a refund. The ledger restocked already (receiveReturn); Shopify's
 * echo of this return and its refund restock nothing more (ADR 0009).
 */
export function returnProcessHandler(adminFor: AdminFor): CommandHandler {
  return async ({ db, channel, command, idempotencyKey }) => {
    const payload = ReturnProcessCommandSchema.parse(command.payload);
    const record = await loadReturn(db, channel.shopId, payload.returnId);
    if (!record) throw new CommandRefusedError(`Return ${payload.returnId} no longer exists`);
    if (!record.externalId) {
      // Not a refusal: the return.create command stores the id when it finishes, and this one can run after it.
      throw new Error(`Return ${record.id} is not on Shopify yet: waiting for its return.create command to finish`);
    }
    const externalId = record.externalId;
    const admin = await adminFor(channel);
    const input = await firstAttemptRequest(db, command.id, ReturnProcessInputSchema, () =>
      planReturnProcess(db, admin, channel, { ...record, externalId }, payload),
    );
    const { data } = await admin.request(
      RETURN_PROCESS_MUTATION,
      { input, idempotencyKey },
      { schema: ReturnProcessResponseSchema, idempotent: true },
    );
    const answer = data.returnProcess;
    if (answer?.userErrors.length) throw refusedBy("returnProcess", answer.userErrors);
    if (!answer?.return) throw new Error("Shopify answered returnProcess without a return or an error");
    return { returnId: externalId, status: answer.return.status, refunded: input.financialTransfer !== undefined };
  };
}

async function planReturnProcess(
  db: Db,
  admin: ShopifyAdmin,
  channel: CommandChannel,
  record: LedgerReturn & { externalId: string },
  payload: ProcessPayload,
): Promise<ReturnProcessInput> {
  const found = await readShopifyReturn(admin, record.externalId);
  if (!found) throw new CommandRefusedError(`Shopify has no return ${record.externalId}`);
  const pools = unprocessedByLine(found);
  const entries = new Map<string, Entry>();
  for (const [index, line] of payload.lines.entries()) {
    const stored = record.lines.find((candidate) => candidate.id === line.returnLineId);
    if (!stored) throw new CommandRefusedError(`Return line ${line.returnLineId} is not on return ${record.id}`);
    const locationId =
      line.disposition === "restock" ? await shopifyLocation(db, channel, stored.orderLine.locationId) : undefined;
    let missing = line.quantity;
    for (const candidate of pools.get(stored.orderLine.externalId) ?? []) {
      const quantity = Math.min(missing, candidate.left);
      if (quantity === 0) continue;
      candidate.left -= quantity;
      missing -= quantity;
      // Two ledger lines of one order line (some units restocked, some not) are one Shopify line, two dispositions.
      const entry = entries.get(candidate.id) ?? { id: candidate.id, quantity: 0, dispositions: [] };
      entry.quantity += quantity;
      entry.dispositions.push({
        reverseFulfillmentOrderLineItemId: candidate.reverseLineId,
        quantity,
        dispositionType: line.disposition === "restock" ? "RESTOCKED" : "NOT_RESTOCKED",
        ...(locationId ? { locationId } : {}),
      });
      entries.set(candidate.id, entry);
    }
    if (missing > 0) {
      throw new CommandRefusedError(
        `Return ${found.name} on Shopify has ${line.quantity - missing} unprocessed unit(s) of ${stored.orderLine.title}, not ${line.quantity} (line ${index + 1})`,
      );
    }
  }
  const returnLineItems = [...entries.values()];
  const refund = payload.refund ? await suggestedRefund(admin, found.id, returnLineItems) : undefined;
  return {
    returnId: toGid("Return", found.id),
    returnLineItems,
    ...(refund ? { financialTransfer: { issueRefund: { orderTransactions: refund } } } : {}),
    notifyCustomer: payload.notifyCustomer,
  };
}

/** Per order line, the Shopify return line items with units left to process, and their reverse line. */
function unprocessedByLine(found: ShopifyReturn) {
  const reverseOf = new Map<string, string>();
  for (const reverse of found.reverseLines) {
    if (reverse.fulfillmentLineItem && !reverseOf.has(reverse.fulfillmentLineItem.id)) {
      reverseOf.set(reverse.fulfillmentLineItem.id, reverse.id);
    }
  }
  const pools = new Map<string, { id: string; reverseLineId: string; left: number }[]>();
  for (const line of found.lines) {
    const reverseLineId = line.fulfillmentLineItem ? reverseOf.get(line.fulfillmentLineItem.id) : undefined;
    if (!line.fulfillmentLineItem || !reverseLineId || line.quantity === undefined) continue;
    const lineItemId = numericId(line.fulfillmentLineItem.lineItem.id, "LineItem");
    const left = line.quantity - (line.processedQuantity ?? 0);
    pools.set(lineItemId, [...(pools.get(lineItemId) ?? []), { id: line.id, reverseLineId, left }]);
  }
  return pools;
}

/** The Shopify location that stands for a ledger location on this channel: restocked units go back there. */
async function shopifyLocation(db: Db, channel: CommandChannel, locationId: string | null): Promise<string> {
  const mapping = locationId
    ? await db.channelLocation.findFirst({
        where: { channelId: channel.id, locationId },
        select: { externalLocationId: true },
      })
    : null;
  if (!mapping) {
    throw new CommandRefusedError(
      "The line's location is not linked to a Shopify location, so Shopify cannot be told where to restock it",
    );
  }
  return toGid("Location", mapping.externalLocationId);
}

/** The refund Shopify suggests for exactly these units; none when nothing was paid that could be refunded. */
async function suggestedRefund(admin: ShopifyAdmin, returnId: string, lines: Entry[]) {
  const { data } = await admin.request(
    RETURN_REFUND_SUGGESTION_QUERY,
    { id: toGid("Return", returnId), lines: lines.map((line) => ({ id: line.id, quantity: line.quantity })) },
    { schema: ReturnRefundSuggestionResponseSchema },
  );
  const suggested = data.return?.suggestedFinancialOutcome?.financialTransfer?.suggestedTransactions ?? [];
  const transactions = suggested.flatMap((transaction) =>
    transaction.parentTransaction
      ? [{ parentId: transaction.parentTransaction.id, transactionAmount: transaction.amountSet.presentmentMoney }]
      : [],
  );
  return transactions.length > 0 ? transactions : undefined;
}
