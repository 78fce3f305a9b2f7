import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { UserErrorSchema } from "./common";

// Cancels an order. Shopify runs the cancellation as a job and answers at once with it; orders/cancelled follows
// when it is done. Irreversible, so it carries @idempotent: a retry after a lost answer gets the same job back.
// 2026-07 takes refundMethod (OrderCancelRefundMethodInput!) in place of the old `refund` flag.
export const ORDER_CANCEL_MUTATION = /* GraphQL */ `
  mutation ChannelLedgerOrderCancel(
    $orderId: ID!
    $reason: OrderCancelReason!
    $refundMethod: OrderCancelRefundMethodInput!
    $restock: Boolean!
    $notifyCustomer: Boolean
    $staffNote: String
    $idempotencyKey: String!
  ) {
    orderCancel(
      orderId: $orderId
      reason: $reason
      refundMethod: $refundMethod
      restock: $restock
      notifyCustomer: $notifyCustomer
      staffNote: $staffNote
    ) @idempotent(key: $idempotencyKey) {
      job {
        id
        done
      }
      orderCancelUserErrors {
        field
        message
        code
      }
    }
  }
`;

/** The ledger's cancel reasons and Shopify's OrderCancelReason, one to one. */
export const ORDER_CANCEL_REASONS = {
  customer: "CUSTOMER",
  declined: "DECLINED",
  fraud: "FRAUD",
  inventory: "INVENTORY",
  staff: "STAFF",
  other: "OTHER",
} as const;

export function orderCancelVariables(input: {
  orderId: string;
  reason: keyof typeof ORDER_CANCEL_REASONS;
  refund: boolean;
  restock: boolean;
  notifyCustomer: boolean;
  staffNote?: string;
  idempotencyKey: string;
}): Record<string, unknown> {
  return {
    orderId: input.orderId,
    reason: ORDER_CANCEL_REASONS[input.reason],
    refundMethod: { originalPaymentMethodsRefund: input.refund },
    restock: input.restock,
    notifyCustomer: input.notifyCustomer,
    ...(input.staffNote ? { staffNote: input.staffNote } : {}),
    idempotencyKey: input.idempotencyKey,
  };
}

export const OrderCancelResponseSchema = z.object({
  orderCancel: z
    .object({
      job: z.object({ id: ShopifyGidSchema, done: z.boolean() }).nullable(),
      orderCancelUserErrors: z.array(UserErrorSchema),
    })
    .nullable(),
});
