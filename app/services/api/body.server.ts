import { ApiError, invalidRequest } from "./errors.server";
import { discardInBackground } from "../inbox/raw-body.server";

export const MAX_BODY_BYTES = 1024 * 1024;
// What is read and thrown away after refusing a body, so a client still sending can read the 413.
const DISCARD_LIMIT_BYTES = 8 * MAX_BODY_BYTES;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * The request's JSON body and its raw text (idempotency hashes the raw bytes). Reads at most
 * `limit` bytes from the stream: Content-Length can be absent (chunked) or lie, so it only lets an
 * honest oversized request fail before any byte is read.
 */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<{ raw: string; json: unknown }> {
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json", {
      content_type: mediaType || null,
    });
  }
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    if (request.body) discardInBackground(request.body.getReader(), DISCARD_LIMIT_BYTES);
    throw tooLarge(limit);
  }

  const bytes = await readLimited(request, limit);
  let raw: string;
  try {
    raw = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw invalidRequest("The body is not valid UTF-8", [{ path: [], message: "invalid UTF-8", code: "invalid_json" }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    const message = error instanceof SyntaxError ? error.message : "malformed JSON";
    throw invalidRequest("The body is not valid JSON", [{ path: [], message, code: "invalid_json" }]);
  }
  const unstorable = findUnstorableText(json);
  if (unstorable) {
    throw invalidRequest("The body holds text that cannot be stored", [
      { path: unstorable.path, message: unstorable.message, code: "invalid_text" },
    ]);
  }
  return { raw, json };
}

// \u0000 and unpaired surrogate escapes (\ud800) are valid JSON but not storable text: PostgreSQL refuses NUL in text
// and Prisma's engine refuses a lone surrogate in any query argument, so either failed as a 500 wherever it went
// (drill:bad-input). \p{Cs} in a u-mode pattern matches a surrogate code unit only when it is unpaired.
const LONE_SURROGATE = /\p{Cs}/u;
const isUnstorable = (text: string) => text.includes("\u0000") || LONE_SURROGATE.test(text);

type Visit = { value: unknown; key: string | number | null; parent: Visit | null };

const pathOf = (visit: Visit) => {
  const path: (string | number)[] = [];
  for (let at: Visit | null = visit; at && at.key !== null; at = at.parent) path.unshift(at.key);
  return path;
};

/** The first string (value or key) no database can store, with where it is; walked without recursion. */
export function findUnstorableText(value: unknown): { path: (string | number)[]; message: string } | null {
  const stack: Visit[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    if (typeof visit.value === "string") {
      if (isUnstorable(visit.value)) return { path: pathOf(visit), message: "contains a NUL or an unpaired surrogate" };
    } else if (Array.isArray(visit.value)) {
      visit.value.forEach((item, index) => stack.push({ value: item, key: index, parent: visit }));
    } else if (visit.value !== null && typeof visit.value === "object") {
      for (const [key, item] of Object.entries(visit.value)) {
        if (isUnstorable(key)) return { path: pathOf(visit), message: `key ${JSON.stringify(key)} is not storable` };
        stack.push({ value: item, key, parent: visit });
      }
    }
  }
  return null;
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      discardInBackground(reader, DISCARD_LIMIT_BYTES);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(limit: number) {
  return new ApiError(413, "payload_too_large", `The body must be at most ${limit} bytes`, { limit_bytes: limit });
}
