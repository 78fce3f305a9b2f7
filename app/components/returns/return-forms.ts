import { z } from "zod";

// The return page's forms, read by its action and filled by its components. A receipt's line fields repeat (one of
// each per line, in the order shown), and their errors are keyed "lines.<index>.<field>" for the field at fault.

/** A repeated form field: absent, once (a string) or many times (an array). */
const repeated = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.string().max(200)).max(250),
);

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => (value ? value : undefined));

export const lineField = (index: number, field: "quantity" | "disposition" | "condition") => `lines.${index}.${field}`;

const ReceiveFormSchema = z
  .object({
    intent: z.literal("receive"),
    returnLineId: repeated,
    quantity: repeated,
    disposition: repeated,
    condition: repeated,
    refund: z.enum(["true", "false"]).default("false"),
  })
  .superRefine((form, ctx) => {
    const count = form.returnLineId.length;
    if (count === 0 || [form.quantity, form.disposition, form.condition].some((list) => list.length !== count)) {
      ctx.addIssue({ code: "custom", message: "The receipt's lines did not arrive whole: reload and try again" });
      return;
    }
    let units = 0;
    let unreadable = false;
    form.quantity.forEach((raw, index) => {
      const quantity = Number(raw.trim());
      if (raw.trim() === "" || !Number.isInteger(quantity) || quantity < 0 || quantity > 1_000_000) {
        unreadable = true;
        ctx.addIssue({
          code: "custom",
          message: "Enter whole units (0 if none came)",
          path: [lineField(index, "quantity")],
        });
      } else units += quantity;
    });
    form.disposition.forEach((value, index) => {
      if (value !== "restock" && value !== "dispose") {
        ctx.addIssue({ code: "custom", message: "Choose restock or dispose", path: [lineField(index, "disposition")] });
      }
    });
    form.condition.forEach((value, index) => {
      if (value.trim().length > 120) {
        ctx.addIssue({ code: "custom", message: "At most 120 characters", path: [lineField(index, "condition")] });
      }
    });
    if (units === 0 && !unreadable)
      ctx.addIssue({ code: "custom", message: "Enter the units that came back on at least one line" });
  });

export const ReturnActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("decline"), reason: optionalText(500, "At most 500 characters") }),
  z.object({ intent: z.literal("mark-in-transit") }),
  z.object({ intent: z.literal("close") }),
  z.object({
    intent: z.literal("add-note"),
    note: z.string().trim().min(1, "Write a note").max(1000, "At most 1,000 characters"),
  }),
  ReceiveFormSchema,
]);
export type ReturnAction = z.output<typeof ReturnActionSchema>;
export type ReceiveForm = Extract<ReturnAction, { intent: "receive" }>;

/**
 * The receipt for receiveReturn: lines with no units are left for later. `formIndex` maps each receipt line back to
 * the form line it came from, so the service's refusal lands on the field the merchant sees.
 */
export function receiptFromForm(form: ReceiveForm) {
  const lines: { returnLineId: string; quantity: number; disposition: "restock" | "dispose"; condition?: string }[] =
    [];
  const formIndex: number[] = [];
  form.returnLineId.forEach((returnLineId, index) => {
    const quantity = Number(form.quantity[index]);
    if (quantity === 0) return;
    const condition = form.condition[index]?.trim();
    lines.push({
      returnLineId,
      quantity,
      disposition: form.disposition[index] === "dispose" ? "dispose" : "restock",
      ...(condition ? { condition } : {}),
    });
    formIndex.push(index);
  });
  return { lines, refund: form.refund === "true", formIndex };
}

/** The form field a service's refusal names (its path into the receipt), or "form" for the whole form. */
export function fieldOf(path: (string | number)[], formIndex: number[] = []): string {
  const rest = path.filter((segment) => segment !== "returnId");
  if (rest[0] === "lines" && typeof rest[1] === "number") {
    const field = rest[2] === "returnLineId" || rest[2] === undefined ? "quantity" : rest[2];
    return `lines.${formIndex[rest[1]] ?? rest[1]}.${field}`;
  }
  return rest.length > 0 ? rest.join(".") : "form";
}

/** What the return page's action answers: a toast either way, and on refusal the fields at fault. */
export type ReturnAnswer =
  | { ok: true; toast: string }
  | { ok: false; toast: string; fieldErrors: Record<string, string[] | undefined> };

/** The first error on a field of the answer, for a Polaris field's `error`. */
export function errorOn(answer: ReturnAnswer | undefined, field: string): string | undefined {
  return answer && !answer.ok ? answer.fieldErrors[field]?.[0] : undefined;
}
