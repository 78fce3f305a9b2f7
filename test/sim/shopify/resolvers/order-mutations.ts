import { SimUserError } from "../context";
import { FieldError } from "../graphql/errors";
import { gid, idOf } from "../gid";
import { cancelFulfillment, cancelOrder, createFulfillment, type FulfillmentRequest } from "../orders";
import { createReturn, processReturn } from "../returns";
import { versionAtLeast, type ResolverEnv } from "./env";
import { idempotent } from "./idempotency";
import { fulfillmentView, returnView } from "./fulfillment-views";
import { fulfillmentTrackingInfoUpdateResolver } from "./fulfillment-tracking";

// fulfillmentCreate, fulfillmentCancel, fulfillmentTrackingInfoUpdate, orderCancel, returnCreate and returnProcess.
// Refusals come back as userErrors with Shopify's field paths; nothing changes when one is refused.

type Args = Record<string, unknown>;
const list = (value: unknown) => (Array.isArray(value) ? (value as Args[]) : []);

type Payload = Record<string, unknown>;

function attempt(run: () => Payload, onError: (error: SimUserError) => Payload): Payload {
  try {
    return run();
  } catch (error) {
    if (error instanceof SimUserError) return onError(error);
    throw error;
  }
}

function needId(value: unknown, type: string, field: string[]): number {
  const id = idOf(value, type);
  if (id === undefined) throw new SimUserError(`Invalid id: ${String(value)}`, field, "INVALID");
  return id;
}

function fulfillmentCreateResolver(env: ResolverEnv, args: Args) {
  const input = (args.fulfillment ?? {}) as Args;
  const tracking = (input.trackingInfo ?? {}) as Args;
  return attempt(
    () => {
      const request: FulfillmentRequest = list(input.lineItemsByFulfillmentOrder).map((entry, index) => ({
        fulfillmentOrderId: needId(entry.fulfillmentOrderId, "FulfillmentOrder", [
          "fulfillment",
          "lineItemsByFulfillmentOrder",
          String(index),
          "fulfillmentOrderId",
        ]),
        lines: Array.isArray(entry.fulfillmentOrderLineItems)
          ? list(entry.fulfillmentOrderLineItems).map((line) => ({
              fulfillmentOrderLineItemId: idOf(line.id, "FulfillmentOrderLineItem") ?? -1,
              quantity: Number(line.quantity),
            }))
          : undefined,
      }));
      const first = (key: string) => {
        const value =
          tracking[key] ?? (Array.isArray(tracking[`${key}s`]) ? (tracking[`${key}s`] as unknown[])[0] : undefined);
        return typeof value === "string" ? value : undefined;
      };
      const fulfillment = createFulfillment(env, request, {
        company: first("company"),
        number: first("number"),
        url: first("url"),
      });
      return { __typename: "FulfillmentCreatePayload", fulfillment: fulfillmentView(env, fulfillment), userErrors: [] };
    },
    (error) => ({ __typename: "FulfillmentCreatePayload", fulfillment: null, userErrors: [error.toJSON()] }),
  );
}

function orderCancelResolver(env: ResolverEnv, args: Args) {
  if (typeof args.restock !== "boolean") {
    throw new FieldError("Field 'orderCancel' is missing required argument: restock", {
      code: "missingRequiredArguments",
    });
  }
  if (typeof args.reason !== "string") {
    throw new FieldError("Field 'orderCancel' is missing required argument: reason", {
      code: "missingRequiredArguments",
    });
  }
  // 2026-07 takes refundMethod (OrderCancelRefundMethodInput!) in place of the old refund flag.
  if (versionAtLeast(env.apiVersion, "2026-07") && (typeof args.refundMethod !== "object" || !args.refundMethod)) {
    throw new FieldError("Field 'orderCancel' is missing required argument: refundMethod", {
      code: "missingRequiredArguments",
    });
  }
  const restock = args.restock;
  const reason = args.reason;
  return attempt(
    () => {
      const order = cancelOrder(env, needId(args.orderId, "Order", ["orderId"]), { reason, restock });
      // Cancellation is a job in Shopify; here it has already happened, and job(id:) answers done.
      const jobId = env.clock.id();
      env.shop.jobs.set(jobId, { done: true });
      return {
        __typename: "OrderCancelPayload",
        job: { __typename: "Job", id: gid("Job", jobId), done: false, query: null, orderId: gid("Order", order.id) },
        orderCancelUserErrors: [],
        userErrors: [],
      };
    },
    (error) => ({
      __typename: "OrderCancelPayload",
      job: null,
      orderCancelUserErrors: [error.toJSON()],
      userErrors: [{ field: error.field, message: error.message }],
    }),
  );
}

function returnCreateResolver(env: ResolverEnv, args: Args) {
  const input = (args.returnInput ?? {}) as Args;
  return attempt(
    () => {
      const record = createReturn(
        env,
        needId(input.orderId, "Order", ["returnInput", "orderId"]),
        list(input.returnLineItems).map((line) => ({
          fulfillmentLineItemId: idOf(line.fulfillmentLineItemId, "FulfillmentLineItem") ?? -1,
          quantity: Number(line.quantity),
          reason: typeof line.returnReason === "string" ? line.returnReason : undefined,
          note: typeof line.returnReasonNote === "string" ? line.returnReasonNote : undefined,
        })),
      );
      return { __typename: "ReturnCreatePayload", return: returnView(env, record), userErrors: [] };
    },
    (error) => ({ __typename: "ReturnCreatePayload", return: null, userErrors: [error.toJSON()] }),
  );
}

function returnProcessResolver(env: ResolverEnv, args: Args) {
  const input = (args.input ?? {}) as Args;
  return attempt(
    () => {
      const returnId = needId(input.returnId, "Return", ["input", "returnId"]);
      const record = env.shop.returns.get(returnId);
      const { record: processed } = processReturn(
        env,
        returnId,
        list(input.returnLineItems).map((line) => ({
          returnLineItemId: idOf(line.id, "ReturnLineItem") ?? -1,
          quantity: Number(line.quantity),
          dispositions: list(line.dispositions).map((disposition) => {
            const reverseId = idOf(disposition.reverseFulfillmentOrderLineItemId, "ReverseFulfillmentOrderLineItem");
            const owner = record?.lineItems.find((item) => item.reverseLineItemId === reverseId);
            if (reverseId !== undefined && owner && owner.id !== idOf(line.id, "ReturnLineItem")) {
              throw new SimUserError(
                "Disposition names another return line item.",
                ["input", "returnLineItems"],
                "INVALID",
              );
            }
            return {
              quantity: Number(disposition.quantity),
              type: String(disposition.dispositionType ?? "RESTOCKED"),
              locationId: idOf(disposition.locationId, "Location"),
            };
          }),
        })),
        { refund: Boolean((input.financialTransfer as Args | undefined)?.issueRefund) },
      );
      return { __typename: "ReturnProcessPayload", return: returnView(env, processed), userErrors: [] };
    },
    (error) => ({ __typename: "ReturnProcessPayload", return: null, userErrors: [error.toJSON()] }),
  );
}

function fulfillmentCancelResolver(env: ResolverEnv, args: Args) {
  return attempt(
    () => {
      const fulfillment = cancelFulfillment(env, needId(args.id, "Fulfillment", ["id"]));
      return { __typename: "FulfillmentCancelPayload", fulfillment: fulfillmentView(env, fulfillment), userErrors: [] };
    },
    (error) => ({ __typename: "FulfillmentCancelPayload", fulfillment: null, userErrors: [error.toJSON()] }),
  );
}

export function orderMutations(env: ResolverEnv): Record<string, unknown> {
  const payload = (typename: string, object: string) => (code: string, message: string) => ({
    __typename: typename,
    [object]: null,
    userErrors: [{ field: ["idempotent"], message, code }],
  });
  return {
    fulfillmentCreate: idempotent(env, (args) => fulfillmentCreateResolver(env, args), {
      errorPayload: payload("FulfillmentCreatePayload", "fulfillment"),
    }),
    fulfillmentCancel: idempotent(env, (args) => fulfillmentCancelResolver(env, args), {
      errorPayload: payload("FulfillmentCancelPayload", "fulfillment"),
    }),
    fulfillmentTrackingInfoUpdate: idempotent(env, (args) => fulfillmentTrackingInfoUpdateResolver(env, args), {
      errorPayload: payload("FulfillmentTrackingInfoUpdatePayload", "fulfillment"),
    }),
    orderCancel: idempotent(env, (args) => orderCancelResolver(env, args), {
      errorPayload: (code, message) => ({
        __typename: "OrderCancelPayload",
        job: null,
        orderCancelUserErrors: [{ field: ["idempotent"], message, code }],
        userErrors: [{ field: ["idempotent"], message }],
      }),
    }),
    returnCreate: idempotent(env, (args) => returnCreateResolver(env, args), {
      errorPayload: payload("ReturnCreatePayload", "return"),
    }),
    returnProcess: idempotent(env, (args) => returnProcessResolver(env, args), {
      errorPayload: payload("ReturnProcessPayload", "return"),
    }),
  };
}
