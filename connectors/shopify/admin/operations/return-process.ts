import { z } from "zod";
import { ShopifyGidSchema } from "../gid";
import { UserErrorSchema } from "./common";

// Confirms what came back on a return and what became of it (restocked at a location, or not), and optionally
// refunds it. Since 2025-07 this replaces returnRefund. Sent with @idempotent: a retry after a lost answer gets the
// first answer back instead of processing (and refunding) twice.
export const RETURN_PROCESS_MUTATION = /* GraphQL */ `
  mutation ChannelLedgerReturnProcess($input: ReturnProcessInput!, $idempotencyKey: String!) {
    returnProcess(input: $input) @idempotent(key: $idempotencyKey) {
      return {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

// The refund Shopify suggests for the units about to be processed: which payment transactions to refund and how
// much. issueRefund takes exactly these, so the amount is Shopify's (taxes, discounts) and never recomputed here.
// Cost: 1 + 1 + 1 + 1 + 5 × (1 + 1 + 1) = 19.
export const RETURN_REFUND_SUGGESTION_QUERY = /* GraphQL */ `
  query ChannelLedgerReturnRefundSuggestion($id: ID!, $lines: [SuggestedOutcomeReturnLineItemInput!]!) {
    return(id: $id) {
      id
      suggestedFinancialOutcome(returnLineItems: $lines, exchangeLineItems: []) {
        financialTransfer {
          ... on RefundReturnOutcome {
            suggestedTransactions {
              parentTransaction {
                id
              }
              amountSet {
                presentmentMoney {
                  amount
                  currencyCode
                }
              }
            }
          }
        }
      }
    }
  }
`;

const MoneySchema = z.object({ amount: z.string(), currencyCode: z.string() });

export const ReturnRefundSuggestionResponseSchema = z.object({
  return: z
    .object({
      id: ShopifyGidSchema,
      suggestedFinancialOutcome: z
        .object({
          financialTransfer: z
            .object({
              suggestedTransactions: z
                .array(
                  z.object({
                    parentTransaction: z.object({ id: ShopifyGidSchema }).nullish(),
                    amountSet: z.object({ presentmentMoney: MoneySchema }),
                  }),
                )
                .optional(),
            })
            .nullish(),
        })
        .nullish(),
    })
    .nullable(),
});

export const ReturnProcessInputSchema = z.object({
  returnId: ShopifyGidSchema,
  returnLineItems: z
    .array(
      z.object({
        id: ShopifyGidSchema,
        quantity: z.number().int().min(1),
        dispositions: z
          .array(
            z.object({
              reverseFulfillmentOrderLineItemId: ShopifyGidSchema,
              quantity: z.number().int().min(1),
              dispositionType: z.enum(["RESTOCKED", "NOT_RESTOCKED"]),
              // Required for RESTOCKED: where the units go back on the shelf.
              locationId: ShopifyGidSchema.optional(),
            }),
          )
          .min(1),
      }),
    )
    .min(1)
    .max(250),
  financialTransfer: z
    .object({
      issueRefund: z.object({
        orderTransactions: z.array(z.object({ parentId: ShopifyGidSchema, transactionAmount: MoneySchema })).min(1),
      }),
    })
    .optional(),
  notifyCustomer: z.boolean(),
});

export type ReturnProcessInput = z.infer<typeof ReturnProcessInputSchema>;

export const ReturnProcessResponseSchema = z.object({
  returnProcess: z
    .object({
      return: z.object({ id: ShopifyGidSchema, status: z.string() }).nullable(),
      userErrors: z.array(UserErrorSchema),
    })
    .nullable(),
});
