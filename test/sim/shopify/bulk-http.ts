import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { BULK_RESULT_TTL_MS, bulkOperationsOf, type SimBulkOperation } from "./bulk-operations";
import type { ShopifySim } from "./sim";

// Where a finished bulk operation's JSONL is downloaded: Shopify hands out a signed storage URL that expires after
// 7 days and needs no access token. Here it is a path on the simulator's own origin (the one the request came in on),
// signed with a key the simulator makes up at start, served by msw and by the HTTP server alike.

export const BULK_OUTPUT_PATH = "/bulk-operation-outputs/";
const SIGNING_KEY = randomBytes(32);
const OUTPUT_FILE = /^\/bulk-operation-outputs\/([a-z0-9.-]+)\/(\d+)-(final|partial)\.jsonl$/;

type OutputKind = "final" | "partial";

const sign = (path: string, expires: string) =>
  createHmac("sha256", SIGNING_KEY).update(`GET\n${path}\n${expires}`).digest("base64url");

/** The download URL of an operation's result (final) or partial data, or null when there is none. */
export function bulkOutputUrl(origin: string, domain: string, operation: SimBulkOperation, kind: OutputKind) {
  if (!operation.result || operation.finishedAtMs === null || operation.result.lines.length === 0) return null;
  if ((kind === "final") !== (operation.status === "COMPLETED")) return null;
  const path = `${BULK_OUTPUT_PATH}${domain}/${operation.id}-${kind}.jsonl`;
  const expires = String(Math.floor((operation.finishedAtMs + BULK_RESULT_TTL_MS) / 1000));
  const query = new URLSearchParams({ GoogleAccessId: "sim-bulk-outputs", Expires: expires });
  query.set("Signature", sign(path, expires));
  return `${origin}${path}?${query}`;
}

const refusal = (status: number, code: string, message: string) =>
  new Response(
    `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    {
      status,
      headers: { "content-type": "application/xml; charset=UTF-8" },
    },
  );

function validSignature(path: string, expires: string, signature: string) {
  const expected = Buffer.from(sign(path, expires));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Answers a GET for a bulk output file, or null when the request is not for one. */
export function serveBulkOutput(sim: ShopifySim, request: Request): Response | null {
  const url = new URL(request.url);
  const match = OUTPUT_FILE.exec(url.pathname);
  if (!match || request.method !== "GET") return null;
  const [, domain, id, kind] = match;
  const expires = url.searchParams.get("Expires") ?? "";
  if (!validSignature(url.pathname, expires, url.searchParams.get("Signature") ?? "")) {
    return refusal(403, "SignatureDoesNotMatch", "The request signature we calculated does not match.");
  }
  if (Number(expires) * 1000 <= sim.clock.nowMs())
    return refusal(400, "ExpiredToken", "The provided token has expired.");
  let operation: SimBulkOperation | undefined;
  try {
    operation = bulkOperationsOf(sim.shop(domain!).ctx).get(Number(id));
  } catch {
    operation = undefined;
  }
  const result = operation?.result;
  if (!operation || !result || (kind === "final") !== (operation.status === "COMPLETED")) {
    return refusal(404, "NoSuchKey", "The specified key does not exist.");
  }
  return new Response(jsonlStream(result.lines), {
    headers: { "content-type": "application/jsonl", "cache-control": "private, max-age=0" },
  });
}

/** The lines as a stream, a thousand at a time, as a download arrives. */
function jsonlStream(lines: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next >= lines.length) return controller.close();
      const chunk = lines.slice(next, next + 1000);
      next += chunk.length;
      controller.enqueue(encoder.encode(`${chunk.join("\n")}\n`));
    },
  });
}
