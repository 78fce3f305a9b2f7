import { DEFAULT_BUCKET, SimBucket, type BucketConfig } from "./bucket";
import { addLocation } from "./catalog";
import type { ShopContext } from "./context";
import { Faults, hang, type FaultRates } from "./faults";
import { answerGraphql, type GraphqlAnswer, type GraphqlBody, type RequestLog } from "./graphql-endpoint";
import { accessTokenGrant, readForm, type OAuthApp } from "./oauth";
import { ShopHandle } from "./shop-handle";
import { createShopState, SimClock } from "./state";
import { TokenStore } from "./tokens";
import { WebhookDispatcher } from "./webhooks";

// The simulated Shopify platform: any number of stores, their Admin GraphQL API and OAuth endpoint behind one
// fetch-style handler (served by msw in tests or by a local HTTP server), and webhooks to the app.

export type ShopifySimOptions = {
  apiKey?: string;
  /** The app's client secret: signs webhooks and checks OAuth clients and session tokens. */
  apiSecret?: string;
  webhookUrl?: string;
  webhookTopics?: string[];
  webhookApiVersion?: string;
  bucket?: Partial<BucketConfig>;
  faults?: FaultRates;
  now?: () => number;
  accessTokenSeconds?: number;
  refreshTokenSeconds?: number;
};

export type NewShop = {
  domain?: string;
  name?: string;
  currency?: string;
  locations?: string[];
  /** A non-expiring token the store accepts, for tests that do not care about OAuth. */
  accessToken?: string;
  bucket?: Partial<BucketConfig>;
};

/** Told of a request as it arrives, before it is answered: a copy to read, and Date.now() at arrival. */
export type RequestListener = (request: Request, receivedAt: number) => void;

const UNAUTHORIZED = "[API] Invalid API key or access token (unrecognized login or wrong password)";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ShopifySim {
  readonly clock: SimClock;
  readonly faults = new Faults();
  readonly webhooks: WebhookDispatcher;
  readonly tokens: TokenStore;
  readonly app: OAuthApp;
  /** Every Admin API request answered, oldest first. */
  readonly requests: RequestLog[] = [];
  private readonly shops = new Map<string, ShopHandle>();
  private readonly requestListeners = new Set<RequestListener>();
  private readonly bucketDefaults: BucketConfig;
  private readonly now: () => number;

  constructor(options: ShopifySimOptions = {}) {
    this.now = options.now ?? Date.now;
    this.clock = new SimClock(this.now);
    this.app = { apiKey: options.apiKey, apiSecret: options.apiSecret };
    this.webhooks = new WebhookDispatcher({
      url: options.webhookUrl,
      secret: options.apiSecret ?? "sim-app-secret",
      apiVersion: options.webhookApiVersion ?? "2026-07",
      topics: options.webhookTopics,
    });
    this.tokens = new TokenStore(this.now, {
      accessSeconds: options.accessTokenSeconds ?? 3600,
      refreshSeconds: options.refreshTokenSeconds ?? 90 * 24 * 3600,
    });
    this.bucketDefaults = { ...DEFAULT_BUCKET, ...options.bucket };
    if (options.faults) this.faults.set(options.faults);
  }

  createShop(input: NewShop = {}): ShopHandle {
    const domain = (input.domain ?? `sim-${this.shops.size + 1}.myshopify.com`).toLowerCase();
    if (this.shops.has(domain)) throw new Error(`Shop ${domain} already exists`);
    const shop = createShopState({
      id: this.clock.id(),
      domain,
      name: input.name ?? domain.split(".")[0]!,
      currency: input.currency ?? "USD",
    });
    const ctx: ShopContext = {
      shop,
      clock: this.clock,
      emit: (webhook) => void this.webhooks.enqueue(domain, webhook),
    };
    const handle = new ShopHandle(
      ctx,
      new SimBucket({ ...this.bucketDefaults, ...input.bucket }, this.now),
      this.tokens,
      () => this.webhooks.flush(),
    );
    this.shops.set(domain, handle);
    for (const name of input.locations ?? ["Warehouse"]) addLocation(ctx, name);
    if (input.accessToken) this.tokens.addStatic(domain, input.accessToken);
    return handle;
  }

  shop(domain: string): ShopHandle {
    const handle = this.shops.get(domain.toLowerCase());
    if (!handle) throw new Error(`No simulated shop ${domain}`);
    return handle;
  }

  listShops(): string[] {
    return [...this.shops.keys()];
  }

  /** A GraphQL request to a shop's Admin API through the same handler, for tests that need no client. */
  async adminRequest(
    domain: string,
    query: string,
    variables: Record<string, unknown> = {},
    options: { accessToken: string; apiVersion?: string },
  ): Promise<{ status: number; body: unknown }> {
    const response = await this.handle(
      new Request(`https://${domain}/admin/api/${options.apiVersion ?? "2026-07"}/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": options.accessToken },
        body: JSON.stringify({ query, variables }),
      }),
    );
    return { status: response.status, body: await response.json() };
  }

  /** Which shop a request is for: its host when it is a myshopify domain, else the proxy header, else its token. */
  private shopFor(request: Request, token: string | null): string | undefined {
    const host = new URL(request.url).hostname.toLowerCase();
    if (host.endsWith(".myshopify.com")) return host;
    const forwarded = request.headers.get("x-forwarded-host")?.toLowerCase();
    if (forwarded) return forwarded;
    const byToken = this.tokens.shopOf(token);
    if (byToken) return byToken;
    return this.shops.size === 1 ? [...this.shops.keys()][0] : undefined;
  }

  /** Watches every request handle() gets (benchmarks time arrivals with it); returns a function that stops it. */
  onRequest(listener: RequestListener): () => void {
    this.requestListeners.add(listener);
    return () => this.requestListeners.delete(listener);
  }

  /** The whole HTTP surface: Admin GraphQL and OAuth. Anything else is a 404, as on a real shop. */
  async handle(request: Request): Promise<Response> {
    if (this.requestListeners.size > 0) {
      const receivedAt = Date.now();
      for (const listener of this.requestListeners) listener(request.clone(), receivedAt);
    }
    const path = new URL(request.url).pathname;
    if (request.method === "POST" && path === "/admin/oauth/access_token") return this.oauth(request);
    const match = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/.exec(path);
    if (request.method === "POST" && match) return this.graphql(request, match[1]!);
    return Response.json({ errors: "Not Found" }, { status: 404 });
  }

  private async oauth(request: Request): Promise<Response> {
    let form: Record<string, string>;
    try {
      form = await readForm(request);
    } catch {
      return Response.json({ error: "invalid_request", error_description: "Unreadable body" }, { status: 400 });
    }
    const answer = accessTokenGrant(form, {
      app: this.app,
      tokens: this.tokens,
      shopDomain: this.shopFor(request, null),
      knownShop: (domain) => this.shops.has(domain),
      now: this.now(),
    });
    return Response.json(answer.body, { status: answer.status });
  }

  private async graphql(request: Request, apiVersion: string): Promise<Response> {
    const token = request.headers.get("x-shopify-access-token");
    const domain = this.shopFor(request, token);
    const handle = domain ? this.shops.get(domain) : undefined;
    if (!handle) return Response.json({ errors: "Not Found" }, { status: 404 });
    if (this.tokens.shopOf(token) !== handle.domain) return Response.json({ errors: UNAUTHORIZED }, { status: 401 });
    let body: GraphqlBody;
    try {
      body = (await request.json()) as GraphqlBody;
    } catch {
      return Response.json({ errors: { query: "Required parameter missing or invalid" } }, { status: 400 });
    }
    const { fault, delayMs } = this.faults.next();
    if (delayMs > 0) await sleep(delayMs);
    if (fault?.kind === "timeout" && !fault.afterExecution) {
      this.requests.push({
        shop: handle.domain,
        operationName: null,
        requestedCost: null,
        status: 0,
        throttled: false,
        variables: body.variables,
      });
      await hang(request.signal, fault.hangMs);
      return Response.error();
    }
    // A timed-out request is logged with status 0, as the client saw it, whether or not it was carried out.
    const log = (entry: RequestLog) => this.requests.push(fault?.kind === "timeout" ? { ...entry, status: 0 } : entry);
    const env = { ...handle.ctx, apiVersion, origin: new URL(request.url).origin };
    const answer: GraphqlAnswer = answerGraphql(env, handle.bucket, body, fault, log);
    // Carried out, but the answer never leaves: the client times out on a write that happened.
    if (fault?.kind === "timeout") await hang(request.signal, fault.hangMs);
    if (answer.networkError || fault?.kind === "timeout") return Response.error();
    return Response.json(answer.body, { status: answer.status, headers: answer.headers });
  }
}

export function createShopifySim(options: ShopifySimOptions = {}): ShopifySim {
  return new ShopifySim(options);
}
