import { z } from "zod";
import type { Db, Tx } from "../../db.server";
import type { OrderActionOptions } from "./enqueue.server";
import { conflict, invalid, notFound } from "./errors";

// A return's life after it is opened, as the merchant moves it along: approve or decline a customer's request, mark
// it in transit, close it once everything came back, and keep notes. Receiving units is receiveReturn's job: it
// restocks. These steps move no stock and are not sent to the channel (no channel command takes them yet).

export type ReturnStep = "approve" | "decline" | "markInTransit" | "close";

/** Which status each step may start from, and where it leads. Anything else is refused as a conflict. */
export const RETURN_STEPS: Record<ReturnStep, { from: readonly string[]; to: string; done: string }> = {
  approve: { from: ["requested"], to: "approved", done: "Return approved" },
  decline: { from: ["requested"], to: "declined", done: "Return declined" },
  markInTransit: { from: ["approved"], to: "in_transit", done: "Return marked in transit" },
  close: { from: ["received", "refunded"], to: "closed", done: "Return closed" },
};

/** Statuses in which units may still be received (the same as receiveReturn accepts). */
const RECEIVING = new Set(["approved", "in_transit", "received", "refunded"]);

/** A return's notes are one text; past this the merchant should start trimming rather than keep appending. */
export const NOTES_MAX = 5000;

export const ReturnStepSchema = z.object({
  returnId: z.string().min(1),
  /** Why, in the merchant's words: kept on the order's timeline (a decline's reason, a closing remark). */
  reason: z.string().trim().min(1).max(500).optional(),
});
export type ReturnStepInput = z.input<typeof ReturnStepSchema>;

export const ReturnNoteSchema = z.object({
  returnId: z.string().min(1),
  note: z.string().trim().min(1, "Write a note").max(1000, "At most 1,000 characters"),
});
export type ReturnNoteInput = z.input<typeof ReturnNoteSchema>;

const spoken = (status: string) => status.replace("_", " ");

function refusalFor(step: ReturnStep, status: string): string {
  if (step === "close") {
    return RECEIVING.has(status)
      ? `This return is ${spoken(status)}: receive its units before closing it`
      : `This return is ${spoken(status)} and cannot be closed`;
  }
  if (step === "markInTransit") {
    return status === "requested"
      ? "This return is a request: approve it before marking it in transit"
      : `This return is ${spoken(status)} and cannot be marked in transit`;
  }
  return `This return is ${spoken(status)}: only a requested return can be ${step === "approve" ? "approved" : "declined"}`;
}

async function findReturn(tx: Tx | Db, shopId: string, returnId: string) {
  const record = await tx.return.findFirst({
    where: { id: returnId, shopId },
    select: {
      id: true,
      orderId: true,
      status: true,
      note: true,
      lines: { select: { quantity: true, disposition: true, receivedQty: true } },
    },
  });
  if (!record) throw notFound(`Return ${returnId} not found`, ["returnId"]);
  return record;
}

/** Units on lines not received yet: a return still expecting them is not finished. */
export function unitsExpected(lines: { quantity: number; disposition: string | null; receivedQty: number }[]) {
  return lines
    .filter((line) => line.disposition === null && line.receivedQty === 0)
    .reduce((sum, line) => sum + line.quantity, 0);
}

/** The steps a return in this state can take now, for a screen to offer only those. */
export function availableSteps(record: {
  status: string;
  lines: { quantity: number; disposition: string | null; receivedQty: number }[];
}) {
  const expected = unitsExpected(record.lines);
  return {
    approve: RETURN_STEPS.approve.from.includes(record.status),
    decline: RETURN_STEPS.decline.from.includes(record.status),
    markInTransit: RETURN_STEPS.markInTransit.from.includes(record.status),
    close: RETURN_STEPS.close.from.includes(record.status) && expected === 0,
    receive: RECEIVING.has(record.status) && expected > 0,
  };
}

/**
 * Moves a return one step, checked against its status at the time of writing: the update only matches the statuses
 * the step may start from, so two merchants doing different steps at once cannot both win.
 */
export async function moveReturn(
  db: Db,
  shopId: string,
  step: ReturnStep,
  input: ReturnStepInput,
  options: OrderActionOptions,
) {
  const request = ReturnStepSchema.parse(input);
  const rule = RETURN_STEPS[step];
  return db.$transaction(async (tx) => {
    const current = await findReturn(tx, shopId, request.returnId);
    if (!rule.from.includes(current.status)) throw conflict(refusalFor(step, current.status), ["returnId"]);
    if (step === "close") {
      const expected = unitsExpected(current.lines);
      if (expected > 0) {
        throw conflict(
          `${expected} unit(s) are still expected back: receive them first (dispose of any that never arrive)`,
          ["returnId"],
        );
      }
    }
    const { count } = await tx.return.updateMany({
      where: { id: current.id, shopId, status: current.status },
      data: { status: rule.to },
    });
    if (count === 0) throw conflict("This return changed meanwhile: reload it and try again", ["returnId"]);
    await tx.timelineEvent.create({
      data: {
        shopId,
        orderId: current.orderId,
        kind: "return",
        message: request.reason ? `${rule.done}: ${request.reason}` : rule.done,
        source: options.source ?? "ui",
        data: { returnId: current.id, from: current.status, to: rule.to, actor: options.actor },
      },
    });
    return { id: current.id, status: rule.to, from: current.status };
  });
}

/** Appends a note to the return's notes (kept whatever its status) and to the order's timeline, with who wrote it. */
export async function addReturnNote(db: Db, shopId: string, input: ReturnNoteInput, options: OrderActionOptions) {
  const request = ReturnNoteSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await findReturn(tx, shopId, request.returnId);
    const note = current.note ? `${current.note}\n\n${request.note}` : request.note;
    if (note.length > NOTES_MAX) {
      throw invalid(`This return's notes are full (${NOTES_MAX.toLocaleString("en-US")} characters)`, ["note"]);
    }
    await tx.return.update({ where: { id: current.id }, data: { note } });
    await tx.timelineEvent.create({
      data: {
        shopId,
        orderId: current.orderId,
        kind: "return",
        message: `Return note: ${request.note}`,
        source: options.source ?? "ui",
        data: { returnId: current.id, actor: options.actor },
      },
    });
    return { id: current.id, note };
  });
}
