import { toGid } from "../../../../connectors/shopify/admin/gid";
import {
  ORDER_CANCEL_MUTATION,
  OrderCancelResponseSchema,
  orderCancelVariables,
} from "../../../../connectors/shopify/admin/operations/order-cancel";
import { CommandRefusedError, type CommandHandler } from "../../commands/commanders";
import { OrderCancelCommandSchema } from "../../commands/kinds";
import type { AdminFor } from "../commander.server";
import { refusedBy } from "./user-errors";

// A merchant's cancellation made on Shopify. The arguments follow from the command's payload alone, so every attempt
// sends the same mutation and @idempotent replays the first answer. Shopify cancels in a job: its id is kept; the
// orders/cancelled webhook that follows is the confirmation (the ledger has cancelled the order already).

export function orderCancelHandlers(adminFor: AdminFor): Partial<Record<"order.cancel", CommandHandler>> {
  return {
    "order.cancel": async ({ db, channel, command, idempotencyKey }) => {
      const payload = OrderCancelCommandSchema.parse(command.payload);
      const order = await db.order.findFirst({
        where: { id: command.subjectId, channelId: channel.id },
        select: { externalId: true },
      });
      if (!order) throw new CommandRefusedError(`Order ${command.subjectId} no longer exists`);
      const admin = await adminFor(channel);
      const { data } = await admin.request(
        ORDER_CANCEL_MUTATION,
        orderCancelVariables({ ...payload, orderId: toGid("Order", order.externalId), idempotencyKey }),
        { schema: OrderCancelResponseSchema, idempotent: true },
      );
      const answer = data.orderCancel;
      if (answer && answer.orderCancelUserErrors.length > 0) {
        throw refusedBy("the cancellation", answer.orderCancelUserErrors);
      }
      if (!answer?.job) throw new Error("orderCancel answered without a job");
      return { jobId: answer.job.id, jobDone: answer.job.done };
    },
  };
}
