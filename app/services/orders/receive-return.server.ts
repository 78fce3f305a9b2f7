import { z } from "zod";
import type { Db, Tx } from "../../db.server";
import { recordCommand } from "../commands/record-command.server";
import { restockLines, type RestockRequest } from "../ledger/orders/restock.server";
import { nextReturnStatus } from "../ledger/orders/return-lines";
import { LedgerConflict } from "../ledger/retry.server";
import { enqueueRecorded, type OrderActionOptions } from "./enqueue.server";
import { conflict, invalid, notFound } from "./errors";

export const ReceiveReturnSchema = z.object({
  returnId: z.string().min(1),
  lines: z
    .array(
      z.object({
        returnLineId: z.string().min(1),
        quantity: z.number().int().min(1).max(1_000_000),
        /** restock: back on the shelf at the line's location; dispose: kept out of stock (damaged, missing). */
        disposition: z.enum(["restock", "dispose"]),
        condition: z.string().trim().min(1).max(120).optional(),
      }),
    )
    .min(1)
    .max(250)
    .superRefine((lines, ctx) => {
      const seen = new Set<string>();
      for (const [index, line] of lines.entries()) {
        if (seen.has(line.returnLineId)) {
          ctx.addIssue({ code: "custom", message: "names a return line twice", path: [index, "returnLineId"] });
        }
        seen.add(line.returnLineId);
      }
    }),
  /** Whether the channel refunds the customer for what came back (the amount the channel suggests). */
  refund: z.boolean(),
  notifyCustomer: z.boolean().default(false),
});
export type ReceiveReturnInput = z.input<typeof ReceiveReturnSchema>;
type ReceiveRequest = z.output<typeof ReceiveReturnSchema>;

/** A return still expecting units: opened (approved), on its way, or partly received already. */
const RECEIVING = new Set(["approved", "in_transit", "received", "refunded"]);

/**
 * The merchant receives units of a return (screens, REST API): restock lines go back on the shelf at once, dispose
 * lines are kept out, and a return.process command tells the channel, all in the ledger transaction that restocks.
 * The units are recorded as received in that transaction, the same once-only step as a channel's return notice, so
 * the channel's echo of this return (and its refund) restocks nothing more (ADR 0009).
 */
export async function receiveReturn(db: Db, shopId: string, input: ReceiveReturnInput, options: OrderActionOptions) {
  const request = ReceiveReturnSchema.parse(input);
  const record = await db.return.findFirst({
    where: { id: request.returnId, shopId },
    select: {
      id: true,
      lines: { select: { orderLine: { select: { externalId: true } } } },
      order: {
        select: { id: true, externalId: true, channel: { select: { id: true, shopId: true, kind: true, name: true } } },
      },
    },
  });
  if (!record) throw notFound(`Return ${request.returnId} not found`, ["returnId"]);
  let command: Awaited<ReturnType<typeof recordCommand>> | null = null;
  // Every line of the return bounds what may be restocked, so every balance the receipt can name is locked.
  const bound = record.lines.map((line) => ({
    lineExternalId: line.orderLine.externalId,
    quantity: 0,
    locationId: null,
  }));
  await restockLines(
    db,
    record.order.channel,
    record.order.externalId,
    bound,
    { source: options.source ?? "ui", actor: options.actor, reason: "Return received", timeline: "Return received" },
    async (tx, orderId) => {
      const received = await receiveUnderLock(tx, record.id, request);
      command = await recordCommand(tx, {
        channel: await tx.channel.findUniqueOrThrow({
          where: { id: record.order.channel.id },
          select: { id: true, shopId: true, kind: true, status: true },
        }),
        kind: "return.process",
        orderId,
        subjectId: record.id,
        payload: {
          returnId: record.id,
          lines: request.lines.map(({ returnLineId, quantity, disposition }) => ({
            returnLineId,
            quantity,
            disposition,
          })),
          refund: request.refund,
          notifyCustomer: request.notifyCustomer,
        },
      });
      await tx.return.update({
        where: { id: record.id },
        data: {
          status: nextReturnStatus(received.status, request.refund ? "refunded" : "received"),
          channelSyncState: command.state === "pending" ? "pending" : "not_applicable",
        },
      });
      if (received.disposed.length > 0) {
        await tx.timelineEvent.create({
          data: {
            shopId,
            orderId,
            kind: "return",
            message: `Received and not restocked: ${received.disposed.join(", ")}`,
            source: options.source ?? "ui",
          },
        });
      }
      return received.restock;
    },
  );
  await enqueueRecorded(options, command);
  const updated = await db.return.findUniqueOrThrow({ where: { id: record.id }, include: { lines: true } });
  return { ...updated, commandId: command!.id };
}

/**
 * Checks the receipt against the return as it is under the lock and records it: each line's disposition and
 * received units; a line received in part leaves its other units on a line of their own, still expected back.
 */
async function receiveUnderLock(tx: Tx, returnId: string, request: ReceiveRequest) {
  const current = await tx.return.findUniqueOrThrow({
    where: { id: returnId },
    select: {
      status: true,
      lines: {
        select: {
          id: true,
          orderLineId: true,
          quantity: true,
          receivedQty: true,
          disposition: true,
          reason: true,
          orderLine: { select: { externalId: true, title: true } },
        },
      },
    },
  });
  if (!RECEIVING.has(current.status)) {
    throw conflict(
      current.status === "requested"
        ? "This return is a customer's request: approve it on the channel before receiving it"
        : `This return is ${current.status.replace("_", " ")} and expects nothing more`,
      ["returnId"],
    );
  }
  const restock: RestockRequest[] = [];
  const disposed: string[] = [];
  for (const [index, wanted] of request.lines.entries()) {
    const line = current.lines.find((candidate) => candidate.id === wanted.returnLineId);
    if (!line) throw invalid(`Line ${wanted.returnLineId} is not on this return`, ["lines", index, "returnLineId"]);
    if (line.disposition !== null || line.receivedQty > 0) {
      throw conflict(`${line.orderLine.title} on this line was received already`, ["lines", index, "returnLineId"]);
    }
    if (wanted.quantity > line.quantity) {
      throw invalid(`Only ${line.quantity} unit(s) of ${line.orderLine.title} are expected back on this line`, [
        "lines",
        index,
        "quantity",
      ]);
    }
    const { count } = await tx.returnLine.updateMany({
      where: { id: line.id, disposition: null, receivedQty: 0, quantity: line.quantity },
      data: {
        quantity: wanted.quantity,
        disposition: wanted.disposition,
        condition: wanted.condition ?? null,
        receivedQty: wanted.quantity,
      },
    });
    if (count === 0) throw new LedgerConflict(`Return line ${line.id} changed while it was received`);
    if (wanted.quantity < line.quantity) {
      await tx.returnLine.create({
        data: {
          returnId,
          orderLineId: line.orderLineId,
          quantity: line.quantity - wanted.quantity,
          reason: line.reason,
        },
      });
    }
    if (wanted.disposition === "restock") {
      restock.push({ lineExternalId: line.orderLine.externalId, quantity: wanted.quantity, locationId: null });
    } else {
      disposed.push(`${wanted.quantity} × ${line.orderLine.title}${wanted.condition ? ` (${wanted.condition})` : ""}`);
    }
  }
  return { status: current.status, restock, disposed };
}
