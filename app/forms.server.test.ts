import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, readFormData } from "./forms.server";

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

// drill:bad-input found every /app action answering 500 to a body that is not a form: request.formData() throws a
// TypeError, which Remix turns into "Unexpected Server Error".
describe("readFormData", () => {
  const send = (body: BodyInit | null, contentType?: string) =>
    new Request("http://app.test/app/settings", {
      method: "POST",
      body,
      headers: contentType ? { "Content-Type": contentType } : {},
    });
  const statusOf = async (request: Request) => {
    const thrown = await readFormData(request).then(
      () => null,
      (error: unknown) => error,
    );
    return thrown instanceof Response ? thrown.status : thrown;
  };

  it("answers 415 to a body that is not a form", async () => {
    expect(await statusOf(send('{"intent":"x"}', "application/json"))).toBe(415);
    expect(await statusOf(send("intent=x", "text/plain"))).toBe(415);
    expect(await statusOf(send(new Uint8Array([105, 61, 120])))).toBe(415);
    expect(await statusOf(send(null))).toBe(415);
  });

  it("answers 400 to a form body that cannot be read", async () => {
    expect(await statusOf(send("--zz\r\nbroken", "multipart/form-data; boundary=zz"))).toBe(400);
    expect(await statusOf(send("x", "multipart/form-data"))).toBe(400);
  });

  it("refuses through parseForm too, before the schema runs", async () => {
    const refused = await parseForm(send("{}", "application/json"), LinesSchema).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(415);
  });

  it("answers 400 to a field holding a NUL, which PostgreSQL cannot compare", async () => {
    expect(await statusOf(send("intent=replay&id=abc%00def", "application/x-www-form-urlencoded"))).toBe(400);
  });

  it("reads a form as before", async () => {
    const form = await readFormData(send("intent=x", "application/x-www-form-urlencoded"));
    expect(form.get("intent")).toBe("x");
  });
});
