import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldOf, receiptFromForm, ReturnActionSchema } from "./return-forms";

const errorsOf = (fields: Record<string, unknown>) => {
  const parsed = ReturnActionSchema.safeParse(fields);
  if (parsed.success) throw new Error("expected a refusal");
  const flat = z.flattenError(parsed.error);
  return { ...flat.fieldErrors, ...(flat.formErrors.length > 0 ? { form: flat.formErrors } : {}) };
};

describe("the return page's forms", () => {
  it("reads a receipt of one line (fields given once) and of several (fields repeated)", () => {
    const one = ReturnActionSchema.parse({
      intent: "receive",
      returnLineId: "rl1",
      quantity: "2",
      disposition: "restock",
      condition: "",
    });
    expect(one.intent === "receive" && receiptFromForm(one)).toEqual({
      lines: [{ returnLineId: "rl1", quantity: 2, disposition: "restock" }],
      refund: false,
      formIndex: [0],
    });
    const several = ReturnActionSchema.parse({
      intent: "receive",
      returnLineId: ["rl1", "rl2", "rl3"],
      quantity: ["0", "1", "3"],
      disposition: ["restock", "dispose", "restock"],
      condition: ["", " Torn ", ""],
      refund: "true",
    });
    expect(several.intent === "receive" && receiptFromForm(several)).toEqual({
      lines: [
        { returnLineId: "rl2", quantity: 1, disposition: "dispose", condition: "Torn" },
        { returnLineId: "rl3", quantity: 3, disposition: "restock" },
      ],
      refund: true,
      formIndex: [1, 2],
    });
  });

  it("puts each line's mistake on that line's field", () => {
    expect(
      errorsOf({
        intent: "receive",
        returnLineId: ["rl1", "rl2"],
        quantity: ["1.5", "1"],
        disposition: ["restock", "sell"],
        condition: ["", "x".repeat(121)],
      }),
    ).toEqual({
      "lines.0.quantity": ["Enter whole units (0 if none came)"],
      "lines.1.disposition": ["Choose restock or dispose"],
      "lines.1.condition": ["At most 120 characters"],
    });
  });

  it("refuses a receipt with no units at all, or with lines that do not line up", () => {
    expect(
      errorsOf({ intent: "receive", returnLineId: "rl1", quantity: "0", disposition: "restock", condition: "" }),
    ).toEqual({ form: ["Enter the units that came back on at least one line"] });
    expect(
      errorsOf({ intent: "receive", returnLineId: ["rl1", "rl2"], quantity: "1", disposition: "restock" }),
    ).toEqual({ form: ["The receipt's lines did not arrive whole: reload and try again"] });
  });

  it("reads the other steps, with an empty decline reason as none", () => {
    expect(ReturnActionSchema.parse({ intent: "decline", reason: "  " })).toEqual({ intent: "decline" });
    expect(errorsOf({ intent: "add-note", note: "   " })).toEqual({ note: ["Write a note"] });
    expect(ReturnActionSchema.safeParse({ intent: "refund-everything" }).success).toBe(false);
  });

  it("maps a service's refusal to the form field the merchant sees", () => {
    expect(fieldOf(["lines", 1, "quantity"], [0, 2])).toBe("lines.2.quantity");
    expect(fieldOf(["lines", 0, "returnLineId"], [3])).toBe("lines.3.quantity");
    expect(fieldOf(["returnId"])).toBe("form");
    expect(fieldOf(["note"])).toBe("note");
  });
});
