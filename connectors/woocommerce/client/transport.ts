import WooCommerceRestApiModule from "@woocommerce/woocommerce-rest-api";
import {
  asWpError,
  errorFromForeignAnswer,
  errorFromTransport,
  errorFromWpAnswer,
  parseRetryAfter,
  WooError,
} from "./errors";
import { processStoreLimiters, type StoreLimiters } from "./limiter";
import type { WooCredentials } from "./types";

// The package is CommonJS with its class on `default`: bundlers and vitest hand us the class, Node's own ESM loader
// (tsx, `npm start`) the module object. Take the class either way.
const WooCommerceRestApi = ((WooCommerceRestApiModule as unknown as { default?: typeof WooCommerceRestApiModule })
  .default ?? WooCommerceRestApiModule) as typeof WooCommerceRestApiModule;

// The one place that talks to @woocommerce/woocommerce-rest-api. It signs (Basic or query-string keys over https,
// OAuth 1.0a over http) and hands back axios's raw promise; this wraps that into an answer or a WooError, so the
// library can be swapped for a plain fetch client without touching client.ts.

export type WooLogger = { warn(obj: object, msg?: string): void; debug?(obj: object, msg?: string): void };

export type WooAnswer = { status: number; data: unknown; headers: Record<string, string | undefined> };

export type WooTransport = {
  readonly storeHost: string;
  request(
    method: "get" | "post" | "put" | "delete",
    endpoint: string,
    options?: { params?: Record<string, unknown>; data?: unknown },
  ): Promise<WooAnswer>;
};

type AxiosLikeResponse = { status: number; data: unknown; headers: Record<string, unknown> };
type AxiosLikeError = { isAxiosError?: boolean; response?: AxiosLikeResponse; code?: string; message?: string };

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Attempts for a read whose connection dropped without an answer. */
const READ_ATTEMPTS = 2;

/** Lower-cased string headers; axios gives an AxiosHeaders object whose values may be arrays. */
function plainHeaders(headers: Record<string, unknown> | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === "string") out[name.toLowerCase()] = value;
    else if (Array.isArray(value)) out[name.toLowerCase()] = value.join(", ");
    else if (typeof value === "number") out[name.toLowerCase()] = String(value);
  }
  return out;
}

export function validateCredentials(credentials: WooCredentials): URL {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(credentials.url.trim());
    if (url.protocol !== "https:" && url.protocol !== "http:") problems.push("the store URL must start with https://");
    if (url.search || url.hash) problems.push("the store URL must not have a query or a fragment");
  } catch {
    problems.push("the store URL is not a URL (https://shop.example)");
  }
  if (!credentials.consumerKey.trim()) problems.push("the consumer key is empty");
  if (!credentials.consumerSecret.trim()) problems.push("the consumer secret is empty");
  if (problems.length > 0 || !url)
    throw new WooError({ kind: "invalid", code: "credentials", message: problems.join("; ") });
  return url;
}

export function createWooTransport(
  credentials: WooCredentials,
  options: { timeoutMs?: number; logger?: WooLogger; limiters?: StoreLimiters } = {},
): WooTransport {
  const url = validateCredentials(credentials);
  const limiter = (options.limiters ?? processStoreLimiters).for(url.host);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = [credentials.consumerKey, credentials.consumerSecret].filter((value) => value.length >= 4);
  const api = new WooCommerceRestApi({
    url: url.href.replace(/\/+$/, ""),
    consumerKey: credentials.consumerKey,
    consumerSecret: credentials.consumerSecret,
    version: "wc/v3",
    // Over https, keys in the query string survive hosts that strip the Authorization header (the documented
    // workaround); over http the library ignores this and signs with OAuth 1.0a.
    queryStringAuth: true,
    timeout: timeoutMs,
    // Spread over the library's own request options, so nothing here may be headers or params (they would replace
    // its Accept header or its auth params). A redirect is answered, not followed: followed, it would carry our keys
    // to another address and usually end on a login page.
    axiosConfig: { maxRedirects: 0 },
  });

  /** Defence in depth: a message that somehow quotes a key never leaves this module with it. */
  const redact = (error: WooError): WooError => {
    if (!secrets.some((secret) => error.message.includes(secret))) return error;
    let message = error.message;
    for (const secret of secrets) message = message.split(secret).join("***");
    const { kind, status, code, retryAfterMs, retryable } = error;
    return new WooError({ kind, status, code, retryAfterMs, retryable, message });
  };

  return {
    storeHost: url.host,
    async request(method, endpoint, { params, data } = {}) {
      const where = `${url.host} (${method.toUpperCase()} ${endpoint})`;
      const started = Date.now();
      const send = () =>
        limiter.run(() =>
          method === "get"
            ? api.get(endpoint, params)
            : method === "delete"
              ? api.delete(endpoint, params)
              : api[method](endpoint, data ?? {}, params),
        );
      let response: AxiosLikeResponse | undefined;
      // A read whose connection dropped before any answer is sent once more at once: a keep-alive socket the host
      // closed as we reused it (ECONNRESET) is the usual cause, and the next socket is fine. Writes, 429s, 5xx and
      // timeouts are left to the caller, which knows whether and when to repeat them.
      for (let attempt = 1; !response; attempt++) {
        try {
          response = await send();
        } catch (caught) {
          const failure = caught as AxiosLikeError;
          if (!failure?.isAxiosError) throw caught;
          const error = redact(
            failure.response
              ? fromAnswer(failure.response, where)
              : errorFromTransport({ code: failure.code, message: failure.message }, where, timeoutMs),
          );
          if (error.status === 429 && error.retryAfterMs !== undefined) limiter.retryAfter(error.retryAfterMs);
          const again = method === "get" && error.code === "network" && attempt < READ_ATTEMPTS;
          options.logger?.warn(
            { store: url.host, method, endpoint, status: error.status, kind: error.kind, code: error.code, attempt },
            again ? "WooCommerce call dropped; sending it again" : "WooCommerce call failed",
          );
          if (!again) throw error;
        }
      }
      options.logger?.debug?.(
        { store: url.host, method, endpoint, status: response.status, ms: Date.now() - started },
        "WooCommerce call",
      );
      const headers = plainHeaders(response.headers);
      // A 2xx that is not JSON: a page cache, a maintenance page, WordPress without pretty permalinks.
      if (typeof response.data === "string" || response.data === undefined || response.data === null)
        throw redact(errorFromForeignAnswer(response.status, response.data, where, {}));
      return { status: response.status, data: response.data, headers };
    },
  };
}

function fromAnswer(response: AxiosLikeResponse, where: string): WooError {
  const headers = plainHeaders(response.headers);
  const wpError = asWpError(response.data);
  if (wpError && response.status >= 400)
    return errorFromWpAnswer(response.status, wpError, where, parseRetryAfter(headers["retry-after"]));
  return errorFromForeignAnswer(response.status, response.data, where, {
    location: headers.location,
    retryAfter: headers["retry-after"],
  });
}
