import { numericId, toGid } from "../../../../connectors/shopify/admin/gid";
import {
  FULFILLMENT_CREATE_MUTATION,
  FulfillmentCreateResponseSchema,
  FulfillmentCreateVariablesSchema,
  trackingInput,
  type FulfillmentCreateVariables,
} from "../../../../connectors/shopify/admin/operations/fulfillment-create";
import {
  FULFILLMENT_TRACKING_INFO_UPDATE_MUTATION,
  FulfillmentTrackingInfoUpdateResponseSchema,
} from "../../../../connectors/shopify/admin/operations/fulfillment-tracking-info-update";
import type { Db } from "../../../db.server";
import { CommandRefusedError, type CommandContext, type CommandHandler } from "../../commands/commanders";
import { FulfillmentCommandSchema } from "../../commands/kinds";
import { isUniqueViolation } from "../../db-errors";
import { fulfilmentCreateInFlight, newerTrackingCommand } from "../../orders/update-tracking.server";
import type { AdminFor } from "../commander.server";
import { allocateFulfilment } from "./allocate";
import { firstAttemptRequest } from "./first-attempt.server";
import { readFulfillmentOrders } from "./fulfillment-orders.server";
import { refusedBy } from "./user-errors";

// A merchant's fulfilment made on Shopify (fulfillmentCreate from the order's fulfillment orders at the location the
// units left from), and later tracking changes (fulfillmentTrackingInfoUpdate).

export function fulfillmentHandlers(
  adminFor: AdminFor,
): Partial<Record<"fulfillment.create" | "fulfillment.tracking", CommandHandler>> {
  return {
    "fulfillment.create": (context) => createFulfillment(adminFor, context),
    "fulfillment.tracking": (context) => updateTracking(adminFor, context),
  };
}

async function loadFulfilment(db: Db, shopId: string, payload: unknown) {
  const { fulfillmentId } = FulfillmentCommandSchema.parse(payload);
  const fulfillment = await db.fulfillment.findFirst({
    where: { id: fulfillmentId, shopId },
    select: {
      id: true,
      orderId: true,
      externalId: true,
      status: true,
      locationId: true,
      carrier: true,
      trackingNumber: true,
      trackingUrl: true,
      notifyCustomer: true,
      order: { select: { externalId: true } },
      lines: { select: { quantity: true, orderLine: { select: { externalId: true, title: true } } } },
    },
  });
  if (!fulfillment) throw new CommandRefusedError(`Fulfilment ${fulfillmentId} no longer exists`);
  return fulfillment;
}

type Fulfilment = Awaited<ReturnType<typeof loadFulfilment>>;

async function createFulfillment(adminFor: AdminFor, context: CommandContext) {
  const { db, channel, command } = context;
  const fulfillment = await loadFulfilment(db, channel.shopId, command.payload);
  // Already on Shopify: a webhook matched it to Shopify's fulfilment, or an earlier run stored the id.
  if (fulfillment.externalId) return { fulfillmentId: fulfillment.externalId };
  if (fulfillment.status !== "success")
    throw new CommandRefusedError("The fulfilment was cancelled before it was sent");
  const admin = await adminFor(channel);
  const variables = await firstAttemptRequest(db, command.id, FulfillmentCreateVariablesSchema, async () =>
    planCreate(context, fulfillment, await readFulfillmentOrders(admin, fulfillment.order.externalId)),
  );
  const { data } = await admin.request(FULFILLMENT_CREATE_MUTATION, variables, {
    schema: FulfillmentCreateResponseSchema,
    idempotent: true,
  });
  const answer = data.fulfillmentCreate;
  if (answer && answer.userErrors.length > 0) throw refusedBy("the fulfilment", answer.userErrors);
  if (!answer?.fulfillment) throw new Error("fulfillmentCreate answered without a fulfillment");
  const externalId = numericId(answer.fulfillment.id, "Fulfillment");
  try {
    await db.fulfillment.update({ where: { id: fulfillment.id }, data: { externalId } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new CommandRefusedError(`Shopify's fulfilment ${externalId} is already recorded as another fulfilment`);
  }
  return { fulfillmentId: externalId };
}

async function planCreate(
  context: CommandContext,
  fulfillment: Fulfilment,
  fulfillmentOrders: Awaited<ReturnType<typeof readFulfillmentOrders>>,
): Promise<FulfillmentCreateVariables> {
  const mapping = fulfillment.locationId
    ? await context.db.channelLocation.findFirst({
        where: { channelId: context.channel.id, locationId: fulfillment.locationId },
        select: { externalLocationId: true, location: { select: { name: true } } },
      })
    : null;
  if (!mapping) {
    throw new CommandRefusedError(
      `The location this fulfilment ships from is not linked to a Shopify location of ${context.channel.name}`,
    );
  }
  const lineItemsByFulfillmentOrder = allocateFulfilment(
    fulfillmentOrders,
    { id: mapping.externalLocationId, name: mapping.location.name },
    fulfillment.lines.map((line) => ({
      lineItemId: line.orderLine.externalId,
      title: line.orderLine.title,
      quantity: line.quantity,
    })),
  );
  return FulfillmentCreateVariablesSchema.parse({
    idempotencyKey: context.idempotencyKey,
    fulfillment: {
      lineItemsByFulfillmentOrder,
      trackingInfo: trackingInput(fulfillment),
      notifyCustomer: fulfillment.notifyCustomer,
    },
  });
}

async function updateTracking(adminFor: AdminFor, context: CommandContext) {
  const { db, channel, command } = context;
  const fulfillment = await loadFulfilment(db, channel.shopId, command.payload);
  const newer = await newerTrackingCommand(db, command.id, fulfillment.id);
  if (newer) return { supersededBy: newer };
  if (fulfillment.status !== "success") throw new CommandRefusedError("The fulfilment is cancelled");
  if (!fulfillment.externalId) {
    // Retried (with backoff) until the create command has stored Shopify's id; a create that died never will.
    if (await fulfilmentCreateInFlight(db, fulfillment.id)) throw new Error("The fulfilment is not on Shopify yet");
    throw new CommandRefusedError(
      "The fulfilment never reached Shopify: retry its fulfillment.create command, which sends the current tracking",
    );
  }
  const admin = await adminFor(channel);
  const { data } = await admin.request(
    FULFILLMENT_TRACKING_INFO_UPDATE_MUTATION,
    {
      fulfillmentId: toGid("Fulfillment", fulfillment.externalId),
      trackingInfoInput: trackingInput(fulfillment) ?? {},
      notifyCustomer: fulfillment.notifyCustomer,
    },
    { schema: FulfillmentTrackingInfoUpdateResponseSchema, idempotent: true },
  );
  const answer = data.fulfillmentTrackingInfoUpdate;
  if (answer && answer.userErrors.length > 0) throw refusedBy("the tracking update", answer.userErrors);
  if (!answer?.fulfillment) throw new Error("fulfillmentTrackingInfoUpdate answered without a fulfillment");
  return { fulfillmentId: fulfillment.externalId };
}
