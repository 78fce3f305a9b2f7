import { describe, expect, it } from "vitest";
import { readJsonBody } from "./body.server";
import { ApiError } from "./errors.server";

// drill:bad-input: "\u0000" (PostgreSQL) and an unpaired "\ud800" (Prisma's engine, both databases) in any JSON
// string of a REST request failed as a 500 where the string reached a query; they are refused as 400 up front.

const post = (body: string) =>
  new Request("http://api.test/api/v1/inventory/adjustments", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
  });

async function refusal(body: string) {
  const error = await readJsonBody(post(body)).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("readJsonBody", () => {
  it("refuses a NUL or an unpaired surrogate in a value, naming where", async () => {
    const nul = await refusal('{"sku":"a\\u0000b","delta":1}');
    expect(nul.status).toBe(400);
    expect(nul.details).toMatchObject({ issues: [{ path: ["sku"], code: "invalid_text" }] });
    const lone = await refusal('{"lines":[{"line_id":"x"},{"line_id":"broken\\ud800half"}]}');
    expect(lone.details).toMatchObject({ issues: [{ path: ["lines", 1, "line_id"], code: "invalid_text" }] });
    const low = await refusal('{"reason":"\\udc00"}');
    expect(low.status).toBe(400);
  });

  it("refuses them in a key too", async () => {
    expect((await refusal('{"a\\u0000":1}')).status).toBe(400);
  });

  it("keeps paired surrogates and every other character", async () => {
    const { json } = await readJsonBody(post('{"note":"\\ud83e\\udde8 \\u00f6 \\u202e","n":[1,"x"]}'));
    expect(json).toEqual({ note: "🧨 ö \u202e", n: [1, "x"] });
  });

  it("walks deep nesting without recursion", async () => {
    const depth = 100_000;
    const started = Date.now();
    const { json } = await readJsonBody(post(`${"[".repeat(depth)}${"]".repeat(depth)}`));
    expect(Array.isArray(json)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
