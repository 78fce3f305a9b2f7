import { createHash } from "node:crypto";
import type { Db } from "../../db.server";
import { cancelOrder } from "../orders/cancel-order.server";
import { OrderActionError } from "../orders/errors";
import { fulfilOrder } from "../orders/fulfil-order.server";
import type { ApiAuth } from "./auth.server";
import { ApiError, notFound } from "./errors.server";
import type { CancelRequest, FulfillmentRequest, FulfillmentResponse } from "./order-action-schemas";
import { fulfillmentInclude, getApiOrder, toApiFulfillment } from "./orders.server";
import type { ApiOrderDetail } from "./schemas";

/** The services name fields in camelCase; the API in snake_case, and the order id is in the URL. */
function apiPath(path: (string | number)[]) {
  return path
    .filter((segment) => segment !== "orderId")
    .map((segment) =>
      typeof segment === "number" ? segment : segment.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    );
}

/** A refused order action as the API answers it: 404, 409 (the order's state) or 422 (the request itself). */
async function orderAction<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof OrderActionError)) throw error;
    if (error.code === "not_found") throw new ApiError(404, "not_found", error.message);
    const details = { issues: [{ path: apiPath(error.path), message: error.message, code: error.code }] };
    if (error.code === "conflict") throw new ApiError(409, "order_state_conflict", error.message, details);
    throw new ApiError(422, "invalid_order_action", error.message, details);
  }
}

/**
 * With an Idempotency-Key the fulfilment's id follows from the key, so a replay that got past the idempotency record
 * (the original died after its commit) finds the fulfilment it made instead of shipping the units again.
 */
const keyedFulfillmentId = (shopId: string, key: string) =>
  `api_${createHash("sha256").update(`${shopId}\n${key}`).digest("hex").slice(0, 32)}`;

export async function createApiFulfillment(
  db: Db,
  auth: ApiAuth,
  orderId: string,
  body: FulfillmentRequest,
  idempotencyKey: string | null,
): Promise<FulfillmentResponse> {
  const { fulfillmentId } = await orderAction(() =>
    fulfilOrder(
      db,
      auth.shopId,
      {
        orderId,
        locationId: body.location_id,
        lines: body.lines.map((line) => ({ lineId: line.line_id, quantity: line.quantity })),
        carrier: body.carrier,
        trackingNumber: body.tracking_number,
        trackingUrl: body.tracking_url,
        notifyCustomer: body.notify_customer,
      },
      {
        actor: `api-key:${auth.apiKeyId}`,
        source: "api",
        fulfillmentId: idempotencyKey === null ? undefined : keyedFulfillmentId(auth.shopId, idempotencyKey),
      },
    ),
  );
  const fulfillment = await db.fulfillment.findFirstOrThrow({
    where: { id: fulfillmentId, shopId: auth.shopId },
    include: fulfillmentInclude,
  });
  const location = fulfillment.locationId
    ? await db.location.findFirst({
        where: { id: fulfillment.locationId, shopId: auth.shopId },
        select: { id: true, name: true },
      })
    : null;
  return { data: toApiFulfillment(fulfillment, () => location) };
}

export async function cancelApiOrder(
  db: Db,
  auth: ApiAuth,
  orderId: string,
  body: CancelRequest,
): Promise<{ data: ApiOrderDetail }> {
  await orderAction(() =>
    cancelOrder(
      db,
      auth.shopId,
      {
        orderId,
        reason: body.reason,
        restock: body.restock,
        refund: body.refund,
        notifyCustomer: body.notify_customer,
        staffNote: body.staff_note,
      },
      { actor: `api-key:${auth.apiKeyId}`, source: "api" },
    ),
  );
  const order = await getApiOrder(db, auth.shopId, orderId);
  if (!order) throw notFound("Order");
  return { data: order };
}
