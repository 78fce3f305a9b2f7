import { z } from "zod";
import type { WooOrder } from "../../../../connectors/woocommerce/client/types";
import { wooDecimalToMinor } from "../../../../connectors/woocommerce/parse-money";
import type { Db } from "../../../db.server";
import { CommandRefusedError, type CommandHandler } from "../../commands/commanders";
import { ReturnCreateCommandSchema, ReturnProcessCommandSchema } from "../../commands/kinds";
import type { WooClientForCommand } from "../commander.server";
import { refundsViaGateway } from "./order-cancel";
import { addNoteOnce, orderMoney, refundOnce, withWooRefusals, wooOrderId } from "./order-steps";

// Returns on WooCommerce, which has none: an opened return is a private note on the order, and a received one another
// note plus, when the merchant refunds, a refund of the received lines (their share of each line's total and tax)
// through POST /orders/{id}/refunds, through the gateway or only recorded as the channel's refundViaGateway says.
// WooCommerce never restocks them (api_restock false): the ledger restocked what came back in good condition already.

export function returnHandlers(
  clientFor: WooClientForCommand,
): Partial<Record<"return.create" | "return.process", CommandHandler>> {
  return {
    "return.create": withWooRefusals(async ({ db, channel, command }) => {
      const { returnId } = ReturnCreateCommandSchema.parse(command.payload);
      const record = await loadReturn(db, channel.shopId, returnId);
      const units = record.lines.map(
        (line) => `${line.quantity} × ${line.orderLine.title}${line.reason ? ` (${line.reason})` : ""}`,
      );
      const client = await clientFor(channel, db);
      await addNoteOnce(
        client,
        wooOrderId(record.order.externalId),
        `Return ${record.id} opened in ChannelLedger: ${units.join(", ")}`,
        false,
      );
      // Nothing else to create: the return lives in the ledger.
      return {};
    }),

    "return.process": withWooRefusals(async ({ db, channel, command }) => {
      const payload = ReturnProcessCommandSchema.parse(command.payload);
      const record = await loadReturn(db, channel.shopId, payload.returnId);
      const orderId = wooOrderId(record.order.externalId);
      const received = payload.lines.map((line) => {
        const stored = record.lines.find((candidate) => candidate.id === line.returnLineId);
        if (!stored) throw new CommandRefusedError(`Return line ${line.returnLineId} is not on return ${record.id}`);
        return { ...line, lineItemId: stored.orderLine.externalId, title: stored.orderLine.title };
      });
      const client = await clientFor(channel, db);
      const order = await client.getOrder(orderId);
      // Planned before anything is sent, so a line WooCommerce does not know refuses the command with nothing done.
      const refund = payload.refund ? refundOf(order, received) : null;
      const units = received.map(
        (line) =>
          `${line.quantity} × ${line.title} (${line.disposition === "restock" ? "back in stock" : "not restocked"})`,
      );
      const noted = await addNoteOnce(
        client,
        orderId,
        `Return ${record.id} received in ChannelLedger: ${units.join(", ")}`,
        false,
      );
      if (!refund || refund.amountMinor === 0) return { noteId: noted.noteId, refundId: null };
      const made = await refundOnce(client, order, command.id, {
        amount: orderMoney(order, refund.amountMinor),
        lineItems: refund.lineItems,
        viaGateway: await refundsViaGateway(db, channel.id),
        reason: `Return ${record.id} received`,
      });
      return { noteId: noted.noteId, refundId: made.refundId, refunded: made.amount };
    }),
  };
}

async function loadReturn(db: Db, shopId: string, returnId: string) {
  const record = await db.return.findFirst({
    where: { id: returnId, shopId },
    select: {
      id: true,
      order: { select: { externalId: true } },
      lines: {
        select: { id: true, quantity: true, reason: true, orderLine: { select: { externalId: true, title: true } } },
        orderBy: { id: "asc" },
      },
    },
  });
  if (!record) throw new CommandRefusedError(`Return ${returnId} no longer exists`);
  return record;
}

// The tax of each line, which the client's typed order leaves out: read from the body WooCommerce sent.
const RawTaxSchema = z.object({
  line_items: z.array(z.object({ id: z.coerce.number(), total_tax: z.string().nullish() })).catch([]),
});

/**
 * The received units' share of each line: refund_total is the share of the line's total (after discounts, before
 * tax); the amount adds the share of its tax, so the shopper gets back what they paid for those units. Shipping is
 * not refunded here.
 */
function refundOf(order: WooOrder, received: { lineItemId: string; quantity: number; title: string }[]) {
  const taxes = RawTaxSchema.safeParse(order.raw ?? {}).data?.line_items ?? [];
  const units = new Map<number, number>();
  for (const line of received)
    units.set(Number(line.lineItemId), (units.get(Number(line.lineItemId)) ?? 0) + line.quantity);
  let amountMinor = 0;
  const lineItems = [...units].map(([id, quantity]) => {
    const line = order.lineItems.find((candidate) => candidate.id === id);
    if (!line || line.quantity <= 0) {
      const title = received.find((entry) => Number(entry.lineItemId) === id)?.title ?? id;
      throw new CommandRefusedError(`WooCommerce order ${order.number} has no line ${id} (${title}) to refund`);
    }
    const share = (minor: number) => Math.round((minor * Math.min(quantity, line.quantity)) / line.quantity);
    const total = share(wooDecimalToMinor(line.total, order.currency));
    const taxText = taxes.find((tax) => tax.id === id)?.total_tax;
    const tax = taxText ? share(wooDecimalToMinor(taxText, order.currency)) : 0;
    amountMinor += total + tax;
    return { id, quantity, refundTotal: orderMoney(order, total) };
  });
  return { amountMinor, lineItems };
}
