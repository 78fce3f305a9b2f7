import type { Db } from "../../../db.server";
import { readChannelSettings } from "../../channel-settings";
import { CommandRefusedError, type CommandHandler } from "../../commands/commanders";
import { OrderCancelCommandSchema } from "../../commands/kinds";
import type { WooClientForCommand } from "../commander.server";
import {
  addNoteOnce,
  orderMoney,
  refundableMinor,
  refundMadeBy,
  refundOnce,
  setStatusOnce,
  withWooRefusals,
  wooOrderId,
} from "./order-steps";

// A merchant's cancellation on WooCommerce: the order's status becomes "cancelled", with the reason as a private note
// and, when the merchant asked for it, a refund of what is left to refund (through the gateway or only recorded, as
// the channel's refundViaGateway says). The refund comes first: cancelling a paid order without it would leave the
// shopper's money on a cancelled order if the refund is then refused.
//
// WooCommerce puts the units back in its own stock when an order is cancelled, whatever we ask; the ledger released
// them already. With the ledger as stock master (the default) that figure is set back to the ledger's after the
// set-back grace, so nothing is counted twice.

export function orderCancelHandlers(clientFor: WooClientForCommand): Partial<Record<"order.cancel", CommandHandler>> {
  return {
    "order.cancel": withWooRefusals(async ({ db, channel, command }) => {
      const payload = OrderCancelCommandSchema.parse(command.payload);
      const ledgerOrder = await db.order.findFirst({
        where: { id: command.subjectId, channelId: channel.id },
        select: { externalId: true },
      });
      if (!ledgerOrder) throw new CommandRefusedError(`Order ${command.subjectId} no longer exists`);
      const orderId = wooOrderId(ledgerOrder.externalId);
      const client = await clientFor(channel, db);
      const staff = payload.staffNote ? `: ${payload.staffNote}` : "";
      await addNoteOnce(client, orderId, `Cancelled in ChannelLedger (reason: ${payload.reason})${staff}`, false);

      let order = await client.getOrder(orderId);
      let refund: { refundId: number; amount: string } | null = null;
      if (payload.refund && (refundMadeBy(order, command.id) || refundableMinor(order) > 0)) {
        refund = await refundOnce(client, order, command.id, {
          amount: orderMoney(order, refundableMinor(order)),
          lineItems: [],
          viaGateway: await refundsViaGateway(db, channel.id),
          reason: "Order cancelled",
        });
        // A full refund moves the order to "refunded" on WooCommerce; it is cancelled all the same below.
        order = await client.getOrder(orderId);
      }
      await setStatusOnce(client, order, "cancelled");
      return {
        orderId: String(orderId),
        status: "cancelled",
        ...(refund ? { refundId: refund.refundId, refunded: refund.amount } : {}),
      };
    }),
  };
}

export async function refundsViaGateway(db: Db, channelId: string): Promise<boolean> {
  const channel = await db.channel.findUnique({ where: { id: channelId }, select: { settings: true } });
  return readChannelSettings(channel?.settings).refundViaGateway ?? false;
}
