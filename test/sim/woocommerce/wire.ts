// What goes over the wire: JSON encoded the way PHP's json_encode (wp_json_encode) does it, which escapes "/" as "\/"
// and every non-ASCII character as \uXXXX. A receiver that re-serialises a webhook body before checking its signature
// fails against a real store, and fails here too.

export function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, "\\/")
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function wpJsonResponse(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  const out = new Headers(headers);
  out.set("Content-Type", "application/json; charset=UTF-8");
  out.set("X-Content-Type-Options", "nosniff");
  out.set("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link");
  return new Response(phpJson(body), { status, headers: out });
}

export function htmlResponse(html: string, status: number, headers: HeadersInit = {}): Response {
  const out = new Headers(headers);
  out.set("Content-Type", "text/html; charset=UTF-8");
  return new Response(html, { status, headers: out });
}
