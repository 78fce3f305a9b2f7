import type { WooErrorKind } from "./types";

// Every way a call to a WooCommerce store can fail, as one error type the app branches on by `kind`. Messages are
// written for the merchant (the connect form shows them) and name the store and the call, never the keys or the
// full URL: with query-string auth the URL carries the consumer secret.

export type WooErrorInit = {
  kind: WooErrorKind;
  message: string;
  /** HTTP status, or null when no answer came (timeout, dropped connection). */
  status?: number | null;
  /** WooCommerce's error code (woocommerce_rest_authentication_error, rest_invalid_param...) or ours (timeout...). */
  code?: string;
  retryAfterMs?: number;
  retryable?: boolean;
};

/** Whether a kind is worth another attempt later, unless the answer says otherwise. */
const RETRYABLE: Record<WooErrorKind, boolean> = {
  auth: false,
  not_found: false,
  invalid: false,
  too_large: false,
  throttled: true,
  unavailable: true,
  not_woocommerce: false,
};

export class WooError extends Error {
  readonly kind: WooErrorKind;
  readonly status: number | null;
  readonly code: string;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;

  constructor(init: WooErrorInit) {
    super(init.message);
    this.name = "WooError";
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.code = init.code ?? init.kind;
    this.retryAfterMs = init.retryAfterMs;
    this.retryable = init.retryable ?? RETRYABLE[init.kind];
  }
}

export function isWooError(error: unknown): error is WooError {
  return error instanceof WooError;
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** WordPress's REST error body: {code, message, data: {status} | status}. */
export type WpErrorBody = { code: string; message: string; data?: unknown };

export function asWpError(body: unknown): WpErrorBody | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { code, message, data } = body as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string") return undefined;
  return { code, message, data };
}

/**
 * The status the controller meant. Some controllers hand WP_Error a bare number as its data (the refunds controller
 * answers an unknown order with HTTP 500 and "data": 404); WordPress then answers 500 whatever the number says.
 */
function intendedStatus(status: number, error: WpErrorBody): number {
  if (status === 500 && typeof error.data === "number" && error.data >= 400 && error.data < 500) return error.data;
  return status;
}

const stripTags = (text: string) =>
  text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** A refusal WooCommerce explained with its JSON error body. */
export function errorFromWpAnswer(status: number, error: WpErrorBody, where: string, retryAfterMs?: number): WooError {
  const said = `${stripTags(error.message) || "no message"} [${error.code}]`;
  const base = { status, code: error.code, retryAfterMs };
  const meant = intendedStatus(status, error);
  if (meant === 401 || meant === 403)
    return new WooError({ ...base, kind: "auth", message: `${where} refused our keys: ${said}` });
  if (meant === 404 && error.code === "rest_no_route")
    return new WooError({
      ...base,
      kind: "not_woocommerce",
      message: `${where}: WordPress has no WooCommerce REST API route there (is WooCommerce active?): ${said}`,
    });
  if (meant === 404) return new WooError({ ...base, kind: "not_found", message: `${where}: not found: ${said}` });
  if (meant === 413) return new WooError({ ...base, kind: "too_large", message: `${where}: too many items: ${said}` });
  if (meant === 429)
    return new WooError({ ...base, kind: "throttled", message: `${where}: too many requests: ${said}` });
  if (meant >= 500 && !error.code.startsWith("woocommerce_"))
    return new WooError({ ...base, kind: "unavailable", message: `${where}: the store failed: ${said}` });
  // A WooCommerce controller's own 500 is a refusal (a payment gateway that cannot refund, say): the same request
  // would be refused again, and for a refund, retrying blindly could move money twice.
  return new WooError({ ...base, kind: "invalid", message: `${where} refused the request: ${said}` });
}

/** An answer that is not WooCommerce's JSON: a web page, a proxy's error page, a redirect, an empty body. */
export function errorFromForeignAnswer(
  status: number,
  body: unknown,
  where: string,
  headers: { location?: string; retryAfter?: string },
): WooError {
  const retryAfterMs = parseRetryAfter(headers.retryAfter);
  if (status === 429)
    return new WooError({
      kind: "throttled",
      status,
      code: "http_429",
      retryAfterMs,
      message: `${where}: too many requests`,
    });
  if (status >= 500)
    return new WooError({
      kind: "unavailable",
      status,
      code: `http_${status}`,
      retryAfterMs,
      message: `${where}: the store or its host is failing (HTTP ${status})`,
    });
  if (status >= 300 && status < 400) {
    return new WooError({
      kind: "not_woocommerce",
      status,
      code: "redirect",
      message: `${where} redirected to ${describeLocation(headers.location)}: use the store's address exactly as WordPress shows it (https, www)`,
    });
  }
  const page = typeof body === "string" ? pageTitle(body) : undefined;
  const what = page !== undefined ? `a web page${page ? ` ("${page}")` : ""}` : "something that is not JSON";
  return new WooError({
    kind: "not_woocommerce",
    status,
    code: page !== undefined ? "html_answer" : "invalid_answer",
    message: `${where} answered HTTP ${status} with ${what}, not the WooCommerce REST API: check the store URL and that WordPress permalinks are not "Plain"`,
  });
}

/** Where a redirect points, without its query (which would repeat our keys). */
function describeLocation(location: string | undefined): string {
  if (!location) return "another address";
  try {
    const url = new URL(location);
    return `${url.origin}${url.pathname}`;
  } catch {
    return "another address";
  }
}

/** The <title> of an HTML answer ("Log In", "Just a moment..."); "" for a page without one, undefined for non-HTML. */
function pageTitle(text: string): string | undefined {
  if (!/<(html|head|body|title|!doctype)/i.test(text)) return undefined;
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  return title ? stripTags(title).slice(0, 80) : "";
}

type TransportFailure = { code?: string; message?: string };

/** No answer at all: a timeout, a refused or dropped connection, a name that does not resolve, a bad certificate. */
export function errorFromTransport(failure: TransportFailure, where: string, timeoutMs: number): WooError {
  const code = failure.code ?? "";
  if (code === "ECONNABORTED" || code === "ETIMEDOUT" || /timeout/i.test(failure.message ?? ""))
    return new WooError({
      kind: "unavailable",
      code: "timeout",
      message: `${where} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`,
    });
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return new WooError({
      kind: "unavailable",
      code: "dns",
      retryable: code === "EAI_AGAIN",
      message: `${where}: the store's host name does not resolve`,
    });
  if (/CERT|SSL|TLS|SELF_SIGNED/i.test(code))
    return new WooError({
      kind: "unavailable",
      code: "tls",
      retryable: false,
      message: `${where}: the store's HTTPS certificate is not valid (${code})`,
    });
  if (code === "HPE_HEADER_OVERFLOW")
    return new WooError({
      kind: "not_woocommerce",
      code: "header_overflow",
      message: `${where} answered with headers too large to read (often PHP warnings sent as headers); fix the store's warnings`,
    });
  return new WooError({
    kind: "unavailable",
    code: "network",
    message: `${where}: could not reach the store${code ? ` (${code})` : ""}`,
  });
}
