import { z } from "zod";
import { completedFulfillmentId } from "../../../../connectors/woocommerce/parse-order";
import type { Db } from "../../../db.server";
import { readChannelSettings } from "../../channel-settings";
import { CommandRefusedError, type CommandContext, type CommandHandler } from "../../commands/commanders";
import { FulfillmentCommandSchema } from "../../commands/kinds";
import { isUniqueViolation } from "../../db-errors";
import { fulfillmentStatusOf } from "../../ledger/orders/order-status";
import { fulfilmentCreateInFlight, newerTrackingCommand } from "../../orders/update-tracking.server";
import { firstAttemptRequest } from "../../shopify/commands/first-attempt.server";
import type { WooClientForCommand } from "../commander.server";
import { addNoteOnce, refuseCalledOff, setStatusOnce, withWooRefusals, wooOrderId } from "./order-steps";

// A merchant's fulfilment on WooCommerce, which has no fulfilment records: the tracking becomes a customer note (the
// shopper is e-mailed it), and the fulfilment that ships the order's last units sets the order to the merchant's
// chosen status ("completed" unless the channel's settings say otherwise). That fulfilment takes the id the parser
// gives a completed order's shipment (completed:<order id>), so WooCommerce's order.updated echo finds it recorded;
// the others take shipment:<fulfilment id>, which tells the ledger the store knows them (later tracking is sent).

export function fulfillmentHandlers(
  clientFor: WooClientForCommand,
): Partial<Record<"fulfillment.create" | "fulfillment.tracking", CommandHandler>> {
  return {
    "fulfillment.create": withWooRefusals((context) => createFulfillment(clientFor, context)),
    "fulfillment.tracking": withWooRefusals((context) => updateTracking(clientFor, context)),
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
      carrier: true,
      trackingNumber: true,
      trackingUrl: true,
      createdAt: true,
      order: {
        select: {
          externalId: true,
          lines: { select: { quantity: true, removedQty: true, fulfilledQty: true, channelFulfilledQty: true } },
        },
      },
    },
  });
  if (!fulfillment) throw new CommandRefusedError(`Fulfilment ${fulfillmentId} no longer exists`);
  return fulfillment;
}

type Fulfilment = Awaited<ReturnType<typeof loadFulfilment>>;

/** "Shipped with DHL: 00340434 https://…"; null when the fulfilment has no tracking to tell. */
export function trackingNote(tracking: Pick<Fulfilment, "carrier" | "trackingNumber" | "trackingUrl">): string | null {
  const reference = [tracking.trackingNumber, tracking.trackingUrl].filter(Boolean).join(" ");
  if (!tracking.carrier && !reference) return null;
  const carrier = tracking.carrier ? ` with ${tracking.carrier}` : "";
  return reference ? `Shipped${carrier}: ${reference}` : `Shipped${carrier}`;
}

/** Decided by the first attempt and kept, so a retry does not change its mind when the ledger moved on meanwhile. */
const CreatePlanSchema = z.object({ completes: z.boolean() });

async function createFulfillment(clientFor: WooClientForCommand, context: CommandContext) {
  const { db, channel, command } = context;
  const fulfillment = await loadFulfilment(db, channel.shopId, command.payload);
  // An earlier attempt stored the id before the command could be marked done.
  if (fulfillment.externalId) return { fulfillmentId: fulfillment.externalId };
  if (fulfillment.status !== "success")
    throw new CommandRefusedError("The fulfilment was cancelled before it was sent");
  const orderId = wooOrderId(fulfillment.order.externalId);
  const completedId = completedFulfillmentId(fulfillment.order.externalId);
  const plan = await firstAttemptRequest(db, command.id, CreatePlanSchema, async () => ({
    completes: await completesOrder(db, fulfillment, completedId),
  }));
  const client = await clientFor(channel, db);
  const note = trackingNote(fulfillment);
  const noted = note ? await addNoteOnce(client, orderId, note, true) : null;
  let status: string | undefined;
  if (plan.completes) {
    const settings = await db.channel.findUnique({ where: { id: channel.id }, select: { settings: true } });
    status = readChannelSettings(settings?.settings).fulfilledStatus ?? "completed";
    await setStatusOnce(client, await client.getOrder(orderId), status, refuseCalledOff);
  }
  const externalId = plan.completes ? completedId : `shipment:${fulfillment.id}`;
  try {
    await db.fulfillment.update({ where: { id: fulfillment.id }, data: { externalId } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new CommandRefusedError(`WooCommerce's shipment ${externalId} is already recorded as another fulfilment`);
  }
  return { fulfillmentId: externalId, noteId: noted?.noteId ?? null, ...(status ? { status } : {}) };
}

/**
 * Whether this fulfilment ships the order's last units: the ledger shows the order fully fulfilled, no fulfilment
 * made after this one exists (that one completes it), and the store's completion is not recorded already.
 */
async function completesOrder(db: Db, fulfillment: Fulfilment, completedId: string): Promise<boolean> {
  if (fulfillmentStatusOf(fulfillment.order.lines) !== "fulfilled") return false;
  const later = await db.fulfillment.findFirst({
    where: {
      orderId: fulfillment.orderId,
      status: "success",
      id: { not: fulfillment.id },
      OR: [
        { createdAt: { gt: fulfillment.createdAt } },
        { createdAt: fulfillment.createdAt, id: { gt: fulfillment.id } },
      ],
    },
    select: { id: true },
  });
  if (later) return false;
  const recorded = await db.fulfillment.findFirst({
    where: { orderId: fulfillment.orderId, externalId: completedId },
    select: { id: true },
  });
  return recorded === null;
}

async function updateTracking(clientFor: WooClientForCommand, context: CommandContext) {
  const { db, channel, command } = context;
  const fulfillment = await loadFulfilment(db, channel.shopId, command.payload);
  const newer = await newerTrackingCommand(db, command.id, fulfillment.id);
  if (newer) return { supersededBy: newer };
  if (fulfillment.status !== "success") throw new CommandRefusedError("The fulfilment is cancelled");
  if (!fulfillment.externalId) {
    // Retried (with backoff) until the create command has run; a create that died never will.
    if (await fulfilmentCreateInFlight(db, fulfillment.id)) throw new Error("The fulfilment is not on WooCommerce yet");
    throw new CommandRefusedError(
      "The fulfilment never reached WooCommerce: retry its fulfillment.create command, which sends the current tracking",
    );
  }
  const note = trackingNote(fulfillment);
  // Tracking removed: WooCommerce keeps notes, so there is nothing to take back and nothing new to tell.
  if (!note) return { fulfillmentId: fulfillment.externalId, noteId: null };
  const client = await clientFor(channel, db);
  const noted = await addNoteOnce(client, wooOrderId(fulfillment.order.externalId), note, true);
  return { fulfillmentId: fulfillment.externalId, noteId: noted.noteId };
}
