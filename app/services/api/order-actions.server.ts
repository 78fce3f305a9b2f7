import { createHash } from "node:crypto";
import type { Db } from "../../db.server";
import { cancelOrder } from "../orders/cancel-order.server";
import { createReturn } from "../orders/create-return.server";
import { OrderActionError } from "../orders/errors";
import { fulfilOrder } from "../orders/fulfil-order.server";
import { receiveReturn } from "../orders/receive-return.server";
import { updateTracking } from "../orders/update-tracking.server";
import type { ApiAuth } from "./auth.server";
import { ApiError, notFound } from "./errors.server";
import type {
  CancelRequest,
  FulfillmentRequest,
  FulfillmentResponse,
  ReceiveReturnRequest,
  ReturnRequest,
  ReturnResponse,
  TrackingRequest,
} from "./order-action-schemas";
import { fulfillmentInclude, getApiOrder, returnInclude, toApiFulfillment, toApiReturn } from "./orders.server";
import type { ApiOrderDetail } from "./schemas";

// The ids the services take as fields and the API in the URL.
const URL_FIELDS = new Set<string | number>(["orderId", "returnId", "fulfillmentId"]);

/** The services name fields in camelCase; the API in snake_case, and the subject's id is in the URL. */
function apiPath(path: (string | number)[]) {
  return path
    .filter((segment) => !URL_FIELDS.has(segment))
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

/** Who did it, on movements and the timeline. */
const asApiKey = (auth: ApiAuth) => ({ actor: `api-key:${auth.apiKeyId}`, source: "api" });

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
        ...asApiKey(auth),
        fulfillmentId: idempotencyKey === null ? undefined : keyedFulfillmentId(auth.shopId, idempotencyKey),
      },
    ),
  );
  return { data: await loadApiFulfillment(db, auth.shopId, fulfillmentId) };
}

async function loadApiFulfillment(db: Db, shopId: string, fulfillmentId: string) {
  const fulfillment = await db.fulfillment.findFirstOrThrow({
    where: { id: fulfillmentId, shopId },
    include: fulfillmentInclude,
  });
  const location = fulfillment.locationId
    ? await db.location.findFirst({ where: { id: fulfillment.locationId, shopId }, select: { id: true, name: true } })
    : null;
  return toApiFulfillment(fulfillment, () => location);
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
      asApiKey(auth),
    ),
  );
  const order = await getApiOrder(db, auth.shopId, orderId);
  if (!order) throw notFound("Order");
  return { data: order };
}

async function loadApiReturn(db: Db, shopId: string, returnId: string): Promise<ReturnResponse> {
  const record = await db.return.findFirstOrThrow({ where: { id: returnId, shopId }, include: returnInclude });
  return { data: toApiReturn(record) };
}

export async function createApiReturn(
  db: Db,
  auth: ApiAuth,
  orderId: string,
  body: ReturnRequest,
): Promise<ReturnResponse> {
  const created = await orderAction(() =>
    createReturn(
      db,
      auth.shopId,
      {
        orderId,
        lines: body.lines.map((line) => ({ lineId: line.line_id, quantity: line.quantity, reason: line.reason })),
        note: body.note,
      },
      asApiKey(auth),
    ),
  );
  return loadApiReturn(db, auth.shopId, created.id);
}

export async function receiveApiReturn(
  db: Db,
  auth: ApiAuth,
  returnId: string,
  body: ReceiveReturnRequest,
): Promise<ReturnResponse> {
  await orderAction(() =>
    receiveReturn(
      db,
      auth.shopId,
      {
        returnId,
        lines: body.lines.map((line) => ({
          returnLineId: line.return_line_id,
          quantity: line.quantity,
          disposition: line.disposition,
          condition: line.condition,
        })),
        refund: body.refund,
        notifyCustomer: body.notify_customer,
      },
      asApiKey(auth),
    ),
  );
  return loadApiReturn(db, auth.shopId, returnId);
}

export async function updateApiTracking(
  db: Db,
  auth: ApiAuth,
  fulfillmentId: string,
  body: TrackingRequest,
): Promise<FulfillmentResponse> {
  await orderAction(() =>
    updateTracking(
      db,
      auth.shopId,
      {
        fulfillmentId,
        carrier: body.carrier,
        trackingNumber: body.tracking_number,
        trackingUrl: body.tracking_url,
        notifyCustomer: body.notify_customer,
      },
      asApiKey(auth),
    ),
  );
  return { data: await loadApiFulfillment(db, auth.shopId, fulfillmentId) };
}
