import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "./forms.server";

const LinesSchema = z.object({
  intent: z.literal("fulfil"),
  line: z.array(z.string().min(1)).or(
    z
      .string()
      .min(1)
      .transform((line) => [line]),
  ),
  quantity: z.coerce.number().int().positive("Enter at least 1"),
});

function post(fields: [string, string][]) {
  const body = new URLSearchParams(fields);
  return new Request("http://app.test/app/orders/1", { method: "POST", body });
}

describe("parseForm", () => {
  it("reads repeated fields as a list and single ones as values", async () => {
    const parsed = await parseForm(
      post([
        ["intent", "fulfil"],
        ["line", "a"],
        ["line", "b"],
        ["quantity", "2"],
      ]),
      LinesSchema,
    );
    expect(parsed).toEqual({ ok: true, data: { intent: "fulfil", line: ["a", "b"], quantity: 2 } });
  });

  it("answers a refusal with field errors, a toast and status 400", async () => {
    const parsed = await parseForm(
      post([
        ["intent", "fulfil"],
        ["line", "a"],
        ["quantity", "0"],
      ]),
      LinesSchema,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.refusal.init?.status).toBe(400);
    expect(parsed.refusal.data).toMatchObject({
      ok: false,
      fieldErrors: { quantity: ["Enter at least 1"] },
      toast: "Check the highlighted fields",
    });
  });
});
