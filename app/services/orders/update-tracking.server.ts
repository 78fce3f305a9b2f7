import { z } from "zod";
import type { Db, Tx } from "../../db.server";
import { recordCommand } from "../commands/record-command.server";
import { withLedgerRetry } from "../ledger/retry.server";
import { enqueueRecorded, type OrderActionOptions } from "./enqueue.server";
import { conflict, notFound } from "./errors";

// Omitted: keep what the fulfilment has; null: clear it.
const TrackingField = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const UpdateTrackingSchema = z
  .object({
    fulfillmentId: z.string().min(1),
    carrier: TrackingField(z.string().trim().min(1).max(120)),
    trackingNumber: TrackingField(z.string().trim().min(1).max(255)),
    trackingUrl: TrackingField(z.url({ protocol: /^https?$/ }).max(2048)),
    notifyCustomer: z.boolean().default(false),
  })
  .refine(
    (input) => input.carrier !== undefined || input.trackingNumber !== undefined || input.trackingUrl !== undefined,
    {
      message: "give at least one of carrier, trackingNumber and trackingUrl",
    },
  );
export type UpdateTrackingInput = z.input<typeof UpdateTrackingSchema>;

/** A create command still to run (or running) will tell the channel about the fulfilment: it will know it. */
export async function fulfilmentCreateInFlight(db: Db | Tx, fulfillmentId: string) {
  const command = await db.channelCommand.findFirst({
    where: { kind: "fulfillment.create", subjectId: fulfillmentId, state: { in: ["pending", "running"] } },
    select: { id: true },
  });
  return command !== null;
}

/**
 * A tracking command of the same fulfilment recorded after this one, if any. Tracking commands of one fulfilment may run
 * out of order (a retry waits); only the newest says what is true, so an older one gives way to it.
 */
export async function newerTrackingCommand(db: Db, commandId: string, fulfillmentId: string): Promise<string | null> {
  const mine = await db.channelCommand.findUniqueOrThrow({ where: { id: commandId }, select: { createdAt: true } });
  const newer = await db.channelCommand.findFirst({
    where: { kind: "fulfillment.tracking", subjectId: fulfillmentId, createdAt: { gt: mine.createdAt } },
    select: { id: true },
  });
  return newer?.id ?? null;
}

/**
 * New tracking for a fulfilment. The channel is told (a fulfillment.tracking command) only about fulfilments it
 * knows or is about to know: one with the channel's id, or ours whose create command has not finished. A fulfilment
 * that never reached the channel carries its tracking when its create command is retried.
 */
export async function updateTracking(db: Db, shopId: string, input: UpdateTrackingInput, options: OrderActionOptions) {
  const request = UpdateTrackingSchema.parse(input);
  const command = await withLedgerRetry(() =>
    db.$transaction(async (tx) => {
      const fulfillment = await tx.fulfillment.findFirst({
        where: { id: request.fulfillmentId, shopId },
        select: {
          id: true,
          externalId: true,
          status: true,
          order: { select: { id: true, channel: { select: { id: true, shopId: true, kind: true, status: true } } } },
        },
      });
      if (!fulfillment) throw notFound(`Fulfilment ${request.fulfillmentId} not found`, ["fulfillmentId"]);
      if (fulfillment.status !== "success") {
        throw conflict("This fulfilment is cancelled: its tracking can no longer change", ["fulfillmentId"]);
      }
      const channelKnows = fulfillment.externalId !== null || (await fulfilmentCreateInFlight(tx, fulfillment.id));
      const recorded = channelKnows
        ? await recordCommand(tx, {
            channel: fulfillment.order.channel,
            kind: "fulfillment.tracking",
            orderId: fulfillment.order.id,
            subjectId: fulfillment.id,
            payload: { fulfillmentId: fulfillment.id },
          })
        : null;
      const updated = await tx.fulfillment.update({
        where: { id: fulfillment.id },
        data: {
          carrier: request.carrier,
          trackingNumber: request.trackingNumber,
          trackingUrl: request.trackingUrl,
          notifyCustomer: request.notifyCustomer,
          ...(recorded?.state === "pending" ? { channelSyncState: "pending" } : {}),
        },
        select: { carrier: true, trackingNumber: true },
      });
      const what = [updated.carrier, updated.trackingNumber].filter(Boolean).join(" ") || "none";
      await tx.timelineEvent.create({
        data: {
          shopId,
          orderId: fulfillment.order.id,
          kind: "tracking_updated",
          message: `Tracking updated: ${what}`,
          source: options.source ?? "ui",
          data: { fulfillmentId: fulfillment.id, actor: options.actor },
        },
      });
      return recorded;
    }),
  );
  await enqueueRecorded(options, command);
  return { fulfillmentId: request.fulfillmentId, commandId: command?.id ?? null };
}
