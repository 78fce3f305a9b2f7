import { describe, expect, it } from "vitest";
import { OrderCancelCommandSchema } from "../../services/commands/kinds";
import { invalid, notFound } from "../../services/orders/errors";
import { orderActionRefusal } from "./order-actions.server";
import {
  CANCEL_REASON_LABELS,
  CancelFormSchema,
  chosenLines,
  chosenReturnLines,
  FulfilFormSchema,
  ReturnFormSchema,
} from "./order-forms";

const flatErrors = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message]));

describe("FulfilFormSchema", () => {
  const base = { intent: "fulfil", locationId: "loc1", lineId: ["a", "b"], quantity: ["2", "0"] };

  it("reads the lines with units, blank optional fields and the checkbox", () => {
    const form = FulfilFormSchema.parse({ ...base, carrier: " ", trackingUrl: "", notifyCustomer: "true" });
    expect(form).toMatchObject({ carrier: undefined, trackingUrl: undefined, notifyCustomer: true });
    expect(chosenLines(form)).toEqual([{ lineId: "a", quantity: 2 }]);
  });

  it("puts a bad quantity on its own line and refuses fulfilling nothing", () => {
    expect(flatErrors(FulfilFormSchema.safeParse({ ...base, quantity: ["1.5", "-1"] }))).toEqual({
      "quantity.a": "Enter a whole number of units (0 to skip)",
      "quantity.b": "Enter a whole number of units (0 to skip)",
    });
    expect(flatErrors(FulfilFormSchema.safeParse({ ...base, quantity: ["0", ""] }))).toEqual({
      lines: "Choose at least one unit to fulfil",
    });
  });

  // drill:bad-input: "99999999999999999999" is an integer to Number() and reached the services (a 500).
  it("refuses more units than a line can hold, like the API", () => {
    expect(flatErrors(FulfilFormSchema.safeParse({ ...base, quantity: ["99999999999999999999", "1000001"] }))).toEqual({
      "quantity.a": "Enter a whole number of units (0 to skip)",
      "quantity.b": "Enter a whole number of units (0 to skip)",
    });
    expect(FulfilFormSchema.safeParse({ ...base, quantity: ["1000000", "0"] }).success).toBe(true);
  });

  it("refuses a tracking address that is not a web address", () => {
    expect(flatErrors(FulfilFormSchema.safeParse({ ...base, trackingUrl: "ftp://x.test/1" }))).toEqual({
      trackingUrl: "Enter a web address starting with https://",
    });
  });

  it("reads a single line sent as one field, not a list", () => {
    const form = FulfilFormSchema.parse({ ...base, lineId: "a", quantity: "3" });
    expect(chosenLines(form)).toEqual([{ lineId: "a", quantity: 3 }]);
  });
});

describe("CancelFormSchema", () => {
  it("offers exactly the reasons the channel command takes", () => {
    expect(Object.keys(CANCEL_REASON_LABELS).sort()).toEqual([...OrderCancelCommandSchema.shape.reason.options].sort());
  });

  it("reads the choices and refuses an unknown reason", () => {
    expect(
      CancelFormSchema.parse({ intent: "cancel", reason: "fraud", restock: "true", refund: "false", staffNote: "" }),
    ).toEqual({ intent: "cancel", reason: "fraud", restock: true, refund: false, notifyCustomer: false });
    expect(flatErrors(CancelFormSchema.safeParse({ intent: "cancel", reason: "bored" }))).toEqual({
      reason: "Choose why the order is cancelled",
    });
  });
});

describe("ReturnFormSchema", () => {
  it("keeps each line's reason with its line and drops lines left at 0", () => {
    const form = ReturnFormSchema.parse({
      intent: "return",
      lineId: ["a", "b", "c"],
      quantity: ["1", "0", "2"],
      reason: ["Too small", "ignored", ""],
      note: "Parcel damaged",
    });
    expect(chosenReturnLines(form)).toEqual([
      { lineId: "a", quantity: 1, reason: "Too small" },
      { lineId: "c", quantity: 2, reason: undefined },
    ]);
  });
});

describe("orderActionRefusal", () => {
  it("shows a line's refusal on that line's quantity, with 400", () => {
    const refusal = orderActionRefusal(invalid("Line has only 1 unit(s) left", ["lines", 1, "quantity"]), ["a", "b"]);
    expect(refusal.init?.status).toBe(400);
    expect(refusal.data).toEqual({
      ok: false,
      fieldErrors: { "quantity.b": ["Line has only 1 unit(s) left"] },
      toast: "Line has only 1 unit(s) left",
    });
  });

  it("answers an order that is not the shop's with 404 on the form", () => {
    const refusal = orderActionRefusal(notFound("Order x not found", ["orderId"]), []);
    expect(refusal.init?.status).toBe(404);
    expect(refusal.data.fieldErrors).toEqual({ form: ["Order x not found"] });
  });
});
