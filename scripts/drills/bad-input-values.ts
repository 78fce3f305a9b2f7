// The hostile values drill:bad-input puts everywhere: bodies that are not JSON, bodies past the size limits, nesting,
// huge strings, injection strings, unicode oddities and ids of every wrong shape. Each comes with a short kind name,
// the one the summary counts requests by.

/** The REST API's and the webhooks' body limit (app/services/api/body.server.ts, app/services/inbox). */
export const BODY_LIMIT = 1024 * 1024;
/** WooCommerce's key-grant callback reads at most this (app/services/woocommerce/woo-auth.server.ts). */
export const CALLBACK_LIMIT = 64 * 1024;

export const JSON_TYPE = { "content-type": "application/json" };
export const FORM_TYPE = { "content-type": "application/x-www-form-urlencoded" };

/** A JSON object of exactly `bytes` bytes. */
export function jsonOfSize(bytes: number): string {
  const frame = '{"pad":""}';
  return `{"pad":"${"x".repeat(Math.max(0, bytes - frame.length))}"}`;
}

/** The same bytes as a stream without Content-Length (chunked): the limit must hold while reading. */
export function chunkedBody(text: string): () => ReadableStream<Uint8Array> {
  return () => {
    const bytes = Buffer.from(text, "utf8");
    let offset = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
        offset += 64 * 1024;
      },
    });
  };
}

export const nestedArray = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
export const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

/** Malformed bodies for any JSON endpoint, by kind. */
export const MALFORMED_JSON: Record<string, string | Uint8Array> = {
  "invalid-json": "{not json",
  "truncated-json": '{"lines":[{"line_id":"abc","quantity":1}',
  "empty-body": "",
  "json-scalar": "42",
  "json-null": "null",
  "json-array": "[]",
  "invalid-utf8": Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]),
  "bom-prefixed": '\ufeff{"a":1}',
  "deep-nesting": nestedArray(100_000),
  "deep-object": nestedObject(20_000),
  "duplicate-keys": '{"reason":"a","reason":{"$gt":""}}',
  "raw-nul": '{"reason":"a\u0000b"}',
};

export const INJECTIONS: Record<string, string> = {
  "sql-injection": "' OR '1'='1' --",
  "sql-drop": 'x\'); DROP TABLE "Order"; --',
  "html-injection": "<script>alert('cl-probe')</script>",
  "attr-injection": '"><img src=x onerror=alert(1)>',
  "template-injection": "${7*7}{{7*7}}<%= 7*7 %>",
  "path-traversal": "../../../../etc/passwd",
  "nosql-operator": '{"$ne":null}',
};

/** Strings that survive JSON (escaped as \uXXXX by JSON.stringify) but trip databases and renderers. */
export const UNICODE: Record<string, string> = {
  "nul-byte": "nul\u0000inside",
  "lone-surrogate": "broken\ud800half",
  "rtl-override": "\u202etxt.exe",
  "zero-width": "\u200b\u200c\u200d\ufeff",
  "combining-marks": `e${"\u0301".repeat(500)}`,
  "emoji-run": "🧨".repeat(2_000),
  "control-chars": "\u0001\u0007\u001b[31mred\u007f",
};

/** Query-string forms of the same, percent-encoded by hand (encodeURIComponent refuses a lone surrogate). */
export const QUERY_ODDITIES: Record<string, string> = {
  "nul-byte": "a%00b",
  "invalid-utf8": "%FF%FE",
  "lone-surrogate": "%ED%A0%80",
  "overlong-utf8": "%C0%AF",
  "bad-percent": "%E0%A4%A",
  "rtl-override": "%E2%80%AEtxt",
  "sql-injection": encodeURIComponent(INJECTIONS["sql-injection"]!),
  "html-injection": encodeURIComponent(INJECTIONS["html-injection"]!),
  "huge-param": "y".repeat(6_000),
};

/** Path ids that are not ids: unknown ones, wrong shapes, injections; all must be a plain 404 (or 400). */
export const BAD_IDS: Record<string, string> = {
  "unknown-id": "cl0000000000000000000000",
  "uuid-unknown": "00000000-0000-4000-8000-000000000000",
  "numeric-id": "12345678901234567890",
  "negative-id": "-1",
  "long-id": "i".repeat(3_000),
  "sql-injection-id": INJECTIONS["sql-injection"]!,
  "html-injection-id": INJECTIONS["html-injection"]!,
  "unicode-id": "ördér-🧨",
  "nul-id": "abc\u0000def",
};

export const HUGE_STRING = "h".repeat(900_000);

/** Quantities that are not a number of units. */
export const BAD_QUANTITIES: Record<string, unknown> = {
  "negative-quantity": -3,
  "zero-quantity": 0,
  "fractional-quantity": 1.5,
  "huge-quantity": 1e15,
  "unsafe-integer": 2 ** 63,
  "string-quantity": "2",
  "null-quantity": null,
  "exponent-quantity": "1e3",
};

/** The same for form fields (they arrive as text). */
export const BAD_FORM_QUANTITIES: Record<string, string> = {
  "negative-quantity": "-3",
  "fractional-quantity": "1.5",
  "huge-quantity": "99999999999999999999",
  "exponent-quantity": "1e3",
  "text-quantity": "two",
  "hex-quantity": "0x10",
  "infinity-quantity": "Infinity",
};
