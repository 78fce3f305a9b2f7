import { z } from "zod";
import { invalidRequest } from "./errors.server";

// Opaque to clients: they pass back what they got, so the keyset can change without breaking them.
export function encodeCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** A cursor this API issued, or a 400 naming the `cursor` parameter. */
export function decodeCursor<Schema extends z.ZodType>(cursor: string, schema: Schema): z.output<Schema> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const result = schema.safeParse(decoded);
  if (!result.success) {
    throw invalidRequest("The cursor is invalid", [
      { path: ["cursor"], message: "not a cursor issued by this API", code: "invalid_cursor" },
    ]);
  }
  return result.data;
}

export const TimeAndIdCursorSchema = z.tuple([z.iso.datetime(), z.string().min(1)]);
export const SkuCursorSchema = z.tuple([z.string().min(1)]);
