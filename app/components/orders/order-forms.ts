import { z } from "zod";
import { OrderCancelCommandSchema } from "../../services/commands/kinds";

// The order page's three forms, shared by the forms (field names) and the action (parsing). A line's quantity
// arrives as repeated `lineId` and `quantity` fields in the same order; its errors are keyed `quantity.<lineId>` so
// each shows on its own field.

const blankAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalText = (max: number) =>
  z.preprocess(blankAsUndefined, z.string().trim().max(max, `At most ${max} characters`).optional());
const listOf = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(schema));
const checkbox = z.preprocess((value) => value === "on" || value === "true", z.boolean());

export const quantityField = (lineId: string) => `quantity.${lineId}`;

/** The most units one line of a fulfilment or return can carry (the REST API's limit too). */
export const MAX_LINE_UNITS = 1_000_000;

/** Each line's units (0 skips the line), checked one by one so a mistake shows on its own line. */
function checkQuantities(nothingChosen: string) {
  return (form: { lineId: string[]; quantity: string[] }, ctx: z.RefinementCtx) => {
    if (form.lineId.length !== form.quantity.length || form.lineId.length === 0) {
      ctx.addIssue({ code: "custom", message: "The form's lines do not match: reload the page", path: ["form"] });
      return;
    }
    let chosen = 0;
    let malformed = false;
    form.quantity.forEach((raw, index) => {
      const value = raw.trim() === "" ? 0 : Number(raw);
      // Bounded like the API's line quantities: "99999999999999999999" is an integer to Number() but no order's line.
      if (!Number.isInteger(value) || value < 0 || value > MAX_LINE_UNITS) {
        malformed = true;
        ctx.addIssue({
          code: "custom",
          message: "Enter a whole number of units (0 to skip)",
          path: [quantityField(form.lineId[index]!)],
        });
      } else chosen += value;
    });
    if (chosen === 0 && !malformed) ctx.addIssue({ code: "custom", message: nothingChosen, path: ["lines"] });
  };
}

/** The lines with units chosen, as the order services take them. */
export function chosenLines(form: { lineId: string[]; quantity: string[] }) {
  return form.lineId
    .map((lineId, index) => ({ lineId, quantity: Number(form.quantity[index]?.trim() || 0) }))
    .filter((line) => line.quantity > 0);
}

export const FulfilFormSchema = z
  .object({
    intent: z.literal("fulfil"),
    lineId: listOf(z.string().min(1)),
    quantity: listOf(z.string()),
    locationId: z.string({ error: "Choose where the units ship from" }).min(1, "Choose where the units ship from"),
    carrier: optionalText(120),
    trackingNumber: optionalText(255),
    trackingUrl: z.preprocess(
      blankAsUndefined,
      z
        .url({ protocol: /^https?$/, error: "Enter a web address starting with https://" })
        .max(2048, "At most 2048 characters")
        .optional(),
    ),
    notifyCustomer: checkbox,
  })
  .superRefine(checkQuantities("Choose at least one unit to fulfil"));

export const CANCEL_REASONS = OrderCancelCommandSchema.shape.reason.options;
export const CANCEL_REASON_LABELS: Record<(typeof CANCEL_REASONS)[number], string> = {
  customer: "Customer changed or cancelled the order",
  declined: "Payment declined",
  fraud: "Fraudulent order",
  inventory: "Items unavailable",
  staff: "Staff error",
  other: "Other",
};

export const CancelFormSchema = z.object({
  intent: z.literal("cancel"),
  reason: z.enum(CANCEL_REASONS, { error: "Choose why the order is cancelled" }),
  restock: checkbox,
  refund: checkbox,
  notifyCustomer: checkbox,
  staffNote: optionalText(255),
});

export const ReturnFormSchema = z
  .object({
    intent: z.literal("return"),
    lineId: listOf(z.string().min(1)),
    quantity: listOf(z.string()),
    // One per line, in the same order; blank when the merchant gives none.
    reason: listOf(z.string().trim().max(255, "At most 255 characters")),
    note: optionalText(1000),
  })
  .superRefine(checkQuantities("Choose at least one unit to return"));

export type FulfilForm = z.output<typeof FulfilFormSchema>;
export type CancelForm = z.output<typeof CancelFormSchema>;
export type ReturnForm = z.output<typeof ReturnFormSchema>;

/** The returned lines with their reasons (the reason of a line left at 0 units is dropped with it). */
export function chosenReturnLines(form: ReturnForm) {
  return form.lineId
    .map((lineId, index) => ({
      lineId,
      quantity: Number(form.quantity[index]?.trim() || 0),
      reason: form.reason[index] || undefined,
    }))
    .filter((line) => line.quantity > 0);
}

/** A field's first error from an action's answer, for a Polaris `error=` prop. */
export function fieldError(answer: unknown, field: string): string | undefined {
  if (!answer || typeof answer !== "object" || !("fieldErrors" in answer)) return undefined;
  const errors = (answer as { fieldErrors: Record<string, string[] | undefined> }).fieldErrors;
  return errors[field]?.[0];
}

/** Each form's fetcher, shared by the form (submitting) and the page (its toast), by key. */
export const ORDER_FETCHERS = { fulfil: "order-fulfil", cancel: "order-cancel", return: "order-return" } as const;

/** Whether an action's answer is a success. */
export function succeeded(answer: unknown): boolean {
  return Boolean(answer && typeof answer === "object" && "ok" in answer && (answer as { ok: unknown }).ok === true);
}
