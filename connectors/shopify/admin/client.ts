import type { z } from "zod";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, retryAfterMs, type RetryPolicy } from "./backoff";
import { processCostBuckets, type CostBuckets } from "./cost-bucket";
import { GraphqlEnvelopeSchema, isThrottled, type GraphqlEnvelope, type QueryCost } from "./envelope";
import {
  ShopifyGraphqlError,
  ShopifyHttpError,
  ShopifyResponseError,
  ShopifyRetriesExhaustedError,
  type GraphqlErrorEntry,
} from "./errors";

export const SHOPIFY_API_VERSION = "2026-07";

export type AdminLogger = { warn(obj: object, msg?: string): void; debug?(obj: object, msg?: string): void };

/** A fixed token, or a function asked before every attempt (so a long run picks up a refreshed token). */
export type AccessToken = string | (() => Promise<string>);

export type ShopifyAdminOptions = {
  shopDomain: string;
  accessToken: AccessToken;
  apiVersion?: string;
  /** Development and tests: send requests to this origin instead of https://<shop> (plain http allowed). */
  origin?: string;
  fetch?: typeof fetch;
  logger?: AdminLogger;
  retry?: Partial<RetryPolicy>;
  /** Per attempt; a request that takes longer is aborted and retried like a network error. */
  timeoutMs?: number;
  /** Shared cost buckets; the process-wide ones by default. */
  buckets?: CostBuckets;
  // Clock, sleep and randomness are injectable so tests can check every wait without waiting.
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
};

export type RequestOptions<S extends z.ZodType> = {
  schema: S;
  /** Expected requested cost; by default the cost Shopify reported the last time this query ran. */
  cost?: number;
  /**
   * Whether a 5xx or a timeout may be retried. Queries and @idempotent mutations always may; other mutations only
   * when the caller says so, since the first attempt may have run.
   */
  idempotent?: boolean;
  signal?: AbortSignal;
};

export type ShopifyAdminResponse<T> = { data: T; cost: QueryCost | undefined; attempts: number };

export type ShopifyAdmin = {
  readonly shopDomain: string;
  readonly endpoint: string;
  request<S extends z.ZodType>(
    query: string,
    variables: Record<string, unknown> | undefined,
    options: RequestOptions<S>,
  ): Promise<ShopifyAdminResponse<z.output<S>>>;
};

type Attempt =
  | { kind: "done"; envelope: GraphqlEnvelope }
  | { kind: "retry"; reason: string; delayMs?: number; unsafe?: boolean; cause?: unknown };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isMutation(query: string): boolean {
  return /^\s*mutation\b/.test(query.replace(/#[^\n]*/g, ""));
}

export function createShopifyAdmin(options: ShopifyAdminOptions): ShopifyAdmin {
  const shopDomain = options.shopDomain.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(shopDomain))
    throw new Error(`"${options.shopDomain}" is not a shop domain`);
  const apiVersion = options.apiVersion ?? SHOPIFY_API_VERSION;
  const base = options.origin ? new URL(options.origin).origin : `https://${shopDomain}`;
  const endpoint = `${base}/admin/api/${apiVersion}/graphql.json`;
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  // Looked up per call so an interceptor installed after this client was made (msw in tests) still sees requests.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const bucket = (options.buckets ?? processCostBuckets).for(shopDomain);

  async function token(): Promise<string> {
    return typeof options.accessToken === "string" ? options.accessToken : options.accessToken();
  }

  async function attempt(query: string, variables: unknown, signal: AbortSignal | undefined): Promise<Attempt> {
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      Accept: "application/json",
      "X-Shopify-Access-Token": await token(),
    };
    // Behind SHOPIFY_ADMIN_ORIGIN the host no longer names the shop; a proxy-style header keeps it.
    if (options.origin) headers["X-Forwarded-Host"] = shopDomain;
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(endpoint, {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables: variables ?? {} }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      const reason = timeout.aborted ? `timed out after ${timeoutMs} ms` : `network error: ${String(error)}`;
      return { kind: "retry", reason, unsafe: true, cause: error };
    }
    const retryAfter = retryAfterMs(response.headers.get("retry-after"), now());
    if (response.status === 429) return { kind: "retry", reason: "HTTP 429", delayMs: retryAfter };
    if (response.status >= 500) {
      return { kind: "retry", reason: `HTTP ${response.status}`, delayMs: retryAfter, unsafe: true };
    }
    if (!response.ok) throw new ShopifyHttpError(shopDomain, response.status, text);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ShopifyResponseError(shopDomain, `HTTP ${response.status} body is not JSON: ${text.slice(0, 200)}`);
    }
    const envelope = GraphqlEnvelopeSchema.safeParse(json);
    if (!envelope.success) throw new ShopifyResponseError(shopDomain, "not a GraphQL response", envelope.error.issues);
    const cost = envelope.data.extensions?.cost;
    if (cost) bucket.observe(cost.throttleStatus, now());
    if (isThrottled(envelope.data)) {
      if (cost) bucket.learnCost(query, cost.requestedQueryCost);
      // Without a cost report the bucket cannot say how long; fall back to the backoff.
      return { kind: "retry", reason: "THROTTLED", delayMs: cost ? 0 : undefined };
    }
    return { kind: "done", envelope: envelope.data };
  }

  async function request<S extends z.ZodType>(
    query: string,
    variables: Record<string, unknown> | undefined,
    requestOptions: RequestOptions<S>,
  ): Promise<ShopifyAdminResponse<z.output<S>>> {
    const retrySafe = requestOptions.idempotent ?? (!isMutation(query) || /@idempotent\b/.test(query));
    let lastFailure = "";
    let lastCause: unknown;
    for (let attemptNo = 1; attemptNo <= policy.maxAttempts; attemptNo++) {
      const wait = bucket.reserve(requestOptions.cost ?? bucket.costOf(query), now());
      if (wait > 0) {
        options.logger?.debug?.({ shop: shopDomain, waitMs: wait }, "waiting for the Shopify cost bucket");
        await sleep(wait);
      }
      const outcome = await attempt(query, variables, requestOptions.signal);
      if (outcome.kind === "done") return finish(outcome.envelope, requestOptions.schema, attemptNo, query);
      lastFailure = outcome.reason;
      lastCause = outcome.cause;
      if (outcome.unsafe && !retrySafe) {
        throw new ShopifyRetriesExhaustedError(shopDomain, attemptNo, `${outcome.reason} (not retried: mutation)`, {
          cause: outcome.cause,
        });
      }
      if (attemptNo === policy.maxAttempts) break;
      const delay = outcome.delayMs ?? backoffDelayMs(attemptNo, policy, random);
      options.logger?.warn(
        { shop: shopDomain, attempt: attemptNo, reason: outcome.reason, delayMs: delay },
        "Shopify request failed; retrying",
      );
      if (delay > 0) await sleep(delay);
    }
    throw new ShopifyRetriesExhaustedError(shopDomain, policy.maxAttempts, lastFailure, { cause: lastCause });
  }

  function finish<S extends z.ZodType>(envelope: GraphqlEnvelope, schema: S, attempts: number, query: string) {
    const cost = envelope.extensions?.cost;
    if (cost) bucket.learnCost(query, cost.requestedQueryCost);
    if (envelope.errors?.length) {
      throw new ShopifyGraphqlError(shopDomain, envelope.errors as GraphqlErrorEntry[], envelope.data);
    }
    const parsed = schema.safeParse(envelope.data);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first ? `${first.path.join(".") || "data"}: ${first.message}` : "invalid";
      throw new ShopifyResponseError(shopDomain, where, parsed.error.issues);
    }
    return { data: parsed.data as z.output<S>, cost, attempts };
  }

  return { shopDomain, endpoint, request };
}
